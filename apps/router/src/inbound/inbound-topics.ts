import { Logger } from '@nestjs/common';
import { PartyRef, declareTopics, INBOUND_TIMESTAMP_TYPES, parseInboundTopic } from '@hub/contracts';
import { ensureTopics, type Kafka } from '@hub/kafka';

import type { RouterConfig } from '../router.config';
import { SERVICE_NAME } from '../router.constants';
import { assertInboundClock } from './inbound-clock';

/**
 * The router's topics at start-up: the hub's own, and each partner's inbound topics in the router's
 * layout. Only the operator may create topics on a secured broker, so a missing inbound topic is
 * warned about (that partner cannot publish yet), never fatal. Then every inbound topic must be
 * stamped by the clock the router judges on, or it refuses to start (assertInboundClock).
 */
export async function prepareInboundTopics(
  kafka: Kafka,
  config: RouterConfig,
  partners: readonly PartyRef[],
): Promise<void> {
  const log = new Logger(SERVICE_NAME);
  await ensureTopics(
    kafka,
    declareTopics(
      partners,
      {
        inboundPartitions: config.ROUTER_INBOUND_PARTITIONS,
        outboundPartitions: 6,
        internalPartitions: 6,
      },
      INBOUND_TIMESTAMP_TYPES[config.HUB_INBOUND_TIMESTAMPS],
    ),
    {
      mayBeMissing: (topic) => parseInboundTopic(topic) !== undefined,
      onMissing: (topics) =>
        log.warn({
          msg: 'inbound topics missing: those partners cannot publish until the operator runs `hub topics create`',
          topics,
        }),
    },
  );
  const checked = await assertInboundClock(kafka, config.HUB_INBOUND_TIMESTAMPS);
  log.log({
    msg: 'inbound topics are stamped by the clock the router judges on',
    inboundTimestamps: config.HUB_INBOUND_TIMESTAMPS,
    topics: checked.length,
  });
}
