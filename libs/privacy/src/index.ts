export * from './deterministic-id';
export * from './pseudonym';
