export * from './deterministic-id';
export * from './errors';
