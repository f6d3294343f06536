import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { EarlyOfferRecommendation, ExchangeRouted, loadHubCodec, TOPICS } from '@hub/contracts';
import { ConsumedRecord } from '@hub/kafka';
import { CitizenPseudonymizer } from '@hub/privacy';

import { RejectionBuilder } from './rejection';
import { RoutingService } from './routing.service';

const codec = loadHubCodec();
const sample = (
  JSON.parse(
    readFileSync(join(__dirname, '../../../../demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
  ) as { value: EarlyOfferRecommendation }
).value;

function routedEvent(value: EarlyOfferRecommendation): ExchangeRouted {
  const service = new RoutingService(
    codec,
    new CitizenPseudonymizer('k'.repeat(32)),
    () => ({
      catalog: loadAgreementCatalog(defaultAgreementsDir()),
      calendar: new DanishWorkingDayCalendar(),
    }),
    new RejectionBuilder(codec, 'test'),
    () => new Date('2025-03-03T08:15:01.000Z'),
  );
  const bytes = codec.encode('beskedmodul.EarlyOfferRecommendation', value);
  const record: ConsumedRecord = {
    topic: 'hub.inbound.beskedmodul.akasse-3f.v1',
    partition: 0,
    offset: '7',
    key: null,
    value: bytes,
    headers: {},
    timestamp: 0,
    rawHeaders: {},
  };
  const result = service.route({
    kind: 'beskedmodul.EarlyOfferRecommendation',
    value,
    channel: 'beskedmodul',
    sender: { kind: 'akasse', id: '3F' },
    record,
  });
  const event = result.records.find((out) => out.topic === TOPICS.events);
  if (!event) throw new Error(`no event among ${result.records.map((out) => out.topic).join(', ')}`);
  const decoded = codec.decode(event.value);
  if (decoded.kind !== 'events.ExchangeRouted') throw new Error(`got ${decoded.kind}`);
  return decoded.value as ExchangeRouted;
}

describe(RoutingService.name, () => {
  it("carries what a recommendation makes due in the routed event: the jobcenter's decision within 5 working days", () => {
    const event = routedEvent(sample);
    const decision = event.expectations.find((expectation) => expectation.kind === 'recommendation-decision');
    // Queued Monday 2025-03-03 (Danish date): 5 working days later is Monday 2025-03-10.
    expect(decision).toEqual({
      kind: 'recommendation-decision',
      dueOn: '2025-03-10',
      responsible: { kind: 'jobcenter', id: '707' },
      agreementId: 'norddjurs-akasse-2024',
      clauseRef: decision?.clauseRef,
      expectedMessageKinds: ['beskedmodul.EarlyOfferDecision'],
      conditional: false,
    });
    expect(decision?.clauseRef).toContain('seed 001');
  });

  it('marks the risk notice before the handover as conditional (only due if the a-kasse sees a risk)', () => {
    const risk = routedEvent(sample).expectations.find((e) => e.kind === 'risk-notice-before-handover');
    expect(risk).toMatchObject({ conditional: true, responsible: { kind: 'akasse', id: '3F' } });
  });

  it('carries no expectations for an exchange outside any agreement', () => {
    const outside = routedEvent({
      ...sample,
      envelope: { ...sample.envelope, queuedAt: '2023-03-03T08:15:00.000Z' },
    });
    expect(outside.agreementId).toBeNull();
    expect(outside.expectations).toEqual([]);
  });
});
