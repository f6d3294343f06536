import { loadHubCodec } from '@hub/contracts';
import type { OutgoingRecord } from '@hub/kafka';

import { publishMessages } from './publish';
import { generateWorkload } from './workload';

describe('publishMessages', () => {
  const messages = generateWorkload({ seed: 5, count: 40 }, loadHubCodec()).messages;

  /** A clock that only moves when the publisher sleeps. */
  function fakeClock() {
    let time = 0;
    return { now: () => time, sleep: async (ms: number) => void (time += ms) };
  }

  it('publishes every message on its topic with its key, bytes and headers, in order', async () => {
    const sent: OutgoingRecord[] = [];
    const result = await publishMessages({ send: async (records) => void sent.push(...records) }, messages);
    expect(result).toMatchObject({ published: 40, stopped: false });
    expect(sent.map((r) => [r.topic, r.key, r.value])).toEqual(
      messages.map((m) => [m.topic, m.key, m.bytes]),
    );
  });

  it("stamps each record with its simulated queuedAt, the hub's clock on a create-time topic", async () => {
    const sent: OutgoingRecord[] = [];
    await publishMessages({ send: async (records) => void sent.push(...records) }, messages);
    expect(sent.map((r) => r.timestamp)).toEqual(messages.map((m) => Date.parse(m.queuedAt)));
    // Replayed months, not today: the storylines start in 2025.
    expect(new Date(sent[0].timestamp as number).getUTCFullYear()).toBe(2025);
  });

  it('keeps to the rate: 40 messages at 10 per second take 4 seconds', async () => {
    const clock = fakeClock();
    const sendTimes: number[] = [];
    const result = await publishMessages({ send: async () => void sendTimes.push(clock.now()) }, messages, {
      rate: 10,
      ...clock,
    });
    expect(result.durationMs).toBe(4_000);
    expect(sendTimes).toHaveLength(40);
    expect(sendTimes[9]).toBe(1_000);
  });

  it('retries a failed send with the same records until the broker takes them', async () => {
    const clock = fakeClock();
    let failures = 2;
    const sent: OutgoingRecord[] = [];
    const result = await publishMessages(
      {
        send: async (records) => {
          if (failures-- > 0) throw new Error('broker restarting');
          sent.push(...records);
        },
      },
      messages.slice(0, 3),
      { ...clock, retryDelayMs: 500 },
    );
    expect(result.published).toBe(3);
    expect(sent).toHaveLength(3);
    expect(clock.now()).toBe(1_000);
  });

  it('gives up after too many failures in a row', async () => {
    const clock = fakeClock();
    await expect(
      publishMessages({ send: async () => Promise.reject(new Error('no broker')) }, messages.slice(0, 2), {
        ...clock,
        maxRetries: 3,
      }),
    ).rejects.toThrow('no broker');
  });

  it('stops when asked', async () => {
    let published = 0;
    const result = await publishMessages(
      { send: async (records) => void (published += records.length) },
      messages,
      {
        rate: 10,
        ...fakeClock(),
        stopped: () => published >= 5,
      },
    );
    expect(result).toMatchObject({ published: 5, stopped: true });
  });
});
