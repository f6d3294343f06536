import { join } from 'node:path';

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
  UnknownSchemaIdError,
  WrongMarkerError,
} from './errors';
import { assertItemsTakeBytes, hardenAvscReaders } from './hardening';
import { fromJsonForm, JsonValue, toJsonForm } from './json-form';
import { LOGICAL_TYPES } from './logical-types';
import { loadSchemaSource, SchemaJson } from './schema-loader';
import { compileTextLimits, TextLimitCheck, TextTooLong } from './text-limits';
import {
  DEFAULT_WIRE_FRAMING,
  readSchemaIdFile,
  REGISTRY_HEADER_LENGTH,
  REGISTRY_MAGIC_BYTE,
  registryHeader,
  SCHEMA_ID_FILE,
  SchemaIdEntry,
  SchemaIdTable,
  WireFraming,
} from './schema-ids';

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
  /** How the bytes were framed; for schema-registry framing, `schemaId` is the id they carried. */
  framing: WireFraming;
  schemaId?: number;
}

interface Writer {
  kind: string;
  type: avro.Type;
  resolver?: avro.Resolver;
  fromHistory: boolean;
}

/** A writer schema the codec reads, for the schema id table and `hub schemas register`. */
export interface WriterSchema {
  kind: string;
  /** The released version it is, or 'current' for a current schema not released yet. */
  version: string;
  fingerprint: string;
  schema: SchemaJson;
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
  private readonly writers = new Map<string, WriterSchema>();
  private schemaIds: SchemaIdTable | undefined;

  private constructor(
    kinds: { kind: string; schema: SchemaJson }[],
    history: { kind: string; schema: SchemaJson; file: string; version: string }[],
    schemaIds: SchemaIdTable | undefined,
  ) {
    for (const { kind, schema } of kinds) {
      const type = parseSchema(schema);
      assertItemsTakeBytes(type, kind);
      const canonical = canonicalForm(type);
      const fingerprint = crc64Avro(canonical);
      const header = Buffer.concat([MARKER, fingerprintBytes(fingerprint)]);
      const textLimits = compileTextLimits(schema, kind);
      this.byKind.set(kind, { type, textLimits, fingerprint, header, canonical });
      const hex = header.subarray(MARKER.length).toString('hex');
      this.byFingerprint.set(hex, { kind, type, fromHistory: false });
      this.writers.set(hex, { kind, version: 'current', fingerprint: hex, schema });
    }
    for (const { kind, schema, file, version } of history) {
      const current = this.byKind.get(kind);
      if (!current) throw new Error(`${file}: history for ${kind}, which is no longer a message kind`);
      const writerType = parseSchema(schema);
      assertItemsTakeBytes(writerType, file);
      const hex = fingerprintHex(crc64Avro(canonicalForm(writerType)));
      const known = this.writers.get(hex);
      // The current schema released as this version: name it by its version.
      if (known?.version === 'current') this.writers.set(hex, { ...known, version });
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
      this.writers.set(hex, { kind, version, fingerprint: hex, schema });
    }
    if (schemaIds) this.useSchemaIds(schemaIds);
  }

  /** Loads every message kind and its released history from a schemas folder (default: the repo's). */
  static load<TMap extends object = Record<string, unknown>>(
    schemasDir: string = defaultSchemasDir(),
  ): MessageCodec<TMap> {
    const source = loadSchemaSource(schemasDir);
    const schemaIds = readSchemaIdFile(join(schemasDir, SCHEMA_ID_FILE), `schemas/${SCHEMA_ID_FILE}`);
    return new MessageCodec<TMap>(source.kinds, source.history, schemaIds);
  }

  /** Every writer schema the codec reads (current and released), oldest release first per kind. */
  writerSchemas(): WriterSchema[] {
    return [...this.writers.values()];
  }

