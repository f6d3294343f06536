import * as avro from 'avsc';

import { civilFromDays, daysFromCivil, isCivilDate } from './civil-date';

/**
 * Logical types as the hub's TypeScript sees them. They are chosen so that a message's JSON form
 * (the examples in schemas/README.md, the CLI's input) and its decoded value are the same thing:
 *   date              ⇄ 'YYYY-MM-DD'              (days since 1970-01-01)
 *   timestamp-millis  ⇄ ISO 8601 UTC string       ('2025-03-03T08:15:00.000Z')
 *   decimal           ⇄ decimal string in DKK     ('12500.00'), exact, never a float
 *   uuid              ⇄ lower-case UUID string
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Day numbers of the years 0000-9999, the ones a 'YYYY-MM-DD' string can name. */
const FIRST_DAY = daysFromCivil(0, 1, 1);
const LAST_DAY = daysFromCivil(9999, 12, 31);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isoDateToDays(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Reject dates that do not exist, such as 2025-02-30 (Date.UTC would silently roll it over).
  if (!isCivilDate(year, month, day)) return undefined;
  return daysFromCivil(year, month, day);
}

export class DateType extends avro.types.LogicalType {
  protected override _fromValue(days: number): string {
    if (days < FIRST_DAY || days > LAST_DAY) return new Date(days * DAY_MS).toISOString().slice(0, 10);
    return civilFromDays(days);
  }
  protected override _toValue(value: unknown): number | undefined {
    return isoDateToDays(value);
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'int', 'logical:date')) return (value) => value;
    return undefined;
  }
}

export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(ms: number): string {
    return new Date(ms).toISOString();
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const ms = Date.parse(value);
    // Only full ISO timestamps with an explicit zone: a bare local time would be ambiguous.
    if (Number.isNaN(ms) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
    return ms;
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'long', 'logical:timestamp-millis')) return (value) => value;
    return undefined;
  }
}

export class UuidType extends avro.types.LogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: unknown): string | undefined {
    return typeof value === 'string' && UUID.test(value) ? value : undefined;
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'string', 'logical:uuid')) return (value) => value;
    return undefined;
  }
}

interface DecimalSchema {
  precision?: number;
  scale?: number;
}

/** Avro decimal on bytes: a big-endian two's-complement unscaled integer; exposed as a decimal string. */
export class DecimalType extends avro.types.LogicalType {
  private readonly precision: number;
  private readonly scale: number;

  constructor(schema: avro.Schema, opts?: avro.ForSchemaOptions) {
    super(schema, opts);
    const { precision, scale = 0 } = schema as DecimalSchema;
    if (!Number.isInteger(precision) || (precision ?? 0) < 1) {
      throw new Error('decimal needs a positive integer precision');
    }
    this.precision = precision as number;
    this.scale = scale;
  }

  protected override _fromValue(bytes: Buffer): string {
    let unscaled = 0n;
    for (const byte of bytes) unscaled = (unscaled << 8n) | BigInt(byte);
    if (bytes.length > 0 && (bytes[0] & 0x80) !== 0) unscaled -= 1n << BigInt(bytes.length * 8);
    const negative = unscaled < 0n;
    const digits = (negative ? -unscaled : unscaled).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    if (typeof value !== 'string') return undefined;
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
    if (!match) return undefined;
    const fraction = match[3] ?? '';
    if (fraction.length > this.scale) return undefined;
    const digits = (match[2] + fraction.padEnd(this.scale, '0')).replace(/^0+(?=\d)/, '');
    if (digits.length > this.precision) return undefined;
    let unscaled = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
    const bytes: number[] = [];
    // Minimal two's-complement big-endian encoding.
    do {
      bytes.unshift(Number(unscaled & 0xffn));
      unscaled >>= 8n;
    } while (
      !((unscaled === 0n && (bytes[0] & 0x80) === 0) || (unscaled === -1n && (bytes[0] & 0x80) !== 0))
    );
    return Buffer.from(bytes);
  }

  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    if (type instanceof DecimalType && type.precision <= this.precision && type.scale === this.scale) {
      return (value) => value;
    }
    return undefined;
  }

  protected override _export(attrs: avro.Schema & DecimalSchema): void {
    attrs.precision = this.precision;
    attrs.scale = this.scale;
  }
}

export const LOGICAL_TYPES: Record<
  string,
  new (schema: avro.Schema, opts?: avro.ForSchemaOptions) => avro.types.LogicalType
> = {
  date: DateType,
  'timestamp-millis': TimestampMillisType,
  uuid: UuidType,
  decimal: DecimalType,
};
