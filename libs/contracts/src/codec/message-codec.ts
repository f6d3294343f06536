import * as avro from 'avsc';

import { defaultSchemasDir } from '../repo-paths';
import { crc64Avro, fingerprintBytes, fingerprintHex } from './crc64-avro';
import {
  InvalidBodyError,
  InvalidValueError,
  TrailingBytesError,
  TruncatedMessageError,
  UnknownFingerprintError,
  UnknownKindError,
  WrongMarkerError,
} from './errors';
import { assertItemsTakeBytes, hardenAvscReaders } from './hardening';
import { fromJsonForm, JsonValue, toJsonForm } from './json-form';
import { LOGICAL_TYPES } from './logical-types';
import { loadSchemaSource, SchemaJson } from './schema-loader';
import { compileTextLimits, TextLimitCheck, TextTooLong } from './text-limits';

hardenAvscReaders();

/** Avro single-object encoding (spec, "Single object encoding"): C3 01, 8-byte LE CRC-64-AVRO, body. */
const MARKER = Buffer.from([0xc3, 0x01]);
const HEADER_LENGTH = MARKER.length + 8;

export interface DecodedMessage<K extends string = string, V = unknown> {
  kind: K;
  value: V;
  /** Fingerprint (hex, as carried on the wire) of the schema the sender wrote with. */
  writerFingerprint: string;
  /** True when the sender wrote with an earlier released version and the value was resolved. */
  resolvedFromHistory: boolean;
}

interface Writer {
  kind: string;
  type: avro.Type;
  resolver?: avro.Resolver;
  fromHistory: boolean;
}

interface KindEntry {
  type: avro.Type;
  /** The schema's free-text limits (hub.maxLength), which avsc does not keep. */
  textLimits: TextLimitCheck;
  fingerprint: bigint;
  header: Buffer;
  canonical: string;
}

export function parseSchema(schema: SchemaJson): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { logicalTypes: LOGICAL_TYPES, wrapUnions: false });
}

/** The Parsing Canonical Form of a parsed type (avsc's schema() without attributes is that form). */
export function canonicalForm(type: avro.Type): string {
  return JSON.stringify(type.schema());
}

/**
 * Encodes and decodes every message the hub reads or writes. Kinds are '<folder>.<RecordName>'
 * (see schemas/README.md). Decoding is the one place messages are validated; it throws only
 * CodecError subclasses, each permanent, so consumers dead-letter instead of retrying.
 */
export class MessageCodec<TMap extends object = Record<string, unknown>> {
  private readonly byKind = new Map<string, KindEntry>();
  private readonly byFingerprint = new Map<string, Writer>();

  private constructor(
    kinds: { kind: string; schema: SchemaJson }[],
    history: { kind: string; schema: SchemaJson; file: string }[],
  ) {
    for (const { kind, schema } of kinds) {
      const type = parseSchema(schema);
      assertItemsTakeBytes(type, kind);
      const canonical = canonicalForm(type);
      const fingerprint = crc64Avro(canonical);
      const header = Buffer.concat([MARKER, fingerprintBytes(fingerprint)]);
      const textLimits = compileTextLimits(schema, kind);
      this.byKind.set(kind, { type, textLimits, fingerprint, header, canonical });
      this.byFingerprint.set(header.subarray(MARKER.length).toString('hex'), {
        kind,
        type,
        fromHistory: false,
      });
    }
    for (const { kind, schema, file } of history) {
      const current = this.byKind.get(kind);
      if (!current) throw new Error(`${file}: history for ${kind}, which is no longer a message kind`);
      const writerType = parseSchema(schema);
      assertItemsTakeBytes(writerType, file);
      const hex = fingerprintHex(crc64Avro(canonicalForm(writerType)));
      if (this.byFingerprint.has(hex)) continue; // Same as the current version or another history entry.
      let resolver: avro.Resolver;
      try {
        resolver = current.type.createResolver(writerType);
      } catch (error) {
        throw new Error(
          `${file}: the current ${kind} schema cannot read this version: ${(error as Error).message}`,
        );
      }
      this.byFingerprint.set(hex, { kind, type: writerType, resolver, fromHistory: true });
    }
  }

