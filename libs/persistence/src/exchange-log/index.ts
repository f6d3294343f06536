export * from './dead-letter.repository';
export * from './exchange-log-sql';
export * from './exchange-log.repository';
