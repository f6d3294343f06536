import { deterministicUuid } from '@hub/common';
import {
  describeTextTooLong,
  ExchangeExpectation,
  findIdentifierProblems,
  findNulTextPaths,
  Finding,
  HEADERS,
  HubCodec,
  OUTBOUND_RECEIVER_KINDS,
  PartyRef,
  type ReasonCode,
  TEXT_TOO_LONG,
  TOPICS,
  validateCpr,
  validatePartyRef,
} from '@hub/contracts';
import {
  AgreementCatalog,
  Expectation,
  expectationsFor,
  isMessageKind,
  WorkingDayCalendar,
  Finding as RuleFinding,
} from '@hub/agreements';
import { danishDateOfMillis, judgeMessage } from '@hub/judging';
import { HandlerResult, OutgoingRecord } from '@hub/kafka';
import { CitizenPseudonymizer } from '@hub/privacy';

import type { InboundMessage } from '../inbound/inbound-message';
import { Rejection, RejectionBuilder } from './rejection';

/** Reference data the router judges with; swapped whole on reload, never mutated. */
export interface RoutingReferenceData {
  catalog: AgreementCatalog;
  calendar: WorkingDayCalendar;
}

function toFinding(finding: RuleFinding): Finding {
  return {
    code: finding.code,
    severity: finding.severity,
    agreementId: finding.agreementId ?? null,
    clauseRef: finding.clauseRef,
    messageDa: finding.messageDa,
    messageEn: finding.messageEn,
  };
}

function toExpectation(expectation: Expectation): ExchangeExpectation {
  return {
    kind: expectation.kind,
    dueOn: expectation.dueOn,
    responsible: { kind: expectation.responsibleParty.kind, id: expectation.responsibleParty.id },
    agreementId: expectation.agreementId,
    clauseRef: expectation.clauseRef,
    expectedMessageKinds: [...expectation.expectedMessageKinds],
    conditional: expectation.conditional,
  };
}

const same = (a: PartyRef, b: PartyRef): boolean => a.kind === b.kind && a.id === b.id;

const NUL = '\u0000';
/** The most field paths a NUL_IN_TEXT reason names; the rest are counted. */
const NUL_PATHS_NAMED = 5;

/**
 * The exchange date: the Danish date the hub received the message, from its inbound record's
 * timestamp (the broker's log-append time in production: HUB_INBOUND_TIMESTAMPS), never from the
 * partner's own envelope.queuedAt, which it could backdate. Null when the record carries no time.
 */
function exchangeDateOf(receivedAt: number): string | null {
  if (!Number.isFinite(receivedAt) || receivedAt < 0) return null;
  try {
    const date = danishDateOfMillis(receivedAt);
    return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  } catch {
    return null;
  }
}

/**
 * The identifiers refused at the edge, by the field a problem names: CVR numbers (Company.cvr),
 * P-numbers (Company.pNumber) and the id of every PartyRef. The reason states the rule, never the
 * value: a field meant for a P-number has been seen holding a CPR number.
 */
const EDGE_IDENTIFIERS = {
  cvr: {
    code: 'INVALID_CVR',
    rule: 'a CVR number is 8 digits passing the modulus-11 check (weights 2,7,6,5,4,3,2,1)',
  },
  pNumber: { code: 'INVALID_P_NUMBER', rule: 'a P-number is exactly 10 digits' },
  id: {
    code: 'INVALID_PARTY_CODE',
    rule: "a party's id must fit its kind (a known a-kasse code, a kommunekode of the 98 municipalities, an upper-case union code, a company's CVR number, VITAS or JOBAG)",
  },
} as const;
/** The most field paths an identifier reason names; the rest are counted. */
const IDENTIFIER_PATHS_NAMED = 5;

function identifierRejection(value: unknown): { code: ReasonCode; text: string } | undefined {
  const problems = findIdentifierProblems(value).flatMap((problem) => {
    const field = problem.path.split('.').pop() as string;
    return field in EDGE_IDENTIFIERS
      ? [{ path: problem.path, check: EDGE_IDENTIFIERS[field as keyof typeof EDGE_IDENTIFIERS] }]
      : [];
  });
  if (problems.length === 0) return undefined;
  const named = problems.slice(0, IDENTIFIER_PATHS_NAMED).map((p) => `${p.path} (${p.check.rule})`);
  const more =
    problems.length > IDENTIFIER_PATHS_NAMED ? ` and ${problems.length - IDENTIFIER_PATHS_NAMED} more` : '';
  return { code: problems[0].check.code, text: `invalid identifier in ${named.join('; ')}${more}` };
}

/**
 * Why an answer's inReplyTo cannot be judged, or undefined when it can (or there is none). The router
 * measures the response time from it (RESPONSE_LATE), so an unknown kind or an answer dated before
 * what it answers is refused, not guessed at. Names the field, never its value (free text).
 */
