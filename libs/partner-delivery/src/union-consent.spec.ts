import { unionConsentRefusal } from './union-consent';

const union = { kind: 'union' as const, id: 'FH-DJURSLAND' };
const citizen = { cpr: '230795-0000' };

describe('unionConsentRefusal', () => {
  it('lets a message about a citizen go to a union when the consent is on record', () => {
    expect(unionConsentRefusal(union, { citizen, consentOnRecord: true })).toBeNull();
  });

  it('refuses a message about a citizen to a union without consent, naming the union and what is missing', () => {
    const reason = unionConsentRefusal(union, { citizen, consentOnRecord: false });
    expect(reason).toContain('union FH-DJURSLAND');
    expect(reason).toContain('consentOnRecord is false');
    expect(reason).not.toContain('230795');
  });

  it('refuses a message about a citizen whose kind carries no consent at all', () => {
    expect(unionConsentRefusal(union, { citizen })).toContain('consentOnRecord is missing');
  });

  it('lets a general inquiry (about no citizen) go to a union without consent', () => {
    expect(unionConsentRefusal(union, { citizen: null, consentOnRecord: false })).toBeNull();
  });

  it('asks no consent of the other receivers', () => {
    for (const kind of ['akasse', 'jobcenter', 'company'] as const) {
      expect(unionConsentRefusal({ kind, id: 'X' }, { citizen, consentOnRecord: false })).toBeNull();
    }
  });

  it('treats a message that is not an object as about no citizen', () => {
    expect(unionConsentRefusal(union, null)).toBeNull();
  });
});
