import { Agent, request } from 'node:https';
import { request as plainRequest } from 'node:http';

import { Logger } from '@nestjs/common';
import type { PartnerApiKey } from '@hub/config';
import { parseInboundTopic, partySlug } from '@hub/contracts';
import type { OutgoingRecord } from '@hub/kafka';

import type { RecordSink } from './publish';

/** How long one POST may take before it counts as failed (and the batch is sent again). */
const REQUEST_TIMEOUT_MS = 10_000;

interface Answer {
  status: number;
  body: string;
}

/**
 * Publishes the simulated partners' messages through the hub's HTTP ingress instead of Kafka, as a
 * partner without Kafka would: each record's bytes are POSTed with its partner's API key, its key as
 * hub-record-key and its correlation id. A 202 is published; a 4xx is the hub refusing that message
 * for good (a deliberately bad one, most likely) and is logged, not retried; anything else (5xx, no
 * answer) fails the send, which the caller retries (the hub routes a message id once).
 */
export class IngressPublisher implements RecordSink {
  private readonly log = new Logger(IngressPublisher.name);
  private readonly keysBySlug: Map<string, string>;
  private readonly agent: Agent | undefined;
  private readonly url: URL;

  constructor(url: string, keys: readonly PartnerApiKey[], ca: Buffer | undefined) {
    this.url = new URL(url);
    this.keysBySlug = new Map(keys.map((entry) => [partySlug(entry.party), entry.key]));
    this.agent = this.url.protocol === 'https:' ? new Agent({ keepAlive: true, ca }) : undefined;
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    for (const record of records) {
      const slug = parseInboundTopic(record.topic)?.slug;
      const key = slug ? this.keysBySlug.get(slug) : undefined;
      if (!key) {
        this.log.warn({
          msg: 'no ingress API key for the partner of this topic: not sent',
          topic: record.topic,
        });
        continue;
      }
      const headers: Record<string, string> = {
        'content-type': 'application/vnd.hub.avro',
        'x-api-key': key,
      };
      for (const [name, value] of Object.entries(record.headers ?? {})) headers[name] = value.toString();
      if (record.key && record.key.length > 0) headers['hub-record-key'] = record.key.toString();
      const answer = await this.post(record.value, headers);
      if (answer.status === 202) continue;
      if (answer.status >= 400 && answer.status < 500) {
        this.log.warn({
          msg: 'the ingress refused a message',
          topic: record.topic,
          status: answer.status,
          answer: answer.body,
        });
        continue;
      }
      throw new Error(`the ingress answered ${answer.status}: ${answer.body}`);
    }
  }

  private post(body: Buffer, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const send = this.url.protocol === 'https:' ? request : plainRequest;
      const outgoing = send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(body.length) },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`no answer from the ingress in ${REQUEST_TIMEOUT_MS} ms`)),
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent?.destroy();
  }
}
