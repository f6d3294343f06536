import { randomUUID } from 'node:crypto';

import { OUTBOUND_RECEIVER_KINDS } from '@hub/contracts';
import { Client } from 'pg';

import { cprForms, GeneratedMessage, generateWorkload } from '../../apps/partner-simulator/src/traffic';
import { eventually } from '../support/eventually';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';
import { scanMailsForCprs } from '../support/mail-sink';

interface Party {
  kind: string;
  id: string;
}

interface InboxItem {
  deliveries: number;
  document: {
    documentType: string;
    messageId: string | null;
    kind: string | null;
    message?: {
      envelope: { causationId: string | null; sender: Party };
      recommendationMessageId?: string;
      questionMessageId?: string;
      inquiryMessageId?: string;
      invitationMessageId?: string;
      placementId?: string;
    };
    rejection?: { reasonCode: string };
  };
}

interface TrafficRun {
  runId: string;
  state: string;
  published: number;
  byKind: Record<string, number>;
}

interface LogRow {
  message_id: string;
  kind: string | null;
  status: string;
  reason_code: string | null;
  sender_kind: string;
  sender_id: string;
  findings: { code: string }[];
}

const receiversOf = (message: GeneratedMessage): Party[] =>
  (message.value as { envelope: { receivers: Party[] } }).envelope.receivers;

const queuedAtOf = (message: GeneratedMessage): string =>
  (message.value as { envelope: { queuedAt: string } }).envelope.queuedAt;

/**
 * The latest day before which the monitor's retention job may purge an exchange: the seed agreements
 * keep theirs 36 months (`retention.exchangeLogMonths`), exchanges under no agreement are kept
 * MONITOR_DEFAULT_RETENTION_MONTHS (12), and the storylines of the 2009 and 2020 agreements are dated
 * long before either.
 */
function retentionCutoff(): string {
  const cutoff = new Date();
  cutoff.setUTCMonth(cutoff.getUTCMonth() - 12);
  return cutoff.toISOString().slice(0, 10);
}

/** Receivers the hub delivers to (apps/partner-delivery, one per kind), so the simulator's endpoint gets the document. */
const delivered = (party: Party): boolean => OUTBOUND_RECEIVER_KINDS.some((kind) => kind === party.kind);

/** The simulated systems that answer an inquiry (partner-responder.ts): a jobcenter or an a-kasse. */
const answersInquiries = (party: Party): boolean => party.kind === 'akasse' || party.kind === 'jobcenter';

/**
 * Issue 6's simulator, against the real services: a small seeded workload for the four seed
 * agreements (with its share of bad messages) goes through every hub service; each message ends as
 * its storyline intends (routed and delivered, flagged, rejected, dead-lettered), the simulated
 * partners answer (decisions, grants, answers back through the hub), and no mail carries a CPR
 * number the workload used.
 */
