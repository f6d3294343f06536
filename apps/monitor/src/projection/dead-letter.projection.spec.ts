import { HEADERS } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/kafka';

import { deadLetterRow } from './dead-letter.projection';

function deadLetter(rawHeaders: ConsumedRecord['rawHeaders']): ConsumedRecord {
  return {
    topic: 'hub.internal.deadletter.v1',
    partition: 3,
    offset: '41',
    key: Buffer.from([0xff, 0xfe, 0x00]),
    value: Buffer.from([0x00, 0xc3, 0x28]),
    headers: {},
    timestamp: Date.parse('2025-03-03T08:15:00.000Z'),
    rawHeaders,
  };
}

describe(deadLetterRow.name, () => {
  it('reads a dead letter the router wrote as it is', () => {
    const row = deadLetterRow(
      deadLetter({
        [HEADERS.reasonCode]: Buffer.from('INVALID_CPR'),
        [HEADERS.reasonText]: Buffer.from('CPR-nummeret 150385-4321 findes ikke'),
        [HEADERS.sourceTopic]: Buffer.from('hub.inbound.beskedmodul.akasse-3f.v1'),
        [HEADERS.sourcePartition]: Buffer.from('2'),
        [HEADERS.sourceOffset]: Buffer.from('17'),
        [HEADERS.rejectedAt]: Buffer.from('2025-03-03T08:15:01.000Z'),
        [HEADERS.correlationId]: Buffer.from('0b7a3c1e-2f4d-4c5b-9a8e-1d2c3b4a5f60'),
      }),
    );
    expect(row).toMatchObject({
      dead_letter_id: '3/41',
      source_topic: 'hub.inbound.beskedmodul.akasse-3f.v1',
      source_partition: 2,
      source_offset: '17',
      sender_slug: 'akasse-3f',
      correlation_id: '0b7a3c1e-2f4d-4c5b-9a8e-1d2c3b4a5f60',
      reason_code: 'INVALID_CPR',
      rejected_at: '2025-03-03T08:15:01.000Z',
    });
    expect(row.reason_text).not.toContain('150385-4321');
  });

  it('makes a row PostgreSQL can hold of hostile headers: NUL, binary, huge, nonsense numbers and dates', () => {
    const row = deadLetterRow(
      deadLetter({
        [HEADERS.reasonCode]: Buffer.from('WRONG_MARKER'),
        [HEADERS.reasonText]: Buffer.concat([Buffer.from('bad\u0000'), Buffer.alloc(100_000, 0x41)]),
        [HEADERS.correlationId]: Buffer.from([0x00, 0xff, 0x41]),
        [HEADERS.kind]: Buffer.from('x\u0000y'),
        [HEADERS.messageId]: Buffer.alloc(50_000, 0xfe),
        [HEADERS.sourcePartition]: Buffer.from('99999999999'),
        [HEADERS.rejectedAt]: Buffer.from('-100000-01-01T00:00:00.000Z'),
      }),
    );
    const json = JSON.stringify(row);
    expect(json).not.toContain('\\u0000');
    expect(row.correlation_id).toBe('\\x00\\xffA');
    expect(row.kind).toBe('x\\x00y');
    expect(row.message_id?.length).toBeLessThanOrEqual(257);
    expect(row.reason_text.length).toBeLessThanOrEqual(4097);
    expect(row.source_partition).toBeNull();
    expect(row.rejected_at).toBe('2025-03-03T08:15:00.000Z'); // the record's own time
  });

  it('records a dead letter without any of the hub headers', () => {
    expect(deadLetterRow(deadLetter({}))).toMatchObject({
      dead_letter_id: '3/41',
      reason_code: 'UNKNOWN',
      reason_text: '',
      source_partition: null,
    });
  });
});
