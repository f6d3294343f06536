import { Controller, Logger } from '@nestjs/common';
import { isTransient } from '@hub/common';
import { HEADERS, parseInboundTopic, storableHeaderText } from '@hub/contracts';
import { ChunkEntry, ConsumedRecord, HandlerResult, HandlesChunk } from '@hub/kafka';
import { redactCprInText } from '@hub/observability';
import { classifyDatabaseError, DeadLetterRepository, DeadLetterRow } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** The pattern the monitor's decoder gives records from the dead-letter topic. */
export const DEAD_LETTER_PATTERN = 'hub.deadletter';

const DUPLICATE: HandlerResult = { outcome: 'duplicate', records: [] };
const RECORDED: HandlerResult = { outcome: 'dead_letter_recorded', records: [] };

/** The most characters kept of a header naming something (topic, offset, kind, ids, reason code). */
const MAX_NAME_CHARS = 256;
/** The most characters kept of the reason text (the router's are a few hundred at most). */
const MAX_REASON_CHARS = 4096;
const MAX_INT4 = 2_147_483_647;
/** Instants PostgreSQL's timestamptz and an ISO string both hold without surprise. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

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
      recorded = await this.insert(unique);
    } catch (error) {
      const first = rows[0]?.dead_letter_id;
      const classified = classifyDatabaseError(
        error,
        `recording ${rows.length} dead letter(s) from ${first ?? 'nothing'}`,
      );
      this.log.warn({ msg: 'could not record dead letters', error: classified.message });
      // A chunk that fails for good is handed over again one record at a time; a single dead letter
      // the database still refuses is recorded with its place and reason code only, so that every
      // dead letter on the topic has its row (a count of rows is a count of dead letters).
      if (isTransient(classified) || rows.length !== 1) throw classified;
      recorded = await this.insert([bareRow(rows[0], classified.message)]);
    }
    return rows.map((row, index) =>
      firstCopy.get(row.dead_letter_id) === index && recorded.has(row.dead_letter_id) ? RECORDED : DUPLICATE,
    );
  }

  private insert(rows: readonly DeadLetterRow[]): Promise<Set<string>> {
    return DeadLetterRepository.record(this.dataSource.manager, rows);
  }
}

/**
 * A dead letter's row from its headers, whatever bytes they hold. A dead letter keeps the partner's
 * own headers as they came (see deadLetterRecord), so any of them may be binary, hold a NUL or be
 * very long: each is read as text PostgreSQL can hold (NUL and stray bytes escaped as `\xNN`, long
 * values cut); a dead letter the monitor could not record would be lost from the list and the counts.
 */
export function deadLetterRow(record: ConsumedRecord): DeadLetterRow {
  // Headers come from the partner too: every text kept is run through the CPR redaction.
  const header = (name: string, maxChars = MAX_NAME_CHARS): string | null => {
    const value = storableHeaderText(record.rawHeaders[name], maxChars);
    return value === undefined ? null : redactCprInText(value.text);
  };
  const sourceTopic = header(HEADERS.sourceTopic);
  const sourcePartition = Number(header(HEADERS.sourcePartition) ?? Number.NaN);
  const rejectedAt = Date.parse(header(HEADERS.rejectedAt) ?? '');
  const at = rejectedAt >= EARLIEST && rejectedAt <= LATEST ? rejectedAt : record.timestamp;
  return {
    dead_letter_id: `${record.partition}/${record.offset}`,
    source_topic: sourceTopic,
    source_partition:
      Number.isInteger(sourcePartition) && sourcePartition >= 0 && sourcePartition <= MAX_INT4
        ? sourcePartition
        : null,
    source_offset: header(HEADERS.sourceOffset),
    sender_slug: sourceTopic ? (parseInboundTopic(sourceTopic)?.slug ?? null) : null,
    kind: header(HEADERS.kind),
    message_id: header(HEADERS.messageId),
    correlation_id: header(HEADERS.correlationId),
    reason_code: header(HEADERS.reasonCode) ?? 'UNKNOWN',
    reason_text: header(HEADERS.reasonText, MAX_REASON_CHARS) ?? '',
    rejected_at: new Date(at).toISOString(),
  };
}

/** What is left of a row the database refused: its place, reason code and why the rest is missing. */
function bareRow(row: DeadLetterRow, why: string): DeadLetterRow {
  return {
    dead_letter_id: row.dead_letter_id,
    source_topic: null,
    source_partition: null,
    source_offset: null,
    sender_slug: null,
    kind: null,
    message_id: null,
    correlation_id: null,
    reason_code: /^[A-Z0-9_]{1,64}$/.test(row.reason_code) ? row.reason_code : 'UNKNOWN',
    reason_text: `the monitor could not record this dead letter's details (${why.split('\u0000').join('')})`,
    rejected_at: row.rejected_at,
  };
}