describe('simulated partner traffic through the whole hub', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  // Seed 4265's first 60 messages (with 5 % bad) hold every flow the partners answer (two joint
  // interview invitations among them) and all three kinds of bad message; the run id only renames
  // the message ids.
  const seed = 4265;
  const count = 60;
  const runId = randomUUID();
  const workload = generateWorkload({ seed, count, runId, badShare: 0.05 });
  const withId = workload.messages.filter((m) => m.messageId !== null);
  const routed = withId.filter((m) => m.expect.outcome === 'routed');
  const startedAt = new Date();
  const inboxes = new Map<string, InboxItem[]>();

  const simulator = (path: string): string => hubServices.url('partner-simulator', path);

  async function inbox(party: Party): Promise<InboxItem[]> {
    const response = await fetch(simulator(`/partners/${party.kind}/${party.id}/inbox`));
    return ((await response.json()) as { items: InboxItem[] }).items;
  }

  async function refreshInboxes(): Promise<void> {
    const response = await fetch(simulator('/partners'));
    const { partners } = (await response.json()) as { partners: { partner: string }[] };
    for (const { partner } of partners) {
      const [kind, id] = partner.split(':');
      inboxes.set(partner, await inbox({ kind, id }));
    }
  }

  const itemsOf = (party: Party): InboxItem[] => inboxes.get(`${party.kind}:${party.id}`) ?? [];

  async function logRows(): Promise<Map<string, LogRow>> {
    const { rows } = await db.query<LogRow>(
      'SELECT message_id, kind, status, reason_code, sender_kind, sender_id, findings FROM exchange_log WHERE message_id = ANY($1::uuid[])',
      [withId.map((m) => m.messageId)],
    );
    return new Map(rows.map((row) => [row.message_id, row]));
  }

  async function purgedIds(): Promise<Set<string>> {
    const { rows } = await db.query<{ message_id: string }>(
      'SELECT message_id FROM purged_exchange WHERE message_id = ANY($1::uuid[])',
      [withId.map((m) => m.messageId)],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  beforeAll(async () => {
    assertStackUp();
    hubServices.up([], { SIMULATOR_DECISION_DELAY_MS: '200' });
    await db.connect();
    const response = await fetch(simulator('/traffic'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed, rate: 30, count, runId, badShare: 0.05 }),
    });
    expect(response.status).toBe(202);
    await eventually(
      'the traffic run to finish',
      async () => {
        const { run } = (await (await fetch(simulator('/traffic'))).json()) as { run: TrafficRun };
        return run.state === 'finished' ? run : undefined;
      },
      { timeoutMs: 90_000 },
    );
    // Seven services start here (the ingress too); on a machine shared with other stacks their
    // start-up alone can take a minute and more before the run begins.
  }, 240_000);

  afterAll(async () => {
    await db.end();
    hubServices.down();
  }, 60_000);

  it('publishes exactly the seeded workload, bad messages included', async () => {
    const { run } = (await (await fetch(simulator('/traffic'))).json()) as { run: TrafficRun };
    expect(run.runId).toBe(runId);
    expect(run.published).toBe(count);
    const byKind: Record<string, number> = {};
    for (const message of workload.messages)
      byKind[message.kind ?? 'garbage'] = (byKind[message.kind ?? 'garbage'] ?? 0) + 1;
    expect(run.byKind).toEqual(byKind);
    expect(workload.messages.some((m) => m.bad !== null)).toBe(true);
  });

  it('records every exchange in the log with the outcome its storyline intends', async () => {
    const rows = await eventually(
      'an exchange log row, past routing, for every message',
      async () => {
        const found = await logRows();
        const purged = await purgedIds();
        const unsettled = withId.filter((m) => {
          // The retention job may already have purged an exchange dated past the retention period.
          if (purged.has(m.messageId as string)) return false;
          const row = found.get(m.messageId as string);
          if (!row) return true;
          const deliverable = m.expect.outcome === 'routed' && receiversOf(m).some(delivered);
          return deliverable && row.status !== 'delivered';
        });
        if (unsettled.length === 0) return found;
        // Thrown, so that a timeout says what was missing.
        throw new Error(
          `${unsettled.length} not settled, e.g. ${unsettled
            .slice(0, 3)
            .map((m) => `${m.kind} ${m.messageId} (${found.get(m.messageId as string)?.status ?? 'no row'})`)
            .join('; ')}`,
        );
      },
      { timeoutMs: 90_000 },
    );
    const purged = await purgedIds();
    const cutoff = retentionCutoff();
    for (const message of withId) {
      if (purged.has(message.messageId as string)) {
        // Purged only because it is past its agreement's retention, never a current exchange.
        expect([message.messageId, queuedAtOf(message) < cutoff]).toEqual([message.messageId, true]);
        continue;
      }
      const row = rows.get(message.messageId as string) as LogRow;
      expect([message.kind, row.kind]).toEqual([message.kind, message.kind]);
      if (message.expect.outcome === 'routed') {
        expect([message.messageId, row.status]).not.toEqual([message.messageId, 'rejected']);
        const codes = row.findings.map((f) => f.code);
        for (const flag of message.expect.flags) expect(codes).toContain(flag);
      } else if (message.expect.outcome === 'rejected') {
        expect([message.messageId, row.status, row.reason_code]).toEqual([
          message.messageId,
          'rejected',
          message.expect.reason,
        ]);
      }
    }
    // Garbage has no message id of its own: the log has a rejected row for it from its sender.
    const garbage = workload.messages.filter((m) => m.bad === 'garbage');
    for (const message of garbage) {
      const { rows: unreadable } = await db.query(
        `SELECT 1 FROM exchange_log WHERE kind IS NULL AND status = 'rejected' AND sender_kind = $1 AND sender_id = $2 AND rejected_at >= $3`,
        [message.publisher.kind, message.publisher.id, startedAt],
      );
      expect(unreadable.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('delivers every routed message once to each receiving a-kasse, jobcenter, union and company system, and receipts to senders of rejected ones', async () => {
    await refreshInboxes();
    for (const message of routed) {
      for (const receiver of receiversOf(message).filter(delivered)) {
        const items = itemsOf(receiver).filter((item) => item.document.messageId === message.messageId);
        expect([message.messageId, receiver, items.length]).toEqual([message.messageId, receiver, 1]);
        expect(items[0].deliveries).toBe(1);
      }
    }
    for (const message of withId.filter((m) => m.expect.outcome === 'rejected' && delivered(m.publisher))) {
      const receipts = itemsOf(message.publisher).filter(
        (item) =>
          item.document.documentType === 'rejection-receipt' && item.document.messageId === message.messageId,
      );
      expect(receipts.map((r) => r.document.rejection?.reasonCode)).toEqual([
        (message.expect as { reason: string }).reason,
      ]);
    }
  });

  it('has the partners answer through the hub: decisions and grants to the a-kasse, answers to whoever asked', async () => {
    const answerFor = (party: Party, kind: string, matches: (item: InboxItem) => boolean) =>
      eventually(`${kind} at ${party.kind}:${party.id}`, async () => {
        const found = (await inbox(party)).filter((item) => item.document.kind === kind && matches(item));
        return found.length > 0 ? found : undefined;
      });
    let answered = 0;
    // The kind added last (libs/kinds/src/beskedmodul/JointInterviewAnswer.ts), end to end: the
    // a-kasse's answer routed under seed 001 and delivered to the jobcenter that invited it.
    let jointInterviewAnswers = 0;
    for (const message of routed) {
      const id = message.messageId as string;
      const causedBy = (item: InboxItem) => item.document.message?.envelope.causationId === id;
      if (message.kind === 'beskedmodul.EarlyOfferRecommendation') {
        const [decision] = await answerFor(
          message.publisher,
          'beskedmodul.EarlyOfferDecision',
          (item) => item.document.message?.recommendationMessageId === id,
        );
        expect(causedBy(decision)).toBe(true);
        answered += 1;
      }
      if (message.kind === 'beskedmodul.AvailabilityQuestion') {
        await answerFor(
          message.publisher,
          'beskedmodul.AvailabilityAnswer',
          (item) => item.document.message?.questionMessageId === id,
        );
        answered += 1;
      }
      if (message.kind === 'beskedmodul.JointInterviewInvitation') {
        const [answer] = await answerFor(
          message.publisher,
          'beskedmodul.JointInterviewAnswer',
          (item) => item.document.message?.invitationMessageId === id,
        );
        expect(causedBy(answer)).toBe(true);
        jointInterviewAnswers += 1;
        answered += 1;
      }
      if (
        message.kind === 'beskedmodul.Inquiry' &&
        answersInquiries(message.publisher) &&
        receiversOf(message).every(answersInquiries)
      ) {
        await answerFor(
          message.publisher,
          'beskedmodul.InquiryAnswer',
          (item) => item.document.message?.inquiryMessageId === id,
        );
        answered += 1;
      }
      if (message.kind === 'vitas.PlacementSubmitted') {
        const akasse = receiversOf(message).find((r) => r.kind === 'akasse') as Party;
        const [decision] = await eventually(`the placement decision at ${akasse.id}`, async () => {
          const found = (await inbox(akasse)).filter(
            (item) =>
              (item.document.kind === 'vitas.PlacementGranted' ||
                item.document.kind === 'vitas.PlacementRefused') &&
              causedBy(item),
          );
          return found.length > 0 ? found : undefined;
        });
        expect(decision.document.message?.envelope.sender).toEqual(
          receiversOf(message).find((r) => r.kind === 'jobcenter'),
        );
        answered += 1;
      }
    }
    expect(answered).toBeGreaterThan(0);
    expect(jointInterviewAnswers).toBeGreaterThan(0);
  });

  it('puts no CPR number the workload used into any mail, while the partners received them', async () => {
    const forms = workload.cprs.flatMap(cprForms);
    await refreshInboxes();
    const documents = JSON.stringify([...inboxes.values()]);
    // The numbers were really exchanged: the partner systems have them, as the law allows.
    expect(workload.cprs.filter((cpr) => documents.includes(cpr)).length).toBeGreaterThan(0);
    const scan = await scanMailsForCprs(stack.mailUiUrl, db, forms);
    expect(scan.capturedMails).toBeGreaterThan(0);
    expect(scan.outboxRows).toBeGreaterThan(0);
    expect(scan.found).toEqual([]);
    const { rows: log } = await db.query<{ everything: string }>(
      `SELECT row_to_json(e)::text AS everything FROM exchange_log e`,
    );
    for (const row of log) expect(forms.filter((form) => row.everything.includes(form))).toEqual([]);
  });
});
