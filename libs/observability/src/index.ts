export * from './bootstrap';
export * from './health.controller';
export * from './health.module';
export * from './logging.module';
export * from './metrics';
export * from './metrics.controller';
export * from './metrics.interceptor';
export * from './redact';
