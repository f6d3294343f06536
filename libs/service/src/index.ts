export * from './hub-service.module';
export * from './periodic-task';
export * from './run-hub-service';
