import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import {
  AvailabilityQuestion,
  EarlyOfferRecommendation,
  Inquiry,
  JointInterviewInvitation,
  loadHubCodec,
  loadMessageExamples,
  MessageKind,
  MessageTypes,
  PlacementSubmitted,
} from '@hub/contracts';
import { judgeMessage } from '@hub/judging';
import type { PartnerMessage } from '@hub/kinds';

import { generateWorkload } from '../traffic/workload';
import { decideEarlyOffer, decidePlacement, DeliveredDocument, planAnswer } from './partner-responder';

const codec = loadHubCodec();
const catalog = loadAgreementCatalog(defaultAgreementsDir());
const calendar = new DanishWorkingDayCalendar();
const examples = loadMessageExamples();

function example<K extends MessageKind>(kind: K): MessageTypes[K] {
  return codec.fromJson(kind, (examples.get(kind) as { json: unknown }).json);
}

/** What the adapter delivers to `receiver` for a message (documentForRouted's shape). */
function delivered(
  kind: string,
  message: { envelope: { messageId: string; sender: never } },
  receiver: object,
): DeliveredDocument {
  return {
    documentType: 'message',
    messageId: message.envelope.messageId,
    kind,
    sender: message.envelope.sender,
    receiver: receiver as DeliveredDocument['receiver'],
    message: JSON.parse(JSON.stringify(message)) as unknown,
  };
}