function answerReferenceProblem(message: InboundMessage, exchangeDate: string | null): string | undefined {
  const answered = message.value.inReplyTo;
  if (!answered) return undefined;
  if (!isMessageKind(answered.kind)) {
    return 'inReplyTo.kind is not a partner message kind the hub knows (e.g. beskedmodul.Inquiry)';
  }
  if (exchangeDate !== null && answered.exchangeDate > exchangeDate) {
    return `inReplyTo.exchangeDate is after the answer's own exchange date (${exchangeDate}): an answer cannot come before what it answers`;
  }
  return undefined;
}

/**
 * Judge → route → reject, for one decoded partner message. Pure apart from the clock: no database,
 * no network; everything it produces goes out in the consuming transaction.
 */
export class RoutingService {
  constructor(
    private readonly codec: HubCodec,
    private readonly pseudonymizer: CitizenPseudonymizer,
    private readonly reference: () => RoutingReferenceData,
    private readonly rejections: RejectionBuilder,
    private readonly now: () => Date = () => new Date(),
    /** How far envelope.queuedAt may be from the received time before CLAIMED_TIME_DIVERGES. */
    private readonly claimedTimeToleranceMinutes: number = 15,
  ) {}

  route(message: InboundMessage): HandlerResult {
    const { envelope, citizen } = message.value;
    // One read of the reference data for the whole message: a reload swaps it whole, and a message
    // is judged against one catalog and calendar from its first check to its last.
    const reference = this.reference();
    const { catalog } = reference;
    const now = this.now();
    const receivedAt = message.record.timestamp;
    const exchangeDate = exchangeDateOf(receivedAt);
    const pseudonym = citizen ? this.pseudonymizer.pseudonymOf(citizen.cpr) : null;
    // Checked before anything else: every later reason quotes the message's own text, and the
    // rejection itself carries its receivers and date, all of which the exchange log must be able
    // to hold.
    const nulPaths = findNulTextPaths(message.value);
    // A receiver whose id is no party code (or holds a NUL) is no partner, and its id may be any
    // text: it is left out of the rejection, which the exchange log and the mails repeat.
    const receivers = envelope.receivers.filter(
      (receiver) => !receiver.id.includes(NUL) && validatePartyRef(receiver).ok,
    );
    const reject = (
      reasonCode: ReasonCode,
      reasonText: string,
      findings: Finding[] = [],
      agreementId: string | null = null,
    ): HandlerResult => ({
      outcome: `rejected:${reasonCode}`,
      records: this.rejections.build(
        message.record,
        message.sender,
        {
          reasonCode,
          reasonText,
          findings,
          messageId: envelope.messageId,
          kind: message.kind,
          agreementId,
          citizenPseudonym: pseudonym,
          // The date a routed exchange of this message would have, so a rejection counts in the
          // month the hub received it (apps/monitor/README.md, KPI definitions).
          exchangeDate,
          receivers,
          correlationId: envelope.correlationId ?? envelope.messageId,
        } satisfies Rejection,
        now,
      ),
    });

    // PostgreSQL cannot store U+0000: a message holding one would be delivered and then fail in the
    // notifier and the monitor (no mail, no exchange log row). It is refused whole, like any other
    // invalid message, naming where the NUL is (never what the field holds: it may be a CPR number).
    if (nulPaths.length > 0) {
      const named = nulPaths.slice(0, NUL_PATHS_NAMED).join(', ');
      const more = nulPaths.length > NUL_PATHS_NAMED ? ` and ${nulPaths.length - NUL_PATHS_NAMED} more` : '';
      return reject(
        'NUL_IN_TEXT',
        `the text of ${named}${more} holds a NUL character (U+0000), which the hub cannot keep; send the message again without it`,
      );
    }

    // Free text longer than its schema declares (hub.maxLength, schemas/README.md) is refused whole
    // too, naming each field, its length and its limit, never what it holds. The ingress refuses the
    // same message with the same reason (apps/ingress/src/submission.ts).
    const textTooLong = this.codec.findTextTooLong(message.kind, message.value);
    if (textTooLong.length > 0) return reject(TEXT_TOO_LONG, describeTextTooLong(textTooLong));

    // Before anything quotes a party: a reason may name a party's code only once it is one.
    const badIdentifier = identifierRejection(message.value);
    if (badIdentifier) return reject(badIdentifier.code, badIdentifier.text);

    // Sender identity comes from the topic; a payload claiming someone else is not believed.
    if (!same(envelope.sender, message.sender)) {
      return reject(
        'SENDER_MISMATCH',
        `the message claims to be from ${envelope.sender.kind}:${envelope.sender.id} but arrived on ${message.sender.kind}:${message.sender.id}'s topic`,
      );
    }
    if (citizen) {
      const cpr = validateCpr(citizen.cpr);
      if (!cpr.ok) return reject('INVALID_CPR', `${cpr.reasonDa} / ${cpr.reasonEn}`);
    }
    if (envelope.receivers.length === 0) return reject('NO_RECEIVER', 'the message names no receiver');
    const unknown = envelope.receivers.filter((receiver) => !catalog.isKnownParty(receiver));
    if (unknown.length > 0) {
      return reject(
        'UNKNOWN_RECEIVER',
        `the hub knows no partner ${unknown.map((r) => `${r.kind}:${r.id}`).join(', ')}`,
      );
    }
    const unroutable = envelope.receivers.filter(
      (receiver) => !OUTBOUND_RECEIVER_KINDS.includes(receiver.kind),
    );
    if (unroutable.length > 0) {
      return reject(
        'UNROUTABLE_RECEIVER',
        `the hub cannot deliver to ${unroutable.map((r) => r.kind).join(', ')}`,
      );
    }

    const answerProblem = answerReferenceProblem(message, exchangeDate);
    if (answerProblem) return reject('INVALID_ANSWER_REFERENCE', answerProblem);

    if (exchangeDate === null) {
      // Never expected from a broker; judging on the partner's claim instead would let it choose.
      return reject(
        'NO_RECEIVED_TIME',
        'the record carries no timestamp the hub can judge on (it judges on when it received a message)',
      );
    }
    const { exchange, judgement } = judgeMessage(message, reference, {
      receivedAt,
      claimedTimeToleranceMinutes: this.claimedTimeToleranceMinutes,
    });
    const findings = judgement.findings.map(toFinding);
    const agreementId = judgement.agreement?.id ?? null;
    const clauseRef = judgement.agreement
      ? `${judgement.agreement.id}#${judgement.agreement.clauseId}`
      : null;
    if (judgement.verdict === 'reject') {
      const first = judgement.findings.find((finding) => finding.severity === 'reject');
      return reject(
        first?.code ?? 'RULE_REJECTED',
        first?.messageEn ?? 'rejected by the agreement rules',
        findings,
        agreementId,
      );
    }

    // Each receiver gets the partner's message in the framing its system reads (parties.yaml
    // `framing`): the same Avro body, only the header differs (docs/wire-formats.md).
    const payloads = new Map<string, Buffer>();
    for (const receiver of envelope.receivers) {
      const framing = reference.catalog.framingOf(receiver);
      try {
        payloads.set(
          `${receiver.kind}:${receiver.id}`,
          this.codec.reframe(message.record.value as Buffer, framing),
        );
      } catch (error) {
        return reject(
          'NO_SCHEMA_ID',
          `${receiver.kind}:${receiver.id} reads ${framing} framing, which the hub cannot write for this message: ${(error as Error).message}`,
          findings,
          agreementId,
        );
      }
    }

    // What the exchange makes due (seed 001's targets); the monitor watches them and counts timeliness.
    const expectations = expectationsFor(exchange, judgement, reference.catalog, reference.calendar).map(
      toExpectation,
    );
    const routedAt = now.toISOString();
    const key = pseudonym ?? envelope.messageId;
    const headers = {
      [HEADERS.correlationId]: envelope.correlationId ?? envelope.messageId,
      [HEADERS.messageId]: envelope.messageId,
    };
    const routingIds: string[] = [];
    const records: OutgoingRecord[] = envelope.receivers.map((receiver) => {
      const routingId = deterministicUuid('RoutedMessage', envelope.messageId, receiver.kind, receiver.id);
      routingIds.push(routingId);
      return {
        topic: TOPICS.outbound(receiver.kind),
        key,
        value: this.codec.encode('routing.RoutedMessage', {
          routingId,
          messageId: envelope.messageId,
          kind: message.kind,
          channel: message.channel,
          sender: message.sender,
          receiver,
          agreementId,
          clauseRef,
          findings,
          citizenPseudonym: pseudonym,
          routedAt,
          payload: payloads.get(`${receiver.kind}:${receiver.id}`) as Buffer,
        }),
        headers: { ...headers, [HEADERS.kind]: 'routing.RoutedMessage' },
      };
    });
    records.push({
      topic: TOPICS.events,
      key: envelope.messageId,
      value: this.codec.encode('events.ExchangeRouted', {
        eventId: deterministicUuid('ExchangeRouted', envelope.messageId),
        messageId: envelope.messageId,
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
        kind: message.kind,
        channel: message.channel,
        sender: message.sender,
        receivers: envelope.receivers,
        routingIds,
        agreementId,
        clauseRef,
        verdict: judgement.verdict,
        findings,
        citizenPseudonym: pseudonym,
        exchangeDate,
        queuedAt: envelope.queuedAt,
        routedAt,
        sourceTopic: message.record.topic,
        sourcePartition: message.record.partition,
        sourceOffset: message.record.offset,
        expectations,
      }),
      headers: { ...headers, [HEADERS.kind]: 'events.ExchangeRouted' },
    });
    return { outcome: findings.length > 0 ? 'routed-with-findings' : 'routed', records };
  }
}
