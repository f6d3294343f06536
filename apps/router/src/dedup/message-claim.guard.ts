import { Logger } from '@nestjs/common';
import type { ChunkGuard, DecodedItem, HandledItem } from '@hub/kafka';
import { classifyDatabaseError, MessageClaimRepository } from '@hub/persistence';

import type { InboundMessage } from '../inbound/inbound-message';

const messageIdOf = (item: DecodedItem): string =>
  (item.dispatch.data as InboundMessage).value.envelope.messageId;

/**
 * Deduplication by message id (issue 5: the same message published twice is routed once), with one
 * database round trip before and one after each chunk. Before: a message id already routed from
 * another topic position, or seen earlier in the same chunk, is skipped. After the handlers, before
 * the Kafka commit: each routed message claims its id; one that loses the claim to a concurrent copy
 * (another instance, another partition) has its output dropped. Rejected messages claim nothing, so
 * a partner's corrected resend and a replayed dead letter are routed.
 */
export class MessageClaimGuard implements ChunkGuard {
  private readonly log = new Logger(MessageClaimGuard.name);

  constructor(private readonly claims: MessageClaimRepository) {}

  async screen(items: readonly DecodedItem[]): Promise<ReadonlySet<DecodedItem>> {
    let routedBefore: Awaited<ReturnType<MessageClaimRepository['existing']>>;
    try {
      routedBefore = await this.claims.existing([...new Set(items.map(messageIdOf))]);
    } catch (error) {
      throw classifyDatabaseError(error, 'reading message claims');
    }
    const skip = new Set<DecodedItem>();
    const firstInChunk = new Set<string>();
    for (const item of items) {
      const messageId = messageIdOf(item);
      const holder = routedBefore.get(messageId);
      const duplicateInChunk = firstInChunk.has(messageId);
      firstInChunk.add(messageId);
      if (duplicateInChunk || (holder && !MessageClaimRepository.isSamePosition(holder, item.record))) {
        skip.add(item);
        this.log.log({
          msg: 'duplicate message not routed again',
          messageId,
          at: `${item.record.topic}/${item.record.partition}/${item.record.offset}`,
          routedFrom: holder
            ? `${holder.topic}/${holder.partition}/${holder.offset}`
            : 'earlier in the same batch',
        });
      }
    }
    return skip;
  }

  async confirm(items: readonly HandledItem[]): Promise<ReadonlySet<HandledItem>> {
    const routed = items.filter((item) => item.result.outcome.startsWith('routed'));
    let lost: Set<string>;
    try {
      lost = await this.claims.claim(
        routed.map((item) => ({
          messageId: messageIdOf(item),
          topic: item.record.topic,
          partition: item.record.partition,
          offset: item.record.offset,
        })),
      );
    } catch (error) {
      throw classifyDatabaseError(error, 'claiming message ids');
    }
    return new Set(routed.filter((item) => lost.has(messageIdOf(item))));
  }
}
