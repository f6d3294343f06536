import type { PartyRef } from '@hub/contracts';

import { PartnerCredentials } from './partner-credentials';
import { Refusal } from './submission';

const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
const JOBCENTER_707: PartyRef = { kind: 'jobcenter', id: '707' };
const KEY_3F = 'k3f-0123456789abcdef';
const KEY_707 = 'k707-0123456789abcdef';

const credentials = new PartnerCredentials(
  [
    { party: AKASSE_3F, key: KEY_3F },
    { party: JOBCENTER_707, key: KEY_707 },
  ],
  [AKASSE_3F, JOBCENTER_707],
);

function refusalOf(action: () => unknown): Refusal {
  try {
    action();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(PartnerCredentials.name, () => {
  it("tells the partner by its key, and by its certificate's common name", () => {
    expect(credentials.partnerFor(KEY_3F, undefined)).toEqual(AKASSE_3F);
    expect(credentials.partnerFor(undefined, { authorized: true, commonName: 'jobcenter:707' })).toEqual(
      JOBCENTER_707,
    );
    expect(credentials.partnerFor(KEY_707, { authorized: true, commonName: 'jobcenter:707' })).toEqual(
      JOBCENTER_707,
    );
  });

  it('refuses no credentials, a wrong key and a certificate the CA did not issue (401)', () => {
    expect(refusalOf(() => credentials.partnerFor(undefined, undefined)).status).toBe(401);
    expect(refusalOf(() => credentials.partnerFor('wrong-0123456789abcdef', undefined)).status).toBe(401);
    expect(
      refusalOf(() => credentials.partnerFor(undefined, { authorized: false, commonName: 'akasse:3F' }))
        .status,
    ).toBe(401);
  });

  it('refuses a key and a certificate of different partners, and a certificate of no known partner (403)', () => {
    expect(
      refusalOf(() => credentials.partnerFor(KEY_3F, { authorized: true, commonName: 'jobcenter:707' })),
    ).toMatchObject({ status: 403, reasonCode: 'CREDENTIALS_DISAGREE' });
    expect(
      refusalOf(() => credentials.partnerFor(undefined, { authorized: true, commonName: 'akasse:NOPE' })),
    ).toMatchObject({ status: 403, reasonCode: 'UNKNOWN_SENDER' });
  });

  it('will not start with a key for a partner the agreements do not know', () => {
    expect(
      () => new PartnerCredentials([{ party: { kind: 'akasse', id: 'NOPE' }, key: KEY_3F }], [AKASSE_3F]),
    ).toThrow(/akasse:NOPE/);
  });
});
