import type { DataSource } from 'typeorm';

/** Where a message was read: a routed message is claimed by exactly one such position. */
export interface SourcePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface Claim extends SourcePosition {
  messageId: string;
}

const samePosition = (a: SourcePosition, b: SourcePosition): boolean =>
  a.topic === b.topic && a.partition === b.partition && BigInt(a.offset) === BigInt(b.offset);

/**
 * The router's deduplication store: which message ids were routed, and from which topic position.
 * A message id claimed from another position is a duplicate; the same position read again (a
 * redelivery after a crash before the Kafka commit) is not. Claims are made only for routed
 * messages, so a rejected message never blocks the corrected one a partner sends again.
 * Each call is one round trip for a whole chunk of messages, never one per message.
 */
export class MessageClaimRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The existing claims for these message ids. */
  async existing(messageIds: readonly string[]): Promise<Map<string, SourcePosition>> {
    if (messageIds.length === 0) return new Map();
    const rows: {
      message_id: string;
      source_topic: string;
      source_partition: number;
      source_offset: string;
    }[] = await this.dataSource.query(
      'SELECT message_id, source_topic, source_partition, source_offset FROM message_claim WHERE message_id = ANY($1::uuid[])',
      [messageIds],
    );
    return new Map(
      rows.map((row) => [
        row.message_id,
        { topic: row.source_topic, partition: row.source_partition, offset: String(row.source_offset) },
      ]),
    );
  }

  /**
   * Claims the given message ids for their positions. Returns the ids whose claim belongs to another
   * position (another instance or an earlier copy won): those must not be routed now.
   */
  async claim(claims: readonly Claim[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    await this.dataSource.query(
      `INSERT INTO message_claim (message_id, source_topic, source_partition, source_offset)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[])
       ON CONFLICT (message_id) DO NOTHING`,
      [
        claims.map((c) => c.messageId),
        claims.map((c) => c.topic),
        claims.map((c) => c.partition),
        claims.map((c) => c.offset),
      ],
    );
    const holders = await this.existing(claims.map((c) => c.messageId));
    const lost = new Set<string>();
    for (const claim of claims) {
      const holder = holders.get(claim.messageId);
      if (holder && !samePosition(holder, claim)) lost.add(claim.messageId);
    }
    return lost;
  }

  /** Forgets claims older than the deduplication window; returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected], RETURNING or not: its length is always 2.
    const [, purged]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM message_claim WHERE claimed_at < now() - ($1 || ' days')::interval`,
      [String(days)],
    );
    return purged;
  }

  static isSamePosition = samePosition;
}
