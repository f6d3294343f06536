import {
  channelOfKind,
  CHANNELS_BY_SENDER_KIND,
  type Envelope,
  loadMessageExamples,
  MESSAGE_KINDS,
  type MessageKind,
  OUTBOUND_RECEIVER_KINDS,
} from '@hub/contracts';

import { MESSAGE_CATALOG } from './catalog';

describe('MESSAGE_CATALOG', () => {
  const examples = loadMessageExamples();
  const partnerKinds = MESSAGE_KINDS.filter((kind) => channelOfKind(kind));

  it.each(partnerKinds)('lets the %s example be sent the way the catalog says', (kind: MessageKind) => {
    const info = MESSAGE_CATALOG[kind];
    const channel = channelOfKind(kind);
    const envelope = (examples.get(kind)?.json as { envelope: Envelope }).envelope;
    // The sender is one the catalog names, and it may publish on this channel (topics.ts).
    expect(info.senders).toContain(envelope.sender.kind);
    for (const sender of info.senders)
      expect([sender, CHANNELS_BY_SENDER_KIND[sender]]).toEqual([sender, expect.arrayContaining([channel])]);
    // Every receiver is one the catalog names and has an outbound topic (an adapter).
    for (const receiver of envelope.receivers) expect(info.receivers).toContain(receiver.kind);
    for (const receiver of info.receivers) expect(OUTBOUND_RECEIVER_KINDS).toContain(receiver);
  });

  it('routes to a union only kinds that carry whether the citizen consented', () => {
    const withUnion = partnerKinds.filter((kind) => MESSAGE_CATALOG[kind].receivers.includes('union'));
    for (const kind of withUnion) {
      expect([kind, Object.keys(examples.get(kind)?.json as object)]).toEqual([
        kind,
        expect.arrayContaining(['consentOnRecord']),
      ]);
    }
  });

  it('quotes at least one seed clause for every kind', () => {
    for (const kind of MESSAGE_KINDS)
      expect([kind, MESSAGE_CATALOG[kind].clauses.length > 0]).toEqual([kind, true]);
  });
});
