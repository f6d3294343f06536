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

/**
 * What the caller may see: everything for the operator; for a partner, what it sent and what was
 * routed to it. A rejected message was never delivered, so the receivers it names do not see it: the
 * sender may have named anyone, and the rejection is between the sender and the hub.
 */
export function scopeOf(sql: SqlParams, principal: Principal, alias = 'l'): string {
  if (principal.role === 'admin') return 'TRUE';
  const { party } = principal;
  return `((${alias}.sender_kind = ${sql.p(party.kind)} AND ${alias}.sender_id = ${sql.p(party.id)})
           OR (${alias}.status <> 'rejected'
               AND ${alias}.receivers @> ${sql.p(JSON.stringify([{ kind: party.kind, id: party.id }]))}::jsonb))`;
}

/** A timestamp column as an ISO string (pg returns Date), or null. */
export const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** count(*) comes back from pg as a string (bigint). */
export const num = (value: string | number | null): number => (value === null ? 0 : Number(value));
