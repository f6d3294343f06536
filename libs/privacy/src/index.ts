export * from './pseudonym';
