export * from './deterministic-id';
export * from './duration';
export * from './errors';
