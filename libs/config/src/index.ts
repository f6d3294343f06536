export * from './hub-config.module';
export * from './load-config';
export * from './partner-api-keys';
export * from './hub-clock';
export * from './settings-reference';
