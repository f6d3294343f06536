export * from './judge-message';
