export * from './bootstrap';
export * from './health.controller';
export * from './health.module';
export * from './logging.module';
export * from './redact';
