import 'reflect-metadata';

import { TOPICS } from '@hub/contracts';
import { deadLetterRecord, errorReason } from '@hub/kafka';
import { runHubService } from '@hub/service';

import type { NotifierConfig } from './notifier.config';
import { NotifierModule, SERVICE_NAME } from './notifier.module';
import { IGNORED_EVENT } from './planning/notifications.controller';

const NOTIFYING_EVENTS = new Set(['events.ExchangeRouted', 'events.DeadlineDue', 'events.DeadlineOverdue']);

/** E-mails caseworkers about what needs their action: events → outbox (PostgreSQL) → SMTP. */
void runHubService<NotifierConfig>({
  name: SERVICE_NAME,
  module: NotifierModule,
  httpPort: (config) => config.NOTIFIER_HTTP_PORT,
  consumer: ({ codec }) => ({
    groupId: 'hub-notifier',
    topics: [TOPICS.events],
    requiredPatterns: [...NOTIFYING_EVENTS, IGNORED_EVENT],
    decode: (record) => {
      const decoded = codec.decode(record.value ?? Buffer.alloc(0));
      return {
        pattern: NOTIFYING_EVENTS.has(decoded.kind) ? decoded.kind : IGNORED_EVENT,
        data: decoded.value,
      };
    },
    onPoison: (record, error) => [
      deadLetterRecord(record, { code: 'NOTIFIER_REJECTED', text: errorReason(error) }),
    ],
  }),
});
