export * from './exchange-facts';
export * from './judge-message';
export * from './partner-message';
