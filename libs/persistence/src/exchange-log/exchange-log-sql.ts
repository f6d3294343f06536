/** A party as the exchange log stores it (sender, one of the receivers, a deadline's responsible). */
export interface LoggedParty {
  kind: string;
  id: string;
}

/** Who reads the log: the hub's operator (every exchange) or one partner (only its own exchanges). */
export type ExchangeLogReader = { role: 'admin' } | { role: 'partner'; party: LoggedParty };

/** Numbered parameters for one SQL statement: `sql.p(value)` adds a value and returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The exchange (alias `l`) involves the party, as sender or as one of the receivers. */
export function involves(sql: SqlParams, party: LoggedParty, alias = 'l'): string {
  return `((${alias}.sender_kind = ${sql.p(party.kind)} AND ${alias}.sender_id = ${sql.p(party.id)})
           OR ${alias}.receivers @> ${sql.p(JSON.stringify([{ kind: party.kind, id: party.id }]))}::jsonb)`;
}

/**
 * What the reader may see: everything for the operator; for a partner, what it sent and what was
 * routed to it. A rejected message was never delivered, so the receivers it names do not see it: the
 * sender may have named anyone, and the rejection is between the sender and the hub.
 */
export function scopeOf(sql: SqlParams, reader: ExchangeLogReader, alias = 'l'): string {
  if (reader.role === 'admin') return 'TRUE';
  const { party } = reader;
  return `((${alias}.sender_kind = ${sql.p(party.kind)} AND ${alias}.sender_id = ${sql.p(party.id)})
           OR (${alias}.status <> 'rejected'
               AND ${alias}.receivers @> ${sql.p(JSON.stringify([{ kind: party.kind, id: party.id }]))}::jsonb))`;
}
