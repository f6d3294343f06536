import { PermanentError, TransientError } from '@hub/common';
import { ChunkEntry, ChunkHandlerFn } from './chunk-handler';
import { ChunkRunner } from './chunk-runner';
import { ConsumerStatus } from './consumer-status';
import { ConsumedRecord, HandlerResult, OutgoingRecord } from './records';
import { MAX_PRODUCED_RECORD_BYTES } from './record-limits';
import { Retrier } from './retrier';

const record = (offset: number, value: string): ConsumedRecord => ({
  topic: 'in',
  partition: 0,
  offset: String(offset),
  key: null,
  value: Buffer.from(value),
  headers: {},
  timestamp: 0,
  rawHeaders: {},
});

const copied = (entry: ChunkEntry): HandlerResult => ({
  outcome: 'copied',
  records: [{ topic: 'out', key: null, value: Buffer.from(String(entry.data)) }],
});

const control = { heartbeat: () => Promise.resolve(), alive: () => true };

const poisonRecord = (consumed: ConsumedRecord, error: unknown): OutgoingRecord[] => [
  { topic: 'poison', key: null, value: Buffer.from(`${consumed.offset}:${(error as Error).message}`) },
];

function runner(
  handlers: Map<string, ChunkHandlerFn>,
  status = new ConsumerStatus(),
  onPoison = poisonRecord,
): ChunkRunner {
  return new ChunkRunner({
    handlers,
    // "a:1" is kind a with data 1; anything without a colon cannot be decoded
    decode: (consumed) => {
      const [pattern, data] = (consumed.value?.toString() ?? '').split(':');
      if (data === undefined) throw new Error('no kind');
      return { pattern, data };
    },
    onPoison,
    status,
    retrier: new Retrier({ initialMs: 1, maxMs: 2, stallAfterMs: 60_000 }, status),
  });
}

const values = (produced: { value: Buffer }[][] | undefined): string[][] =>
  (produced ?? []).map((records) => records.map((r) => r.value.toString()));

describe(ChunkRunner.name, () => {
  it('hands each run of consecutive records of one handler over in one call, in order', async () => {
    const calls: string[][] = [];
    const copy: ChunkHandlerFn = (entries) => {
      calls.push(entries.map((entry) => String(entry.data)));
      return entries.map(copied);
    };
    const other: ChunkHandlerFn = (entries) => entries.map(copied);
    const records = ['a:1', 'a:2', 'b:3', 'a:4'].map((value, index) => record(index, value));
    const produced = await runner(
      new Map([
        ['a', copy],
        ['b', other],
      ]),
    ).run(records, control);
    expect(calls).toEqual([['1', '2'], ['4']]);
    expect(values(produced)).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  it('retries a run that fails transiently with the same records, and dead-letters nothing', async () => {
    let attempts = 0;
    const flaky: ChunkHandlerFn = (entries) => {
      attempts += 1;
      if (attempts < 3) throw new TransientError('database restarting');
      return entries.map(copied);
    };
    const status = new ConsumerStatus();
    const produced = await runner(new Map([['a', flaky]]), status).run(
      [record(0, 'a:1'), record(1, 'a:2')],
      control,
    );
    expect(attempts).toBe(3);
    expect(values(produced)).toEqual([['1'], ['2']]);
    expect(status.outcomes.get('a|copied')).toBe(2);
  });

  it('sends only the record that fails for good to the poison path, with its own reason', async () => {
    const picky: ChunkHandlerFn = (entries) => {
      if (entries.some((entry) => entry.data === 'bad')) throw new Error('cannot take bad');
      return entries.map(copied);
    };
    const records = ['a:1', 'a:bad', 'a:3', 'nonsense'].map((value, index) => record(index, value));
    const status = new ConsumerStatus();
    const produced = await runner(new Map([['a', picky]]), status).run(records, control);
    expect(values(produced)).toEqual([['1'], ['1:cannot take bad'], ['3'], ['3:no kind']]);
    expect(status.outcomes.get('a|poison')).toBe(1);
    expect(status.outcomes.get('undecodable|poison')).toBe(1);
  });

  it('gives up without output when the loop stops while waiting to retry', async () => {
    const down: ChunkHandlerFn = () => {
      throw new TransientError('still down');
    };
    const stopping = { heartbeat: () => Promise.resolve(), alive: () => false };
    expect(await runner(new Map([['a', down]])).run([record(0, 'a:1')], stopping)).toBeUndefined();
  });

  it('sends a record whose output the broker would refuse to the poison path, and the others on', async () => {
    const large: ChunkHandlerFn = (entries) =>
      entries.map((entry) =>
        entry.data === 'big'
          ? {
              outcome: 'copied',
              records: [{ topic: 'out', key: 'k', value: Buffer.alloc(MAX_PRODUCED_RECORD_BYTES, 'x') }],
            }
          : copied(entry),
      );
    const status = new ConsumerStatus();
    const produced = await runner(new Map([['a', large]]), status).run(
      [record(0, 'a:1'), record(1, 'a:big'), record(2, 'a:3')],
      control,
    );
    expect(values(produced)).toEqual([
      ['1'],
      [
        `1:handling it would produce a ${MAX_PRODUCED_RECORD_BYTES + 1}-byte record for out, more than the ${MAX_PRODUCED_RECORD_BYTES} bytes a record may have`,
      ],
      ['3'],
    ]);
    expect(status.outcomes.get('a|copied')).toBe(2);
    expect(status.outcomes.get('a|poison')).toBe(1);
  });

  it('sends a bare dead letter when the poison path itself would produce a record over the limit', async () => {
    const failing: ChunkHandlerFn = () => {
      throw new PermanentError('HANDLER_ERROR', 'x'.repeat(MAX_PRODUCED_RECORD_BYTES + 1));
    };
    const quoting = (_consumed: ConsumedRecord, error: unknown): OutgoingRecord[] => [
      { topic: 'receipts', key: null, value: Buffer.from((error as Error).message) },
    ];
    const produced = await runner(new Map([['a', failing]]), new ConsumerStatus(), quoting).run(
      [record(0, 'a:1')],
      control,
    );
    const [[letter]] = produced ?? [];
    expect(letter.topic).toBe('hub.internal.deadletter.v1');
    expect(letter.value.toString()).toBe('a:1');
    expect(letter.headers?.['hub-dlq-reason-code']).toBe('OUTPUT_TOO_LARGE');
    expect(String(letter.headers?.['hub-dlq-reason-text'])).toBe(
      `its poison path would produce a ${MAX_PRODUCED_RECORD_BYTES + 1}-byte record for receipts, more than the ${MAX_PRODUCED_RECORD_BYTES} bytes a record may have; the original reason: HANDLER_ERROR`,
    );
  });

  it('refuses to start when a required kind has no handler', () => {
    expect(() => runner(new Map()).checkHandlers(['a', 'b'])).toThrow('no handler for message kind(s): a, b');
  });
});
