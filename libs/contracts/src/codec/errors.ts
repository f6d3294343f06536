/**
 * Typed decode/encode errors. Every one of them is permanent: the same bytes will never decode,
 * so a consumer sends the message to the dead-letter topic instead of retrying it.
 * `code` is the machine-readable reason carried in dead-letter headers and rejection receipts.
 */
export type CodecErrorCode =
  | 'WRONG_MARKER'
  | 'TRUNCATED'
  | 'UNKNOWN_SCHEMA'
  | 'UNKNOWN_SCHEMA_ID'
  | 'TRAILING_BYTES'
  | 'INVALID_BODY'
  | 'INVALID_VALUE'
  | 'UNKNOWN_KIND';

export abstract class CodecError extends Error {
  abstract readonly code: CodecErrorCode;
  readonly permanent = true;
}

export class WrongMarkerError extends CodecError {
  readonly code = 'WRONG_MARKER';
  constructor(found: Buffer) {
    super(
      `neither Avro single-object encoding (marker c3 01) nor schema-registry framing (magic byte 00): found ${found.toString('hex') || 'nothing'}`,
    );
  }
}

export class TruncatedMessageError extends CodecError {
  readonly code = 'TRUNCATED';
  constructor(detail: string) {
    super(`message is truncated: ${detail}`);
  }
}

export class UnknownFingerprintError extends CodecError {
  readonly code = 'UNKNOWN_SCHEMA';
  constructor(readonly fingerprint: string) {
    super(`unknown schema fingerprint ${fingerprint}: the writer's schema is not one the hub knows`);
  }
}

/** Schema-registry framing (schema-ids.ts) naming a schema id the hub has no writer schema for. */
export class UnknownSchemaIdError extends CodecError {
  readonly code = 'UNKNOWN_SCHEMA_ID';
  constructor(
    readonly schemaId: number,
    tableSource: string | undefined,
  ) {
    super(
      tableSource
        ? `unknown schema id ${schemaId}: not one of the hub's registered schemas (${tableSource})`
        : `schema-registry framing with schema id ${schemaId}, but this hub has no schema id table`,
    );
  }
}

export class TrailingBytesError extends CodecError {
  readonly code = 'TRAILING_BYTES';
  constructor(kind: string, extra: number) {
    super(`${extra} unexpected byte(s) after the end of the ${kind} body`);
  }
}

export class InvalidBodyError extends CodecError {
  readonly code = 'INVALID_BODY';
  constructor(kind: string, cause: string) {
    super(`the ${kind} body cannot be read: ${cause}`);
  }
}

/**
 * The most problems an INVALID_VALUE message names; the rest are counted. The message becomes a dead
 * letter's reason header, a rejection receipt and an event: garbage that claims a million invalid
 * array items must not make it a record larger than the broker takes.
 */
const PROBLEMS_NAMED = 10;

export class InvalidValueError extends CodecError {
  readonly code = 'INVALID_VALUE';
  constructor(
    kind: string,
    readonly problems: readonly string[],
  ) {
    const more = problems.length > PROBLEMS_NAMED ? `; and ${problems.length - PROBLEMS_NAMED} more` : '';
    super(`not a valid ${kind}: ${problems.slice(0, PROBLEMS_NAMED).join('; ')}${more}`);
  }
}

export class UnknownKindError extends CodecError {
  readonly code = 'UNKNOWN_KIND';
  constructor(kind: string) {
    super(`unknown message kind ${kind}`);
  }
}
