import { randomUUID } from 'node:crypto';

import { PermanentError } from '@hub/common';
import { batchCodecAt } from '../../../test/support/kafka-log';
import { stackKafka } from '../../../test/support/local-stack';
import { HubProducer } from './hub-producer';
import { createKafkaClient } from './kafka-client';
import { MAX_PRODUCED_RECORD_BYTES } from './record-limits';
import { ensureTopics } from './topic-admin';

/**
 * HubProducer on the real broker: what it sends is stored gzip-compressed (or not, as the client is
 * set), and a record over the limit is refused before anything of its request is sent.
 */
describe(HubProducer.name, () => {
  const topic = `it.hub-producer.${randomUUID().slice(0, 8)}`;
  const clients = {
    gzip: createKafkaClient({ clientId: 'it-hub-producer-gzip', ...stackKafka(), compression: 'gzip' }),
    none: createKafkaClient({ clientId: 'it-hub-producer-none', ...stackKafka(), compression: 'none' }),
  };
  const producers = { gzip: new HubProducer(clients.gzip), none: new HubProducer(clients.none) };

  beforeAll(async () => {
    await ensureTopics(clients.gzip, [
      { name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } },
    ]);
  });

  afterAll(async () => {
    await Promise.all([producers.gzip.disconnect(), producers.none.disconnect()]);
    const admin = clients.gzip.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  const endOffset = async (): Promise<bigint> => {
    const admin = clients.gzip.admin();
    await admin.connect();
    try {
      const [{ high }] = await admin.fetchTopicOffsets(topic);
      return BigInt(high);
    } finally {
      await admin.disconnect();
    }
  };

  it.each(['gzip', 'none'] as const)(
    'stores what it sends with the codec its client is set to: %s',
    async (codec) => {
      const before = await endOffset();
      await producers[codec].send([{ topic, key: 'k', value: Buffer.alloc(10_000, 'compressible ') }]);
      expect(await endOffset()).toBe(before + 1n);
      expect(batchCodecAt(topic, 0, before)).toBe(codec);
    },
  );

  it('refuses a record over the limit before sending anything of the request', async () => {
    const before = await endOffset();
    const sending = producers.gzip.send([
      { topic, key: 'small', value: Buffer.from('fits') },
      { topic, key: 'large', value: Buffer.alloc(MAX_PRODUCED_RECORD_BYTES, 'x') },
    ]);
    await expect(sending).rejects.toThrow(PermanentError);
    await expect(sending).rejects.toMatchObject({ code: 'OUTPUT_TOO_LARGE' });
    expect(await endOffset()).toBe(before);
  });
});
