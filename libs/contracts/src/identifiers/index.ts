export * from './akasse-codes';
export * from './company-numbers';
export * from './contact-details';
export * from './cpr';
export * from './message-identifiers';
export * from './municipality-codes';
export * from './validation-result';
