import 'reflect-metadata';

import { TOPICS } from '@hub/contracts';
import { deadLetterRecord, errorReason } from '@hub/kafka';
import { runHubService } from '@hub/service';

import { API_KEY_HEADER, API_KEY_SCHEME } from './api/api-key.guard';
import type { MonitorConfig } from './monitor.config';
import { MONITOR_GROUP_ID } from './monitor.constants';
import { MonitorModule, SERVICE_NAME } from './monitor.module';
import { DEAD_LETTER_PATTERN } from './projection/dead-letter.projection';
import { PROJECTED_EVENT_KINDS } from './projection/exchange-log.projection';
import { IGNORED_EVENT_PATTERN } from './projection/ignored-events';
import { securityHeaders } from './security-headers';

const PROJECTED = new Set<string>(PROJECTED_EVENT_KINDS);

/** The exchange log (a projection of the hub's events into PostgreSQL), deadlines, API and dashboard. */
void runHubService<MonitorConfig>({
  name: SERVICE_NAME,
  module: MonitorModule,
  httpPort: (config) => config.MONITOR_HTTP_PORT,
  // Before every route (API, dashboard, OpenAPI, metrics, health): one place for the headers.
  prepare: ({ app }) => {
    app.use(securityHeaders);
  },
  openApi: {
    title: 'The hub: exchange log API',
    description:
      'Exchanges between a-kasser, jobcentres, unions and companies under the cooperation agreements, their ' +
      'timelines and deadlines, KPIs per agreement and month, and dead letters. Every call needs the ' +
      `${API_KEY_HEADER} header: the operator's key sees everything, a partner's key only its own exchanges. ` +
      'Citizens appear only as a keyed pseudonym, never a CPR number.',
    apiKey: { header: API_KEY_HEADER, scheme: API_KEY_SCHEME },
  },
  consumer: ({ codec }) => ({
    groupId: MONITOR_GROUP_ID,
    topics: [TOPICS.events, TOPICS.deadLetters],
    requiredPatterns: [...PROJECTED_EVENT_KINDS, DEAD_LETTER_PATTERN, IGNORED_EVENT_PATTERN],
    decode: (record) => {
      // A dead letter's bytes are a partner's message (with a CPR number): never decoded here.
      if (record.topic === TOPICS.deadLetters) return { pattern: DEAD_LETTER_PATTERN, data: null };
      const decoded = codec.decode(record.value ?? Buffer.alloc(0));
      return {
        pattern: PROJECTED.has(decoded.kind) ? decoded.kind : IGNORED_EVENT_PATTERN,
        data: decoded.value,
      };
    },
    // An event the log cannot take is kept for a person to look at, and the log moves on; a dead
    // letter the monitor cannot record is only logged (never dead-lettered again).
    onPoison: (record, error) =>
      record.topic === TOPICS.deadLetters
        ? []
        : [deadLetterRecord(record, { code: 'MONITOR_REJECTED', text: errorReason(error) })],
  }),
});
