import type { PartyKey, Principal } from './api-keys';

/** Numbered parameters for one SQL statement: `sql.p(value)` adds a value and returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The exchange (alias `l`) involves the party, as sender or as one of the receivers. */
export function involves(sql: SqlParams, party: PartyKey, alias = 'l'): string {
  return `((${alias}.sender_kind = ${sql.p(party.kind)} AND ${alias}.sender_id = ${sql.p(party.id)})
           OR ${alias}.receivers @> ${sql.p(JSON.stringify([{ kind: party.kind, id: party.id }]))}::jsonb)`;
}

/** What the caller may see: everything for the operator, only its own exchanges for a partner. */
export function scopeOf(sql: SqlParams, principal: Principal, alias = 'l'): string {
  return principal.role === 'admin' ? 'TRUE' : involves(sql, principal.party, alias);
}

/** A timestamp column as an ISO string (pg returns Date), or null. */
export const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** count(*) comes back from pg as a string (bigint). */
export const num = (value: string | number | null): number => (value === null ? 0 : Number(value));