  /** Loads every message kind and its released history from a schemas folder (default: the repo's). */
  static load<TMap extends object = Record<string, unknown>>(
    schemasDir: string = defaultSchemasDir(),
  ): MessageCodec<TMap> {
    const source = loadSchemaSource(schemasDir);
    return new MessageCodec<TMap>(source.kinds, source.history);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  hasKind(kind: string): kind is Extract<keyof TMap, string> {
    return this.byKind.has(kind);
  }

  fingerprintOf(kind: Extract<keyof TMap, string>): string {
    return fingerprintHex(this.entry(kind).fingerprint);
  }

  canonicalFormOf(kind: Extract<keyof TMap, string>): string {
    return this.entry(kind).canonical;
  }

  /** The parsed Avro type of the current schema of `kind` (for tooling and tests that walk values). */
  typeOf(kind: Extract<keyof TMap, string>): avro.Type {
    return this.entry(kind).type;
  }

  /** Problems with a value for `kind`, each with the path of the bad field; empty when valid. */
  validate(kind: Extract<keyof TMap, string>, value: unknown): string[] {
    const problems: string[] = [];
    this.entry(kind).type.isValid(value, {
      // Names the field, never the value: this text becomes a dead letter's reason, a rejection
      // receipt and an event, and a field can hold anything, a CPR number included.
      errorHook: (path: string[], _bad: unknown, type: avro.Type) => {
        const where = path.length > 0 ? path.join('.') : '(root)';
        problems.push(`${where}: not a valid ${describeType(type)}`);
      },
    });
    return problems;
  }

  /**
   * Every text in a value of `kind` longer than the schema allows (`hub.maxLength`, see
   * text-limits.ts), with its path and limit; empty when none is. Separate from `validate`: the value
   * is valid Avro (any reader can decode it), and the hub refuses it with a reason of its own,
   * TEXT_TOO_LONG, where it reads a partner's message.
   */
  findTextTooLong(kind: Extract<keyof TMap, string>, value: unknown): TextTooLong[] {
    return this.entry(kind).textLimits(value);
  }

  /**
   * The value a message's JSON form stands for (see json-form.ts), validated: throws InvalidValueError
   * naming every unknown, missing or invalid field.
   */
  fromJson<K extends Extract<keyof TMap, string>>(kind: K, json: unknown): TMap[K] {
    const problems: string[] = [];
    const value = fromJsonForm(this.entry(kind).type, json, problems);
    if (problems.length === 0) problems.push(...this.validate(kind, value));
    if (problems.length > 0) throw new InvalidValueError(kind, problems);
    return value as TMap[K];
  }

  /** The JSON form of a value of `kind`: what JSON.stringify should be given. */
  toJson<K extends Extract<keyof TMap, string>>(kind: K, value: TMap[K]): JsonValue {
    return toJsonForm(this.entry(kind).type, value);
  }

  encode<K extends Extract<keyof TMap, string>>(kind: K, value: TMap[K]): Buffer {
    const entry = this.entry(kind);
    // The plain check first: tracking every field's path for the error text costs as much again,
    // and is only needed for a value that is invalid.
    if (!entry.type.isValid(value)) throw new InvalidValueError(kind, this.validate(kind, value));
    const body = entry.type.toBuffer(value);
    const bytes = Buffer.allocUnsafe(entry.header.length + body.length);
    entry.header.copy(bytes, 0);
    body.copy(bytes, entry.header.length);
    return bytes;
  }

  decode(bytes: Buffer): DecodedMessage<Extract<keyof TMap, string>, TMap[Extract<keyof TMap, string>]> {
    if (bytes.length < MARKER.length || bytes[0] !== MARKER[0] || bytes[1] !== MARKER[1]) {
      throw new WrongMarkerError(bytes.subarray(0, MARKER.length));
    }
    if (bytes.length < HEADER_LENGTH) {
      throw new TruncatedMessageError(`${bytes.length} bytes, shorter than the ${HEADER_LENGTH}-byte header`);
    }
    const fingerprint = bytes.subarray(MARKER.length, HEADER_LENGTH).toString('hex');
    const writer = this.byFingerprint.get(fingerprint);
    if (!writer) throw new UnknownFingerprintError(fingerprint);
    const reader = this.byKind.get(writer.kind) as KindEntry;
    const body = bytes.subarray(HEADER_LENGTH);
    let decoded: { value: unknown; offset: number };
    try {
      decoded = writer.resolver ? reader.type.decode(body, 0, writer.resolver) : reader.type.decode(body, 0);
    } catch (error) {
      throw new InvalidBodyError(writer.kind, (error as Error).message);
    }
    if (decoded.offset < 0) throw new TruncatedMessageError(`the ${writer.kind} body ends early`);
    if (decoded.offset < body.length) throw new TrailingBytesError(writer.kind, body.length - decoded.offset);
    // Logical types may reject what the bytes hold (an out-of-range date, a malformed uuid).
    const problems = this.validate(writer.kind as Extract<keyof TMap, string>, decoded.value);
    if (problems.length > 0) throw new InvalidValueError(writer.kind, problems);
    return {
      kind: writer.kind as Extract<keyof TMap, string>,
      value: decoded.value as TMap[Extract<keyof TMap, string>],
      writerFingerprint: fingerprint,
      resolvedFromHistory: writer.fromHistory,
    };
  }

  private entry(kind: string): KindEntry {
    const entry = this.byKind.get(kind);
    if (!entry) throw new UnknownKindError(kind);
    return entry;
  }
}

function describeType(type: avro.Type): string {
  if (avro.Type.isType(type, 'union')) {
    return (type as avro.types.UnwrappedUnionType).types.map(describeType).join(' or ');
  }
  return type.name ?? type.typeName.replace(/^logical:/, '');
}
