export * from './data-source';
export * from './exchange-log';
export * from './mail-outbox/mail-outbox.entity';
export * from './persistence.module';
export * from './database-errors';
export * from './mail-outbox/mail-outbox.repository';
export * from './message-claims/message-claim.repository';
export * from './delivery-queue';
