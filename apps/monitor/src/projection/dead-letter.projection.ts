import { Controller, Logger } from '@nestjs/common';
import { HEADERS, parseInboundTopic } from '@hub/contracts';
import { ChunkEntry, ConsumedRecord, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { redactCprInText } from '@hub/observability';
import { classifyDatabaseError } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** The pattern the monitor's decoder gives records from the dead-letter topic. */
export const DEAD_LETTER_PATTERN = 'hub.deadletter';

/**
 * Keeps the dead letters' reasons for the API: where each came from, why it was set aside, when.
 * Idempotent by its place on the dead-letter topic. The original bytes are never read or stored
 * (a partner message carries the CPR number); the reason text is stored with CPR numbers redacted.
 */
@Controller()
export class DeadLetterProjection {
  private readonly log = new Logger(DeadLetterProjection.name);

  constructor(private readonly dataSource: DataSource) {}

  @HandlesChunk(DEAD_LETTER_PATTERN)
  deadLetters(entries: readonly ChunkEntry[]): Promise<HandlerResult[]> {
    return eachEntry(entries, ({ record }) => this.deadLetter(record));
  }

  private async deadLetter(record: ConsumedRecord): Promise<HandlerResult> {
    // Headers come from the partner too: every text kept is run through the CPR redaction.
    const header = (name: string): string | null => {
      const value = record.headers[name];
      return value === undefined ? null : redactCprInText(value);
    };
    const headers = record.headers;
    const sourceTopic = header(HEADERS.sourceTopic);
    const sourcePartition = Number(headers[HEADERS.sourcePartition]);
    const rejectedAt = new Date(headers[HEADERS.rejectedAt] ?? record.timestamp);
    try {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO dead_letter (dead_letter_id, source_topic, source_partition, source_offset, sender_slug, kind,
           message_id, correlation_id, reason_code, reason_text, rejected_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (dead_letter_id) DO NOTHING RETURNING dead_letter_id`,
        [
          `${record.partition}/${record.offset}`,
          sourceTopic,
          Number.isInteger(sourcePartition) ? sourcePartition : null,
          header(HEADERS.sourceOffset),
          sourceTopic ? (parseInboundTopic(sourceTopic)?.slug ?? null) : null,
          header(HEADERS.kind),
          header(HEADERS.messageId),
          header(HEADERS.correlationId),
          header(HEADERS.reasonCode) ?? 'UNKNOWN',
          header(HEADERS.reasonText) ?? '',
          Number.isNaN(rejectedAt.getTime()) ? new Date(record.timestamp) : rejectedAt,
        ],
      );
      return { outcome: inserted.length > 0 ? 'dead_letter_recorded' : 'duplicate', records: [] };
    } catch (error) {
      const classified = classifyDatabaseError(
        error,
        `recording dead letter ${record.partition}/${record.offset}`,
      );
      this.log.warn({ msg: 'could not record dead letter', error: classified.message });
      throw classified;
    }
  }
}
