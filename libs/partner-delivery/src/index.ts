export * from './adapter-app';
export * from './partner-client';
export * from './partner-document';
export * from './signature';
