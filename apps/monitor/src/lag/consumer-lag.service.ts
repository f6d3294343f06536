import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { KAFKA_CLIENT, type Admin, type Kafka } from '@hub/kafka';

import { LAG_CACHE_MS } from '../monitor.constants';

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/**
 * Consumer lag of the hub's consumer groups (`hub-*`), from the committed offsets and the partitions'
 * end offsets. The monitor exports it for every service (`hub_consumer_group_lag`), and its deadline
 * watch waits until its own group has caught up. With transactional producers the last offset of a
 * partition is a commit marker a consumer never "reads", so a caught-up partition shows 0 or 1.
 */
@Injectable()
export class ConsumerLagService implements OnModuleDestroy {
  private readonly log = new Logger(ConsumerLagService.name);
  private admin: Promise<Admin> | undefined;
  private cached: { at: number; lags: Promise<PartitionLag[]> } | undefined;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  /** Lag of one group on the given topics (or every topic it has committed offsets for). */
  async groupLag(groupId: string, topics?: string[]): Promise<PartitionLag[]> {
    const admin = await this.connected();
    const committed = await admin.fetchOffsets({ groupId, ...(topics ? { topics } : {}) });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        // -1: nothing committed; -2: rewound to the earliest offset (`resetOffsets`) and not yet consumed.
        const at = BigInt(
          partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1',
        );
        const from = at < 0n ? BigInt(end.low) : at;
        const lag = BigInt(end.high) - from;
        lags.push({ group: groupId, topic, partition: end.partition, lag: lag > 0n ? Number(lag) : 0 });
      }
    }
    return lags;
  }

  /** Whether the group has consumed everything but at most a commit marker per partition. */
  async caughtUp(groupId: string, topic: string): Promise<boolean> {
    const lags = await this.groupLag(groupId, [topic]);
    return lags.every((partition) => partition.lag <= 1);
  }

  /** Every hub consumer group's lag, reused for LAG_CACHE_MS so scrapes stay cheap. */
  allGroups(): Promise<PartitionLag[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < LAG_CACHE_MS) return this.cached.lags;
    const lags = this.readAllGroups().catch((error: unknown) => {
      this.log.warn({ msg: 'could not read consumer lag', error: (error as Error).message });
      this.cached = undefined;
      return [];
    });
    this.cached = { at: now, lags };
    return lags;
  }

  async onModuleDestroy(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect().catch(() => undefined);
  }

  private async readAllGroups(): Promise<PartitionLag[]> {
    const admin = await this.connected();
    const { groups } = await admin.listGroups();
    const lags: PartitionLag[] = [];
    for (const group of groups.filter((g) => g.groupId.startsWith('hub-') && g.protocolType === 'consumer')) {
      lags.push(...(await this.groupLag(group.groupId)));
    }
    return lags;
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}
