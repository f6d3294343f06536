export * from './codec/crc64-avro';
export * from './codec/errors';
export { MessageCodec, canonicalForm, parseSchema } from './codec/message-codec';
export type { DecodedMessage, WriterSchema } from './codec/message-codec';
export * from './codec/schema-ids';
export * from './codec/schema-registry-client';
export { fromJsonForm, toJsonForm } from './codec/json-form';
export type { JsonValue } from './codec/json-form';
export { findNulTextPaths } from './codec/storable-text';
export {
  characterCount,
  describeTextTooLong,
  fieldMaxLength,
  MAX_LENGTH_ATTRIBUTE,
  maxLengthOf,
  TEXT_TOO_LONG,
} from './codec/text-limits';
export type { TextTooLong } from './codec/text-limits';
export { loadSchemaSource } from './codec/schema-loader';
export type { KindSchema, HistoricalSchema, SchemaJson, SchemaSource } from './codec/schema-loader';
export * from './catalog/reason-codes';
export * from './catalog/reason-codes-reference';
export * from './kind-channel';
export * from './compat/release';
export * from './compat/schema-compat';
export * from './examples';
export * from './generated/messages';
export * from './headers';
export * from './header-text';
export * from './identifiers';
export * from './repo-paths';
export * from './topics';
export * from './hub-codec';
export * from './principals';
