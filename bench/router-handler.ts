/**
 * The router's own work per message, in this process, with no Kafka, database or network: the
 * router's decoder and RoutingService (decode, judge, route, encode what it produces) over the
 * benchmark workload, as its consumer loop calls them. What one router's JavaScript thread can do at
 * most, whatever the transactions cost: against the bare pipe, the ceiling the router's own work
 * sets. Best of several passes (the first warm the JIT), so a busy machine shows less than it is.
 * The workload's bad records (~3 %) are decoded and left there: their rejection (the consumer
 * loop's poison path) is not timed.
 *
 *   node dist/bench/router-handler.js [messages=20000] [passes=8]
 */
import { performance } from 'node:perf_hooks';

import { defaultAgreementsDir } from '@hub/agreements';
import { loadHubCodec } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/kafka';
import { CitizenPseudonymizer } from '@hub/privacy';

import { InboundDecoder } from '../apps/router/src/inbound/inbound-decoder';
import type { InboundMessage } from '../apps/router/src/inbound/inbound-message';
import { ReferenceDataHolder } from '../apps/router/src/routing/reference-data.holder';
import { RejectionBuilder } from '../apps/router/src/routing/rejection';
import { RoutingService } from '../apps/router/src/routing/routing.service';
import { buildWorkload } from './workload';

export interface RouterHandlerCost {
  messages: number;
  /** Microseconds per record to check and decode it (InboundDecoder). */
  decodeMicros: number;
  /** Microseconds per decoded message to judge and route it and encode its records (RoutingService). */
  routeMicros: number;
  /** Messages a second one thread could do at that cost with nothing else to do. */
  ceilingPerSecond: number;
}

export function measureRouterHandler(messages: number, passes = 8): RouterHandlerCost {
  const codec = loadHubCodec();
  const reference = new ReferenceDataHolder(defaultAgreementsDir());
  const decoder = new InboundDecoder(codec, { bySlug: (slug) => reference.senderBySlug(slug) }, 1024 * 1024);
  const routing = new RoutingService(
    codec,
    new CitizenPseudonymizer('bench-pseudonym-key-of-32-characters'),
    () => reference.get(),
    new RejectionBuilder(codec, 'bench'),
  );
  const records: ConsumedRecord[] = buildWorkload(messages, { runId: `handler-${Date.now()}` }).map(
    (message, index) => {
      const headers = message.headers;
      return {
        topic: message.topic,
        partition: 0,
        offset: String(index),
        key: Buffer.from(message.key),
        value: message.value,
        headers,
        timestamp: message.queuedAt,
        rawHeaders: headers,
      };
    },
  );
  // The pass with the least time in all, so that decode and route come from the same pass.
  let decodeMicros = Infinity;
  let routeMicros = Infinity;
  for (let pass = 0; pass < passes; pass += 1) {
    const decodeStart = performance.now();
    const decoded: InboundMessage[] = [];
    for (const record of records) {
      try {
        decoded.push(decoder.decode(record).data as InboundMessage);
      } catch {
        // A bad record of the workload: the consumer loop poisons it; not the router's handler.
      }
    }
    const routeStart = performance.now();
    for (const message of decoded) routing.route(message);
    const end = performance.now();
    const passDecode = ((routeStart - decodeStart) * 1000) / records.length;
    const passRoute = ((end - routeStart) * 1000) / Math.max(decoded.length, 1);
    if (passDecode + passRoute < decodeMicros + routeMicros) {
      decodeMicros = passDecode;
      routeMicros = passRoute;
    }
  }
  return {
    messages,
    decodeMicros: Math.round(decodeMicros * 10) / 10,
    routeMicros: Math.round(routeMicros * 10) / 10,
    ceilingPerSecond: Math.round(1_000_000 / (decodeMicros + routeMicros)),
  };
}

if (require.main === module) {
  const cost = measureRouterHandler(Number(process.argv[2] ?? '20000'), Number(process.argv[3] ?? '8'));
  console.log(
    `router's own work, in process: decode ${cost.decodeMicros} µs + route ${cost.routeMicros} µs per message = at most ${cost.ceilingPerSecond.toLocaleString('en')} msg/s on one thread (${cost.messages.toLocaleString('en')} messages, best pass)`,
  );
}
