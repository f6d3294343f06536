import { randomUUID } from 'node:crypto';

import { DanishWorkingDayCalendar } from '@hub/agreements';
import { DataSource, EntityManager } from 'typeorm';

import { stackSettings } from '../../../../test/support/local-stack';
import { dataSourceOptions } from '../data-source';
import {
  ExchangeLogRepository as ExchangeLog,
  ExchangeUpsert,
  NewExpectation,
  TimelineStep,
} from './exchange-log.repository';

const AKASSE = { kind: 'akasse', id: '3f' };
const JOBCENTER = { kind: 'jobcenter', id: '707' };
const UNION = { kind: 'union', id: 'hk' };
const ADMIN = { role: 'admin' } as const;

/**
 * The exchange log's repository against the real PostgreSQL, as its users see it: an exchange
 * written is read back with its steps and deadlines, within what each reader may see; applying the
 * same event again changes nothing; an answer is linked to what it answers; a purged exchange stays
 * gone when a late event about it comes. Each test works on its own fresh ids and its own agreement
 * id, so a log shared with other suites is neither read nor disturbed.
 */
describe(ExchangeLog.name, () => {
  const url = stackSettings().databaseUrl;
  let dataSource: DataSource;
  let db: EntityManager;
  const calendar = new DanishWorkingDayCalendar();
  const written: string[] = [];

  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions(url, `it-exchange-log-${randomUUID().slice(0, 8)}`),
    ).initialize();
    db = dataSource.manager;
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await db.query('DELETE FROM exchange_timeline WHERE message_id = ANY($1::uuid[])', [written]);
      await db.query('DELETE FROM exchange_expectation WHERE trigger_message_id = ANY($1::uuid[])', [
        written,
      ]);
      await db.query('DELETE FROM exchange_log WHERE message_id = ANY($1::uuid[])', [written]);
      await db.query('DELETE FROM purged_exchange WHERE message_id = ANY($1::uuid[])', [written]);
      await dataSource.destroy();
    }
  });

  /** A routed exchange as the projection writes it; a fresh message id, remembered for clean-up. */
  function routed(agreementId: string, overrides: Partial<ExchangeUpsert> = {}): ExchangeUpsert {
    const row: ExchangeUpsert = {
      message_id: randomUUID(),
      kind: 'beskedmodul.RiskNotice',
      channel: 'beskedmodul',
      sender_kind: AKASSE.kind,
      sender_id: AKASSE.id,
      receivers: [JOBCENTER],
      correlation_id: randomUUID(),
      agreement_id: agreementId,
      clause_ref: 'seed 001, Risiko',
      status: 'routed',
      verdict: 'deliver',
      reason_code: null,
      findings: [],
      citizen_pseudonym: `cz_${randomUUID().slice(0, 12)}`,
      exchange_date: '2025-04-01',
      queued_at: '2025-04-01T08:00:00.000Z',
      routed_at: '2025-04-01T08:00:01.000Z',
      rejected_at: null,
      causation_id: null,
      ...overrides,
    };
    written.push(row.message_id);
    return row;
  }

  function step(
    messageId: string,
    name: string,
    at: string,
    detail: Record<string, unknown> = {},
  ): TimelineStep {
    return { event_id: randomUUID(), message_id: messageId, step: name, at, detail };
  }

  function expectation(trigger: ExchangeUpsert, dueOn: string, expectedKinds: string[]): NewExpectation {
    return {
      expectation_id: randomUUID(),
      trigger_message_id: trigger.message_id,
      trigger_kind: String(trigger.kind),
      trigger_date: trigger.exchange_date,
      kind: 'joint-risk-assessment',
      rule_code: 'JOINT_RISK_ASSESSMENT',
      due_on: dueOn,
      responsible_kind: JOBCENTER.kind,
      responsible_id: JOBCENTER.id,
      agreement_id: trigger.agreement_id ?? 'none',
      clause_ref: 'seed 001, Risikovurdering',
      expected_kinds: expectedKinds,
      conditional: false,
      citizen_pseudonym: trigger.citizen_pseudonym,
      correlation_id: trigger.correlation_id,
    };
  }

  const agreement = (): string => `it-agreement-${randomUUID().slice(0, 8)}`;

  it('reads an exchange back with its timeline and deadlines, within what each reader may see', async () => {
    const agreementId = agreement();
    const notice = routed(agreementId, { receivers: [JOBCENTER, UNION] });
    const refused = routed(agreementId, {
      status: 'rejected',
      verdict: 'reject',
      reason_code: 'RECOMMENDATION_INCOMPLETE',
      receivers: [UNION],
      routed_at: null,
      queued_at: null,
      rejected_at: '2025-04-01T09:00:00.000Z',
    });
    const deadline = expectation(notice, '2025-04-10', ['beskedmodul.RiskAssessment']);
    await dataSource.transaction(async (tx) => {
      await ExchangeLog.upsertExchanges(tx, [notice, refused]);
      await ExchangeLog.recordDeliveries(tx, [
        { message_id: notice.message_id, delivered_at: '2025-04-01T08:00:05.000Z', failed: false },
      ]);
      await ExchangeLog.insertExpectations(tx, [deadline]);
      await ExchangeLog.insertSteps(tx, [
        step(notice.message_id, 'routed', '2025-04-01T08:00:01.000Z', { verdict: 'deliver' }),
        step(notice.message_id, 'delivered', '2025-04-01T08:00:05.000Z', { receiver: JOBCENTER }),
        step(refused.message_id, 'rejected', '2025-04-01T09:00:00.000Z'),
      ]);
    });

    expect(await ExchangeLog.one(db, ADMIN, notice.message_id)).toMatchObject({
      message_id: notice.message_id,
      status: 'delivered',
      agreement_id: agreementId,
      receivers: [JOBCENTER, UNION],
      exchange_date: '2025-04-01',
      delivered_at: new Date('2025-04-01T08:00:05.000Z'),
      answered_by: null,
    });
    expect(
      (await ExchangeLog.steps(db, notice.message_id)).map(({ step: name, detail }) => ({ name, detail })),
    ).toEqual([
      { name: 'routed', detail: { verdict: 'deliver' } },
      { name: 'delivered', detail: { receiver: JOBCENTER } },
    ]);
    expect(await ExchangeLog.expectationsOf(db, notice.message_id)).toEqual([
      expect.objectContaining({
        expectation_id: deadline.expectation_id,
        due_on: '2025-04-10',
        trigger_date: '2025-04-01',
        fulfilled_by: null,
      }),
    ]);

    // The union receives the notice but not the rejection that names it: it was never delivered.
    const union = { role: 'partner' as const, party: UNION };
    const listed = await ExchangeLog.list(db, union, { agreement: agreementId, limit: 10, offset: 0 });
    expect(listed.map((exchange) => exchange.message_id)).toEqual([notice.message_id]);
    expect(await ExchangeLog.one(db, union, refused.message_id)).toBeUndefined();
    const sender = { role: 'partner' as const, party: AKASSE };
    expect(
      (
        await ExchangeLog.list(db, sender, {
          agreement: agreementId,
          status: 'rejected',
          limit: 10,
          offset: 0,
        })
      ).map((exchange) => exchange.reason_code),
    ).toEqual(['RECOMMENDATION_INCOMPLETE']);

    // The month's exchanges of one kind: the one routed and the one rejected.
    expect(await ExchangeLog.volumes(db, ADMIN, { agreement: agreementId })).toEqual([
      {
        agreement_id: agreementId,
        month: '2025-04',
        kind: 'beskedmodul.RiskNotice',
        exchanges: '2',
        routed: '1',
        rejected: '1',
      },
    ]);
    expect(await ExchangeLog.rejections(db, ADMIN, { agreement: agreementId })).toEqual([
      {
        agreement_id: agreementId,
        month: '2025-04',
        reason_code: 'RECOMMENDATION_INCOMPLETE',
        rejections: '1',
      },
    ]);
  });

  it('changes nothing when the same events are applied again', async () => {
    const agreementId = agreement();
    const notice = routed(agreementId);
    const deadline = expectation(notice, '2025-04-10', ['beskedmodul.RiskAssessment']);
    const eventIds = [randomUUID(), randomUUID()];
    const routedStep = step(notice.message_id, 'routed', '2025-04-01T08:00:01.000Z');
    const apply = (raisedAt: string): Promise<Set<string>> =>
      dataSource.transaction(async (tx) => {
        const fresh = await ExchangeLog.markApplied(tx, eventIds);
        await ExchangeLog.upsertExchanges(tx, [notice]);
        await ExchangeLog.insertExpectations(tx, [deadline]);
        await ExchangeLog.recordDeadlineEvents(tx, [
          {
            ordinal: 0,
            step: 'due',
            event_id: eventIds[1],
            trigger_message_id: notice.message_id,
            rule_code: deadline.rule_code,
            at: raisedAt,
          },
        ]);
        await ExchangeLog.insertSteps(tx, [routedStep]);
        return fresh;
      });
    const state = async (): Promise<unknown> => ({
      exchange: await ExchangeLog.one(db, ADMIN, notice.message_id),
      steps: await ExchangeLog.steps(db, notice.message_id),
      expectations: await ExchangeLog.expectationsOf(db, notice.message_id),
    });

    expect(await apply('2025-04-09T06:00:00.000Z')).toEqual(new Set(eventIds));
    const once = await state();
    // A redelivery: the events are known, and a deadline raised twice keeps the earliest time.
    expect(await apply('2025-04-09T07:00:00.000Z')).toEqual(new Set());
    expect(await state()).toEqual(once);
    expect(once).toMatchObject({
      steps: [expect.objectContaining({ step: 'routed' })],
      expectations: [expect.objectContaining({ due_raised_at: new Date('2025-04-09T06:00:00.000Z') })],
    });
  });

  it('links an answer to the exchange it answers and to the deadline it meets, in working days', async () => {
    const agreementId = agreement();
    const notice = routed(agreementId, { exchange_date: '2025-04-01' });
    const deadline = expectation(notice, '2025-04-10', ['beskedmodul.RiskAssessment']);
    const answer = routed(agreementId, {
      kind: 'beskedmodul.RiskAssessment',
      sender_kind: JOBCENTER.kind,
      sender_id: JOBCENTER.id,
      receivers: [AKASSE],
      causation_id: notice.message_id,
      citizen_pseudonym: notice.citizen_pseudonym,
      exchange_date: '2025-04-04',
      routed_at: '2025-04-04T10:00:00.000Z',
    });
    // The answer first, in its own transaction: the links hold whatever order the two come in.
    await dataSource.transaction(async (tx) => {
      await ExchangeLog.lockKeys(tx, [answer.message_id, notice.message_id, answer.citizen_pseudonym]);
      await ExchangeLog.upsertExchanges(tx, [answer]);
      await ExchangeLog.refreshAnswered(tx, [answer.message_id, notice.message_id]);
    });
    await dataSource.transaction(async (tx) => {
      await ExchangeLog.lockKeys(tx, [notice.message_id, notice.citizen_pseudonym]);
      await ExchangeLog.upsertExchanges(tx, [notice]);
      await ExchangeLog.insertExpectations(tx, [deadline]);
      await ExchangeLog.refreshAnswered(tx, [notice.message_id]);
      await ExchangeLog.refreshFulfilment(tx, [deadline.expectation_id], [], calendar);
    });

    expect(await ExchangeLog.one(db, ADMIN, notice.message_id)).toMatchObject({
      answered_by: answer.message_id,
      answered_kind: 'beskedmodul.RiskAssessment',
      answered_on: '2025-04-04',
    });
    expect(await ExchangeLog.expectationsOf(db, notice.message_id)).toEqual([
      expect.objectContaining({
        fulfilled_by: answer.message_id,
        fulfilled_on: '2025-04-04',
        // Tuesday 1 to Friday 4 April 2025: three working days.
        response_working_days: 3,
      }),
    ]);
    const answered = await ExchangeLog.expectations(
      db,
      ADMIN,
      { state: 'answered', agreement: agreementId, limit: 10 },
      '2025-04-20',
    );
    expect(answered.map((row) => row.expectation_id)).toEqual([deadline.expectation_id]);
    expect(await ExchangeLog.timeliness(db, ADMIN, { agreement: agreementId }, '2025-04-20')).toEqual([
      expect.objectContaining({
        expectations: '1',
        answered: '1',
        on_time: '1',
        median: 3,
        overdue_now: '0',
      }),
    ]);
  });

  it('keeps a purged exchange gone when a late event about it comes', async () => {
    const agreementId = agreement();
    const old = routed(agreementId, { exchange_date: '2001-03-01' });
    const recent = routed(agreementId, { exchange_date: '2025-04-01' });
    const deadline = expectation(old, '2001-03-10', ['beskedmodul.RiskAssessment']);
    await dataSource.transaction(async (tx) => {
      await ExchangeLog.upsertExchanges(tx, [old, recent]);
      await ExchangeLog.insertExpectations(tx, [deadline]);
      await ExchangeLog.insertSteps(tx, [step(old.message_id, 'routed', '2001-03-01T08:00:01.000Z')]);
    });

    expect(await ExchangeLog.purgeBatch(db, '2002-01-01', agreementId, [], 100)).toBe(1);
    expect(await ExchangeLog.purgeBatch(db, '2002-01-01', agreementId, [], 100)).toBe(0);

    // Its delivery receipt and a caseworker's mail arrive after the purge.
    await dataSource.transaction(async (tx) => {
      const routedAtOf = await ExchangeLog.recordDeliveries(tx, [
        { message_id: old.message_id, delivered_at: '2001-03-01T08:00:05.000Z', failed: false },
      ]);
      expect(routedAtOf.size).toBe(0);
      await ExchangeLog.insertSteps(tx, [
        step(old.message_id, 'delivered', '2001-03-01T08:00:05.000Z'),
        step(old.message_id, 'notified', '2001-03-01T09:00:00.000Z', { mailbox: 'sagsbehandler' }),
      ]);
    });

    expect(await ExchangeLog.one(db, ADMIN, old.message_id)).toBeUndefined();
    expect(await ExchangeLog.steps(db, old.message_id)).toEqual([]);
    expect(await ExchangeLog.expectationsOf(db, old.message_id)).toEqual([]);
    expect(await ExchangeLog.one(db, ADMIN, recent.message_id)).toMatchObject({ status: 'routed' });
  });

  it('hands each deadline to one watch, and not again once its event is raised', async () => {
    const agreementId = agreement();
    const notice = routed(agreementId, { exchange_date: '1900-01-01' });
    // Due long ago, within the week of a "today" no other deadline in a shared log is near.
    const deadline = expectation(notice, '1900-01-04', ['beskedmodul.RiskAssessment']);
    await dataSource.transaction(async (tx) => {
      await ExchangeLog.upsertExchanges(tx, [notice]);
      await ExchangeLog.insertExpectations(tx, [deadline]);
    });
    const today = '1900-01-02';

    await dataSource.transaction(async (first) => {
      const claimed = await ExchangeLog.claimDeadlines(first, today, 10);
      expect(claimed.map((row) => row.expectation_id)).toEqual([deadline.expectation_id]);
      expect(claimed[0]).toMatchObject({
        due_on: '1900-01-04',
        due_event_id: null,
        expected_kinds: ['beskedmodul.RiskAssessment'],
      });
      // A second watch meanwhile skips what the first holds.
      await dataSource.transaction(async (second) => {
        expect(await ExchangeLog.claimDeadlines(second, today, 10)).toEqual([]);
      });
      await ExchangeLog.markDeadlineRaised(
        first,
        deadline.expectation_id,
        'due',
        randomUUID(),
        '1900-01-02T06:00:00.000Z',
      );
    });
    await dataSource.transaction(async (tx) => {
      expect(await ExchangeLog.claimDeadlines(tx, today, 10)).toEqual([]);
    });

    // Past due and unanswered: counted per agreement.
    const overdue = await ExchangeLog.overdueByAgreement(db, '1900-01-05');
    expect(overdue.filter((row) => row.agreement_id === agreementId)).toEqual([
      { agreement_id: agreementId, n: '1' },
    ]);
  });
});
