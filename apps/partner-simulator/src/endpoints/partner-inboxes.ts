import { Injectable } from '@nestjs/common';

export interface ReceivedDocument {
  receivedAt: string;
  idempotencyKey: string;
  /** The partner's reference for the document, returned to the adapter. */
  reference: string;
  /** How often the same idempotency key arrived (a redelivery is answered, not stored twice). */
  deliveries: number;
  /**
   * The Hub-Signature header of the first delivery: what someone listening on the line would have
   * captured, so a test can send the hub's own request again and see it refused as a replay.
   */
  signature: string;
  document: Record<string, unknown>;
}

/** An answer a simulated partner published back through the hub (see answering/). */
export interface SentAnswer {
  answeredAt: string;
  kind: string;
  messageId: string;
  /** The message answered. */
  inReplyTo: string;
  outcome: string;
  topic: string;
  /** `published`, or why it could not be. */
  status: string;
}

/**
 * What each simulated partner system has received, in arrival order. A real partner system keeps
 * its own; the simulator keeps it in memory (it is a test double with one instance).
 */
@Injectable()
export class PartnerInboxes {
  private readonly inboxes = new Map<string, ReceivedDocument[]>();
  private readonly outages = new Set<string>();
  /** `<partner> <message id>` → the 5xx status the partner answers to that one document. */
  private readonly failingDocuments = new Map<string, number>();
  private readonly answers = new Map<string, SentAnswer[]>();
  private sequence = 0;

  static key(kind: string, id: string): string {
    return `${kind}:${id}`;
  }

  receive(
    partner: string,
    idempotencyKey: string,
    document: Record<string, unknown>,
    limit: number,
    signature: string,
  ): ReceivedDocument {
    const inbox = this.inboxes.get(partner) ?? [];
    const existing = inbox.find((entry) => entry.idempotencyKey === idempotencyKey);
    if (existing) {
      existing.deliveries += 1;
      return existing;
    }
    this.sequence += 1;
    const received: ReceivedDocument = {
      receivedAt: new Date().toISOString(),
      idempotencyKey,
      reference: `SIM-${String(this.sequence).padStart(8, '0')}`,
      deliveries: 1,
      signature,
      document,
    };
    inbox.push(received);
    if (inbox.length > limit) inbox.splice(0, inbox.length - limit);
    this.inboxes.set(partner, inbox);
    return received;
  }

  list(partner: string): ReceivedDocument[] {
    return this.inboxes.get(partner) ?? [];
  }

  summary(): { partner: string; received: number; answered: number }[] {
    const partners = new Set([...this.inboxes.keys(), ...this.answers.keys()]);
    return [...partners].sort().map((partner) => ({
      partner,
      received: this.inboxes.get(partner)?.length ?? 0,
      answered: this.answers.get(partner)?.length ?? 0,
    }));
  }

  recordAnswer(partner: string, answer: SentAnswer, limit: number): void {
    const list = this.answers.get(partner) ?? [];
    list.push(answer);
    if (list.length > limit) list.splice(0, list.length - limit);
    this.answers.set(partner, list);
  }

  answersOf(partner: string): SentAnswer[] {
    return this.answers.get(partner) ?? [];
  }

  setOutage(partner: string, down: boolean): void {
    if (down) this.outages.add(partner);
    else this.outages.delete(partner);
  }

  isDown(partner: string): boolean {
    return this.outages.has(partner);
  }

  /** Makes the partner answer `status` to one document (by message id) only; null: take it again. */
  setDocumentFailure(partner: string, messageId: string, status: number | null): void {
    if (status === null) this.failingDocuments.delete(`${partner} ${messageId}`);
    else this.failingDocuments.set(`${partner} ${messageId}`, status);
  }

  /** The status the partner answers to this document, if it is told to fail it. */
  documentFailure(partner: string, messageId: unknown): number | undefined {
    return typeof messageId === 'string' ? this.failingDocuments.get(`${partner} ${messageId}`) : undefined;
  }
}
