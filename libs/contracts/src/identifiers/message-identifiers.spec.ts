import { loadMessageExamples } from '../examples';
import type { PlacementSubmitted } from '../generated/messages';
import { findIdentifierProblems, validatePartyRef } from './message-identifiers';

describe(findIdentifierProblems.name, () => {
  const examples = loadMessageExamples();

  it.each([...examples.keys()])('finds nothing wrong with the identifiers in the %s example', (kind) => {
    expect(findIdentifierProblems(examples.get(kind)?.json)).toEqual([]);
  });

  it('names every bad identifier in a placement with its path', () => {
    const placement = structuredClone(examples.get('vitas.PlacementSubmitted')?.json) as PlacementSubmitted;
    placement.citizen.cpr = '320190-0000';
    placement.company.cvr = '12345675';
    placement.contactPerson.phone = '1234';
    placement.envelope.receivers[0] = { kind: 'jobcenter', id: '999' };
    placement.jobcenter = { kind: 'jobcenter', id: '707' };
    expect(findIdentifierProblems(placement).map((problem) => problem.path)).toEqual([
      'envelope.receivers.0.id',
      'citizen.cpr',
      'company.cvr',
      'contactPerson.phone',
    ]);
  });
});

describe('findIdentifierProblems on an inquiry', () => {
  it('flags a CPR number in a subject, which would end up in an e-mail subject line', () => {
    const inquiry = structuredClone(loadMessageExamples().get('beskedmodul.Inquiry')?.json) as {
      subject: string;
    };
    inquiry.subject = 'Spørgsmål om 010190-0000';
    expect(findIdentifierProblems(inquiry)).toEqual([
      {
        path: 'subject',
        reasonDa:
          'Emnet ser ud til at indeholde et CPR-nummer; emner sendes som e-mail og må ikke indeholde CPR-nummer eller navn.',
        reasonEn:
          'The subject seems to hold a CPR number; subjects are sent as e-mail and must hold no CPR number or name.',
      },
    ]);
  });
});

describe(validatePartyRef.name, () => {
  it('checks a party id against its kind, as PartyRef documents it', () => {
    expect(validatePartyRef({ kind: 'akasse', id: '3F' }).ok).toBe(true);
    expect(validatePartyRef({ kind: 'jobcenter', id: '707' }).ok).toBe(true);
    expect(validatePartyRef({ kind: 'company', id: '12345674' }).ok).toBe(true);
    expect(validatePartyRef({ kind: 'union', id: 'FH-VIBORG' }).ok).toBe(true);
    expect(validatePartyRef({ kind: 'vitas', id: 'VITAS' }).ok).toBe(true);
    expect(validatePartyRef({ kind: 'vitas', id: 'vitas' })).toEqual({
      ok: false,
      reasonDa: "Parten vitas har id 'VITAS', ikke 'vitas'.",
      reasonEn: "The party vitas has the id 'VITAS', not 'vitas'.",
    });
    expect(validatePartyRef({ kind: 'akasse', id: 'NOPE' }).ok).toBe(false);
    expect(validatePartyRef({ kind: 'union', id: ' ' }).ok).toBe(false);
  });
});
