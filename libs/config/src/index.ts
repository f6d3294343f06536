export * from './hub-config.module';
export * from './load-config';
