import type { Kafka } from 'kafkajs';

export interface TopicDeclaration {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet and adds partitions where a declaration asks for more.
 * Every service calls it at start-up with the layout from @hub/contracts, so topics are declared in
 * one place and a fresh broker needs no manual step. Safe to run from several instances at once.
 */
export async function ensureTopics(
  kafka: Kafka,
  declarations: readonly TopicDeclaration[],
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: -1,
            configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
          })),
        });
      } catch (error) {
        // Another instance may have created some of them in the meantime; that is fine.
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      }
    }
    const present = declarations.filter((topic) => existing.has(topic.name));
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
      const grow = metadata.topics
        .map((topic) => ({ topic, wanted: present.find((d) => d.name === topic.name)?.partitions ?? 0 }))
        .filter(({ topic, wanted }) => topic.partitions.length < wanted)
        .map(({ topic, wanted }) => ({ topic: topic.name, count: wanted }));
      if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
    }
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}
