import { Controller, Logger } from '@nestjs/common';
import { HEADERS, parseInboundTopic } from '@hub/contracts';
import { ChunkEntry, ConsumedRecord, HandlerResult, HandlesChunk } from '@hub/kafka';
import { redactCprInText } from '@hub/observability';
import { classifyDatabaseError } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** The pattern the monitor's decoder gives records from the dead-letter topic. */
export const DEAD_LETTER_PATTERN = 'hub.deadletter';

const DUPLICATE: HandlerResult = { outcome: 'duplicate', records: [] };
const RECORDED: HandlerResult = { outcome: 'dead_letter_recorded', records: [] };

/** A dead_letter row (columns of the jsonb_to_recordset below). */
interface DeadLetterRow {
  dead_letter_id: string;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
  sender_slug: string | null;
  kind: string | null;
  message_id: string | null;
  correlation_id: string | null;
  reason_code: string;
  reason_text: string;
  rejected_at: string;
}

/**
 * Keeps the dead letters' reasons for the API: where each came from, why it was set aside, when.
 * Idempotent by its place on the dead-letter topic. The original bytes are never read or stored
 * (a partner message carries the CPR number); the reason text is stored with CPR numbers redacted.
 * A chunk of dead letters is one multi-row insert.
 */
@Controller()
export class DeadLetterProjection {
  private readonly log = new Logger(DeadLetterProjection.name);

  constructor(private readonly dataSource: DataSource) {}

  @HandlesChunk(DEAD_LETTER_PATTERN)
  async deadLetters(entries: readonly ChunkEntry[]): Promise<HandlerResult[]> {
    const rows = entries.map((entry) => deadLetterRow(entry.record));
    // One statement may not propose one key twice to be sure of its answer: the first copy goes in.
    const firstCopy = new Map<string, number>();
    rows.forEach((row, index) => {
      if (!firstCopy.has(row.dead_letter_id)) firstCopy.set(row.dead_letter_id, index);
    });
    const unique = rows.filter((row, index) => firstCopy.get(row.dead_letter_id) === index);
    let recorded: Set<string>;
    try {
      const inserted: { dead_letter_id: string }[] = await this.dataSource.query(
        `INSERT INTO dead_letter (dead_letter_id, source_topic, source_partition, source_offset, sender_slug, kind,
           message_id, correlation_id, reason_code, reason_text, rejected_at)
         SELECT d.dead_letter_id, d.source_topic, d.source_partition, d.source_offset, d.sender_slug, d.kind,
                d.message_id, d.correlation_id, d.reason_code, d.reason_text, d.rejected_at
           FROM jsonb_to_recordset($1::jsonb) AS d(dead_letter_id text, source_topic text, source_partition int,
                source_offset text, sender_slug text, kind text, message_id text, correlation_id text,
                reason_code text, reason_text text, rejected_at timestamptz)
         ON CONFLICT (dead_letter_id) DO NOTHING RETURNING dead_letter_id`,
        [JSON.stringify(unique)],
      );
      recorded = new Set(inserted.map((row) => row.dead_letter_id));
    } catch (error) {
      const first = rows[0]?.dead_letter_id;
      const classified = classifyDatabaseError(
        error,
        `recording ${rows.length} dead letter(s) from ${first ?? 'nothing'}`,
      );
      this.log.warn({ msg: 'could not record dead letters', error: classified.message });
      throw classified;
    }
    return rows.map((row, index) =>
      firstCopy.get(row.dead_letter_id) === index && recorded.has(row.dead_letter_id) ? RECORDED : DUPLICATE,
    );
  }
}

function deadLetterRow(record: ConsumedRecord): DeadLetterRow {
  // Headers come from the partner too: every text kept is run through the CPR redaction.
  const header = (name: string): string | null => {
    const value = record.headers[name];
    return value === undefined ? null : redactCprInText(value);
  };
  const sourceTopic = header(HEADERS.sourceTopic);
  const sourcePartition = Number(record.headers[HEADERS.sourcePartition]);
  const rejectedAt = new Date(record.headers[HEADERS.rejectedAt] ?? record.timestamp);
  return {
    dead_letter_id: `${record.partition}/${record.offset}`,
    source_topic: sourceTopic,
    source_partition: Number.isInteger(sourcePartition) ? sourcePartition : null,
    source_offset: header(HEADERS.sourceOffset),
    sender_slug: sourceTopic ? (parseInboundTopic(sourceTopic)?.slug ?? null) : null,
    kind: header(HEADERS.kind),
    message_id: header(HEADERS.messageId),
    correlation_id: header(HEADERS.correlationId),
    reason_code: header(HEADERS.reasonCode) ?? 'UNKNOWN',
    reason_text: header(HEADERS.reasonText) ?? '',
    rejected_at: (Number.isNaN(rejectedAt.getTime()) ? new Date(record.timestamp) : rejectedAt).toISOString(),
  };
}
