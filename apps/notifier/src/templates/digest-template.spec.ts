import type { DigestItem } from '@hub/persistence';

import { renderDigest } from './digest-template';

const item = (reference: string, overrides: Partial<DigestItem> = {}): DigestItem => ({
  reference,
  messageId: `${reference.toLowerCase()}-2a90-5ace-b4e6-c4e000f79c5a`,
  what: 'afgørelse på indstilling om tidligt tilbud',
  action: 'Orienter dig om afgørelsen.',
  senderName: 'Jobcenter Norddjurs',
  receiverName: 'HK Danmarks A-kasse',
  channel: 'beskedmodul',
  due: null,
  agreementTitle: 'Samarbejdsaftale mellem Jobcenter Norddjurs og a-kassen',
  clauseRef: null,
  findings: [],
  ...overrides,
});

describe(renderDigest.name, () => {
  const digest = renderDigest({
    date: '2025-03-05',
    receiverName: 'HK Danmarks A-kasse',
    items: [
      item('613FB710'),
      item('7A1B2C3D', {
        what: 'overlevering efter a-kasseperioden',
        findings: [{ code: 'WRONG_PHASE', messageDa: 'Sendt i jobcentrets fase <måned 4>.' }],
      }),
    ],
  });

  it('names the day, the count and the mailbox owner in the subject, and no person', () => {
    expect(digest.subject).toBe('Dagligt overblik 2025-03-05: 2 beskeder til HK Danmarks A-kasse');
  });

  it('lists every item with its reference, what it is, who sent it, what to do and the findings', () => {
    for (const text of [digest.text, digest.html]) {
      expect(text).toContain('613FB710');
      expect(text).toContain('7A1B2C3D');
      expect(text).toContain('overlevering efter a-kasseperioden');
      expect(text).toContain('Jobcenter Norddjurs');
      expect(text).toContain('Orienter dig om afgørelsen.');
      expect(text).toContain('WRONG_PHASE');
    }
    expect(digest.text).toContain('1. Ref. 613FB710');
  });

  it('escapes text in the HTML part', () => {
    expect(digest.html).toContain('&lt;måned 4&gt;');
    expect(digest.html).not.toContain('<måned 4>');
  });
});