describe('planAnswer', () => {
  it('has the jobcenter decide on a recommendation and send the decision to the a-kasse, caused by and correlated with it', () => {
    const recommendation = example('beskedmodul.EarlyOfferRecommendation');
    const answer = planAnswer(
      delivered('beskedmodul.EarlyOfferRecommendation', recommendation as never, {
        kind: 'jobcenter',
        id: '707',
      }),
    );
    expect(answer?.kind).toBe('beskedmodul.EarlyOfferDecision');
    const decision = answer?.value as MessageTypes['beskedmodul.EarlyOfferDecision'];
    expect(answer?.publisher).toEqual({ kind: 'jobcenter', id: '707' });
    expect(answer?.channel).toBe('beskedmodul');
    expect(decision.envelope.sender).toEqual({ kind: 'jobcenter', id: '707' });
    expect(decision.envelope.receivers).toEqual([recommendation.envelope.sender]);
    expect(decision.envelope.causationId).toBe(recommendation.envelope.messageId);
    expect(decision.envelope.correlationId).toBe(recommendation.envelope.correlationId);
    expect(decision.recommendationMessageId).toBe(recommendation.envelope.messageId);
    expect(decision.citizen).toEqual(recommendation.citizen);
    expect(decision.decidedOn > recommendation.envelope.queuedAt.slice(0, 10)).toBe(true);
    expect(codec.validate('beskedmodul.EarlyOfferDecision', decision)).toEqual([]);
  });

  it('decides the same way every time, and refuses a course priced far above the usual', () => {
    const recommendation = example('beskedmodul.EarlyOfferRecommendation');
    expect(decideEarlyOffer(recommendation)).toEqual(decideEarlyOffer(structuredClone(recommendation)));
    const expensive: EarlyOfferRecommendation = { ...recommendation, price: '95000.00' };
    expect(decideEarlyOffer(expensive)).toMatchObject({ outcome: 'REFUSED', refusalReason: 'PRICE' });
  });

  it('grants or refuses a placement as the processing jobcenter, through VITAS, to the company and the a-kasse', () => {
    const submission = example('vitas.PlacementSubmitted');
    const answer = planAnswer(
      delivered('vitas.PlacementSubmitted', submission as never, { kind: 'jobcenter', id: '707' }),
    );
    expect(['vitas.PlacementGranted', 'vitas.PlacementRefused']).toContain(answer?.kind);
    expect(answer?.publisher).toEqual({ kind: 'jobcenter', id: '707' });
    expect(answer?.channel).toBe('vitas');
    const value = answer?.value as MessageTypes['vitas.PlacementGranted'];
    expect(value.envelope.receivers).toEqual([
      { kind: 'company', id: submission.company.cvr },
      { kind: 'akasse', id: 'HK' },
    ]);
    expect(value.placementId).toBe(submission.placementId);
    expect(value.envelope.causationId).toBe(submission.envelope.messageId);
  });

  it('refuses a placement that breaks the ratio rule (1 per 5 ordinary employees up to 50)', () => {
    const submission: PlacementSubmitted = {
      ...example('vitas.PlacementSubmitted'),
      ordinaryEmployeesAtPNumber: 24,
      subsidisedPersonsAtPNumber: 4,
    };
    expect(decidePlacement(submission)).toMatchObject({ granted: false, reason: 'RATIO_RULE_EXCEEDED' });
    expect(decidePlacement({ ...submission, subsidisedPersonsAtPNumber: 3 }).reason).not.toBe(
      'RATIO_RULE_EXCEEDED',
    );
  });

  it("does not answer an a-kasse's copy of a placement, nor for a jobcenter that does not process it", () => {
    const submission = example('vitas.PlacementSubmitted');
    expect(
      planAnswer(delivered('vitas.PlacementSubmitted', submission as never, { kind: 'akasse', id: 'HK' })),
    ).toBeUndefined();
    expect(
      planAnswer(
        delivered('vitas.PlacementSubmitted', submission as never, { kind: 'jobcenter', id: '101' }),
      ),
    ).toBeUndefined();
  });

  it("has the a-kasse answer the jobcenter's availability question", () => {
    const question: AvailabilityQuestion = example('beskedmodul.AvailabilityQuestion');
    const answer = planAnswer(
      delivered('beskedmodul.AvailabilityQuestion', question as never, { kind: 'akasse', id: '3F' }),
    );
    expect(answer?.kind).toBe('beskedmodul.AvailabilityAnswer');
    const value = answer?.value as MessageTypes['beskedmodul.AvailabilityAnswer'];
    expect(value.questionMessageId).toBe(question.envelope.messageId);
    expect(value.envelope.receivers).toEqual([{ kind: 'jobcenter', id: '791' }]);
    expect(value.meetsAvailabilityRules || value.explanation !== null).toBe(true);
  });

  it('has the a-kasse answer an invitation to the joint interview, taking part only if the citizen wished it', () => {
    const invitation: JointInterviewInvitation = example('beskedmodul.JointInterviewInvitation');
    const answerTo = (wished: boolean) =>
      planAnswer(
        delivered(
          'beskedmodul.JointInterviewInvitation',
          { ...invitation, akasseParticipationWished: wished } as never,
          { kind: 'akasse', id: 'HK' },
        ),
      );
    const answer = answerTo(true);
    expect(answer?.kind).toBe('beskedmodul.JointInterviewAnswer');
    const value = answer?.value as MessageTypes['beskedmodul.JointInterviewAnswer'];
    expect(value.invitationMessageId).toBe(invitation.envelope.messageId);
    expect(value.envelope.receivers).toEqual([invitation.envelope.sender]);
    expect(value.inReplyTo?.kind).toBe('beskedmodul.JointInterviewInvitation');
    expect(value.akasseTakesPart || value.note !== null).toBe(true);
    expect((answerTo(false)?.value as typeof value).akasseTakesPart).toBe(false);
  });

  it('answers an inquiry to the one who asked', () => {
    const inquiry: Inquiry = example('beskedmodul.Inquiry');
    const answer = planAnswer(
      delivered('beskedmodul.Inquiry', inquiry as never, { kind: 'jobcenter', id: '707' }),
    );
    expect(answer?.kind).toBe('beskedmodul.InquiryAnswer');
    expect((answer?.value as MessageTypes['beskedmodul.InquiryAnswer']).envelope.receivers).toEqual([
      inquiry.envelope.sender,
    ]);
  });

  it('does not answer rejection receipts or messages that need no answer', () => {
    const recommendation = example('beskedmodul.EarlyOfferRecommendation');
    expect(
      planAnswer({
        ...delivered('beskedmodul.EarlyOfferRecommendation', recommendation as never, {
          kind: 'jobcenter',
          id: '707',
        }),
        documentType: 'rejection-receipt',
      }),
    ).toBeUndefined();
    const handover = example('beskedmodul.Handover');
    expect(
      planAnswer(delivered('beskedmodul.Handover', handover as never, { kind: 'jobcenter', id: '707' })),
    ).toBeUndefined();
  });

  it('answers the simulated traffic with valid messages the hub routes under the same agreements', () => {
    const workload = generateWorkload({ seed: 3, count: 800, badShare: 0 }, codec);
    const answers = workload.messages.flatMap((message) => {
      if (message.expect.outcome !== 'routed') return [];
      const envelope = (message.value as { envelope: { receivers: DeliveredDocument['receiver'][] } })
        .envelope;
      return envelope.receivers.flatMap((receiver) => {
        const answer = planAnswer(delivered(message.kind as string, message.value as never, receiver));
        return answer ? [answer] : [];
      });
    });
    expect(new Set(answers.map((a) => a.kind))).toEqual(
      new Set([
        'beskedmodul.EarlyOfferDecision',
        'beskedmodul.AvailabilityAnswer',
        'beskedmodul.InquiryAnswer',
        'beskedmodul.JointInterviewAnswer',
        'vitas.PlacementGranted',
        'vitas.PlacementRefused',
      ]),
    );
    for (const answer of answers) {
      const bytes = codec.encode(answer.kind, answer.value);
      expect(codec.decode(bytes).kind).toBe(answer.kind);
      const { judgement } = judgeMessage(
        {
          kind: answer.kind,
          value: answer.value,
          channel: answer.channel,
          sender: answer.publisher,
        } as PartnerMessage,
        { catalog, calendar },
      );
      expect([answer.kind, judgement.verdict]).not.toEqual([answer.kind, 'reject']);
    }
  });
});