  /**
   * Reads and writes schema-registry framing with these ids from now on (a live registry's, in
   * place of the committed table). Every id must name a schema the codec reads.
   */
  useSchemaIds(table: SchemaIdTable): void {
    for (const entry of table.entries()) {
      if (!this.writers.has(entry.fingerprint)) {
        throw new Error(
          `${table.source}: schema id ${entry.id} (${entry.kind} version ${entry.version}) names a schema the hub does not read`,
        );
      }
    }
    this.schemaIds = table;
  }

  /** The ids in use, if any. */
  schemaIdTable(): SchemaIdTable | undefined {
    return this.schemaIds;
  }

  /** Writer schemas without a registry id in the table in use (all of them without a table). */
  writersWithoutSchemaId(): WriterSchema[] {
    return this.writerSchemas().filter((writer) => this.schemaIds?.idOf(writer.fingerprint) === undefined);
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

  encode<K extends Extract<keyof TMap, string>>(
    kind: K,
    value: TMap[K],
    framing: WireFraming = DEFAULT_WIRE_FRAMING,
  ): Buffer {
    const entry = this.entry(kind);
    // The plain check first: tracking every field's path for the error text costs as much again,
    // and is only needed for a value that is invalid.
    if (!entry.type.isValid(value)) throw new InvalidValueError(kind, this.validate(kind, value));
    const header =
      framing === 'single-object' ? entry.header : this.registryHeaderFor(fingerprintHex(entry.fingerprint));
    return encodeFramed(header, entry.type, value);
  }

  /**
   * The same message in another framing: only the header changes, the writer's Avro body is kept
   * byte for byte. Throws a CodecError for bytes it cannot read the header of.
   */
  reframe(bytes: Buffer, framing: WireFraming): Buffer {
    const { fingerprint, bodyStart, framing: found } = this.readHeader(bytes);
    if (found === framing) return bytes;
    const header =
      framing === 'single-object'
        ? Buffer.concat([MARKER, Buffer.from(fingerprint, 'hex')])
        : this.registryHeaderFor(fingerprint);
    return Buffer.concat([header, bytes.subarray(bodyStart)]);
  }

  decode(bytes: Buffer): DecodedMessage<Extract<keyof TMap, string>, TMap[Extract<keyof TMap, string>]> {
    const { fingerprint, bodyStart, framing, schemaId } = this.readHeader(bytes);
    const writer = this.byFingerprint.get(fingerprint);
    if (!writer) throw new UnknownFingerprintError(fingerprint);
    const reader = this.byKind.get(writer.kind) as KindEntry;
    const body = bytes.subarray(bodyStart);
    let decoded: { value: unknown; offset: number };
    try {
      decoded = writer.resolver ? reader.type.decode(body, 0, writer.resolver) : reader.type.decode(body, 0);
    } catch (error) {
      throw new InvalidBodyError(writer.kind, (error as Error).message);
    }
    if (decoded.offset < 0) throw new TruncatedMessageError(`the ${writer.kind} body ends early`);
    if (decoded.offset < body.length) throw new TrailingBytesError(writer.kind, body.length - decoded.offset);
    // Logical types may reject what the bytes hold (an out-of-range date, a malformed uuid). The
    // plain check first, as in encode: the paths for the error text are only needed for a bad value.
    if (!reader.type.isValid(decoded.value)) {
      throw new InvalidValueError(
        writer.kind,
        this.validate(writer.kind as Extract<keyof TMap, string>, decoded.value),
      );
    }
    return {
      kind: writer.kind as Extract<keyof TMap, string>,
      value: decoded.value as TMap[Extract<keyof TMap, string>],
      writerFingerprint: fingerprint,
      resolvedFromHistory: writer.fromHistory,
      framing,
      ...(schemaId === undefined ? {} : { schemaId }),
    };
  }

  /**
   * The framing of `bytes` and the fingerprint of the schema that wrote them. The first byte tells
   * the framings apart: C3 (single-object, then 01) or 00 (schema registry); no valid message of
   * either starts otherwise.
   */
  private readHeader(bytes: Buffer): {
    framing: WireFraming;
    fingerprint: string;
    bodyStart: number;
    schemaId?: number;
  } {
    if (bytes.length >= 1 && bytes[0] === REGISTRY_MAGIC_BYTE) {
      if (bytes.length < REGISTRY_HEADER_LENGTH) {
        throw new TruncatedMessageError(
          `${bytes.length} bytes, shorter than the ${REGISTRY_HEADER_LENGTH}-byte schema-registry header`,
        );
      }
      const schemaId = bytes.readUInt32BE(1);
      const entry: SchemaIdEntry | undefined = this.schemaIds?.entry(schemaId);
      if (!entry) throw new UnknownSchemaIdError(schemaId, this.schemaIds?.source);
      return {
        framing: 'schema-registry',
        fingerprint: entry.fingerprint,
        bodyStart: REGISTRY_HEADER_LENGTH,
        schemaId,
      };
    }
    if (bytes.length < MARKER.length || bytes[0] !== MARKER[0] || bytes[1] !== MARKER[1]) {
      throw new WrongMarkerError(bytes.subarray(0, MARKER.length));
    }
    if (bytes.length < HEADER_LENGTH) {
      throw new TruncatedMessageError(`${bytes.length} bytes, shorter than the ${HEADER_LENGTH}-byte header`);
    }
    return {
      framing: 'single-object',
      fingerprint: bytes.subarray(MARKER.length, HEADER_LENGTH).toString('hex'),
      bodyStart: HEADER_LENGTH,
    };
  }

  private registryHeaderFor(fingerprint: string): Buffer {
    const id = this.schemaIds?.idOf(fingerprint);
    if (id === undefined) {
      // Not a CodecError: every schema the hub reads has an id (the schema id table's unit test,
      // and `hub schemas register` registers all), so this is the hub's own misconfiguration.
      const writer = this.writers.get(fingerprint);
      throw new Error(
        `no schema id for ${writer ? `${writer.kind} version ${writer.version}` : `fingerprint ${fingerprint}`}${
          this.schemaIds ? ` in ${this.schemaIds.source}` : ': this hub has no schema id table'
        }`,
      );
    }
    return registryHeader(id);
  }

  private entry(kind: string): KindEntry {
    const entry = this.byKind.get(kind);
    if (!entry) throw new UnknownKindError(kind);
    return entry;
  }
}

/**
 * Where every encode writes before its one copy out. avsc's own toBuffer writes into a 1 KiB buffer
 * and, for a larger value (a routed copy carries the partner's whole message and the findings' texts),
 * writes it all a second time into one of the right size: an in-process profile of the router's
 * routing had about a quarter of it in avsc's toBuffer. Grown when a value does not fit and never
 * shrunk, so it stays the size of the largest value encoded (the services' records are limited to
 * about a megabyte, record-limits.ts in libs/kafka); encoding is synchronous, so one is enough.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** The header and the Avro body of `value` in one buffer of exactly their length. */
function encodeFramed(header: Buffer, type: avro.Type, value: unknown): Buffer {
  header.copy(scratch, 0);
  let end = type.encode(value, scratch, header.length);
  if (end < 0) {
    // avsc returns how many bytes were missing, as a negative number.
    scratch = Buffer.allocUnsafeSlow(Math.max(scratch.length * 2, scratch.length - end));
    header.copy(scratch, 0);
    end = type.encode(value, scratch, header.length);
  }
  const bytes = Buffer.allocUnsafe(end);
  scratch.copy(bytes, 0, 0, end);
  return bytes;
}

function describeType(type: avro.Type): string {
  if (avro.Type.isType(type, 'union')) {
    return (type as avro.types.UnwrappedUnionType).types.map(describeType).join(' or ');
  }
  return type.name ?? type.typeName.replace(/^logical:/, '');
}
