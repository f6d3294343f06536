import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { AgreementFileError, type AgreementFileIssue } from './agreement-file.error';
import { loadAgreementCatalog, parseAgreementCatalog } from './load-agreement-catalog';
import { judgeExchange } from '../rules/judge-exchange';
import {
  EXAMPLE_NEW_MUNICIPALITY_DIR,
  P,
  SEED_AGREEMENTS_DIR,
  SEED_PARTIES_YAML as PARTIES,
  agreementFiles as files,
  calendar,
  general,
  minimalAgreement,
  tempAgreementsDir,
} from '../testing/fixtures';

function issuesOf(run: () => unknown): readonly AgreementFileIssue[] {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof AgreementFileError) return error.issues;
    throw error;
  }
  throw new Error('expected an AgreementFileError');
}

describe(loadAgreementCatalog.name, () => {
  it('loads the four seed agreements and the party directory', () => {
    const catalog = loadAgreementCatalog(SEED_AGREEMENTS_DIR);
    expect(catalog.agreements.map((a) => [a.id, a.seed, a.sourceFile])).toEqual([
      ['hedensted-fh-2021', 'seed 000', '000-hedensted-fh.yaml'],
      ['norddjurs-akasse-2024', 'seed 001', '001-norddjurs-akasse.yaml'],
      ['viborg-lo-ftf-2020', 'seed 002', '002-viborg-lo-ftf.yaml'],
      ['koebenhavn-lo-akasser-2009', 'seed 003', '003-koebenhavn-lo-akasser.yaml'],
    ]);
    expect(catalog.knownAkasseCodes()).toEqual(['3F', 'FOA', 'HK', 'KRIFA', 'METAL']);
    expect(catalog.knownKommunekoder()).toEqual(['101', '615', '707', '766', '791']);
  });

  it("keeps seed 001's functional mailbox and marks invented ones as .example", () => {
    const catalog = loadAgreementCatalog(SEED_AGREEMENTS_DIR);
    expect(catalog.party(P.jobcenterNorddjurs)?.email).toBe('jobcenter@norddjurs.dk');
    const invented = catalog.parties.filter((p) => p.email !== 'jobcenter@norddjurs.dk');
    expect(invented.every((p) => p.email?.endsWith('.example'))).toBe(true);
  });

  it('makes a sixth municipality routable by adding data files only (Aalborg, 851)', () => {
    const before = judgeExchange(
      general('beskedmodul.Inquiry', { receivers: [P.jobcenterAalborg], date: '2026-02-02' }),
      loadAgreementCatalog(SEED_AGREEMENTS_DIR),
      calendar,
    );
    expect(before.findings.map((f) => f.code)).toEqual(['OUTSIDE_ANY_AGREEMENT']);

    const catalog = loadAgreementCatalog(tempAgreementsDir(EXAMPLE_NEW_MUNICIPALITY_DIR));
    expect(catalog.knownKommunekoder()).toContain('851');
    expect(catalog.partners()).toContainEqual(P.jobcenterAalborg);
    const after = judgeExchange(
      general('beskedmodul.Inquiry', { receivers: [P.jobcenterAalborg], date: '2026-02-02' }),
      catalog,
      calendar,
    );
    expect(after).toEqual({
      exchangeId: 'msg-beskedmodul.Inquiry',
      agreement: { id: 'aalborg-akasser-2026', clauseId: 'kontakt', clauseRef: 'example, Kontakt' },
      findings: [],
      verdict: 'deliver',
    });
  });

  it('applies a new agreement\'s own policy and the hub default for "hurtigst muligt"', () => {
    const catalog = loadAgreementCatalog(tempAgreementsDir(EXAMPLE_NEW_MUNICIPALITY_DIR));
    const aalborg = catalog.agreement('aalborg-akasser-2026');
    expect(aalborg?.targets[0]?.due).toEqual({ type: 'working-days-after-exchange', workingDays: 5 });
    expect(aalborg?.policy.RECOMMENDATION_INCOMPLETE).toBe('deliver_and_flag');
  });

  it('names the folder when it cannot be read', () => {
    const issues = issuesOf(() => loadAgreementCatalog(join(tmpdir(), 'no-such-agreements-folder')));
    expect(issues[0]).toMatchObject({ path: '(folder)' });
  });

  it('reads a YAML syntax error with the file name and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
    writeFileSync(join(dir, 'parties.yaml'), PARTIES);
    writeFileSync(join(dir, '005-broken.yaml'), 'id: x\n  title: [unclosed\n');
    const issues = issuesOf(() => loadAgreementCatalog(dir));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.file === '005-broken.yaml' && i.path === '(yaml)')).toBe(true);
    expect(issues[0]?.message).toMatch(/line \d/);
  });
});

describe(AgreementFileError.name, () => {
  type Mutation = (agreement: Record<string, unknown>) => void;
  const rows: readonly [string, Mutation, string, RegExp][] = [
    [
      'a misspelt field',
      (a) => ((a['valdity'] = a['validity']), delete a['validity']),
      '(file)',
      /unknown field 'valdity'/,
    ],
    ['a missing retention', (a) => delete a['retention'], 'retention', /Required/],
    [
      'an impossible date',
      (a) => (a['validity'] = { from: '2026-02-30', clause: 'gyldighed' }),
      'validity.from',
      /real date/,
    ],
    [
      'an end before the start',
      (a) => (a['validity'] = { from: '2026-06-01', to: '2026-01-01', clause: 'gyldighed' }),
      'validity.to',
      /before it starts/,
    ],
    [
      'an unquoted kommunekode',
      (a) =>
        (a['parties'] = [
          { kind: 'jobcenter', id: 615 },
          { kind: 'akasse', id: 'HK' },
        ]),
      'parties[0].id',
      /quote kommunekoder/,
    ],
    [
      'an a-kasse code in lower case',
      (a) =>
        (a['parties'] = [
          { kind: 'jobcenter', id: '615' },
          { kind: 'akasse', id: 'hk' },
        ]),
      'parties[1].id',
      /'hk' is not an upper-case a-kasse code/,
    ],
    [
      'a party not in the directory',
      (a) =>
        (a['parties'] = [
          { kind: 'jobcenter', id: '615' },
          { kind: 'akasse', id: 'DANA' },
        ]),
      'parties[1]',
      /unknown akasse 'DANA'/,
    ],
    [
      'an unknown party group',
      (a) => (a['parties'] = [{ kind: 'jobcenter', id: '615' }, { group: 'NOPE' }]),
      'parties[1].group',
      /unknown party group/,
    ],
    [
      'an unknown message kind',
      (a) =>
        (a['covers'] = [{ kind: 'beskedmodul.Foo', from: ['akasse'], to: ['jobcenter'], clause: 'kontakt' }]),
      'covers[0].kind',
      /Invalid enum value/,
    ],
    [
      'a clause that does not exist',
      (a) =>
        (a['covers'] = [
          { kind: 'beskedmodul.Inquiry', from: ['akasse'], to: ['jobcenter'], clause: 'nope' },
        ]),
      'covers[0].clause',
      /unknown clause 'nope'/,
    ],
    [
      'a side with no party of that kind',
      (a) =>
        (a['covers'] = [
          { kind: 'beskedmodul.Inquiry', from: ['union'], to: ['jobcenter'], clause: 'kontakt' },
        ]),
      'covers[0].from[0]',
      /no party of kind 'union'/,
    ],
    [
      'phaseBound without phases',
      (a) =>
        (a['covers'] = [
          {
            kind: 'beskedmodul.Inquiry',
            from: ['akasse'],
            to: ['jobcenter'],
            clause: 'kontakt',
            phaseBound: true,
          },
        ]),
      'covers[0].phaseBound',
      /phases/,
    ],
    [
      'an unknown finding code in the policy',
      (a) => (a['policy'] = { LATE: 'reject' }),
      'policy.LATE',
      /Invalid enum value/,
    ],
    [
      'an unknown severity',
      (a) => (a['policy'] = { WRONG_PHASE: 'block' }),
      'policy.WRONG_PHASE',
      /Invalid enum value/,
    ],
    [
      'a policy that lowers what the law requires',
      (a) => (a['policy'] = { UNION_CONSENT_MISSING: 'note' }),
      'policy.UNION_CONSENT_MISSING',
      /cannot override the law/,
    ],
    [
      'a target with no due date and no "as fast as possible"',
      (a) =>
        (a['targets'] = [
          {
            id: 'svar',
            clause: 'kontakt',
            triggers: ['beskedmodul.Inquiry'],
            expects: ['beskedmodul.InquiryAnswer'],
            responsible: 'receiver',
          },
        ]),
      'targets[0].due',
      /required unless asFastAsPossible/,
    ],
    [
      'a target triggered by a kind the agreement does not cover',
      (a) =>
        (a['targets'] = [
          {
            id: 'svar',
            clause: 'kontakt',
            triggers: ['beskedmodul.Handover'],
            expects: ['beskedmodul.InquiryAnswer'],
            responsible: 'receiver',
            due: { workingDaysAfterExchange: 2 },
          },
        ]),
      'targets[0].triggers[0]',
      /not in covers/,
    ],
    [
      'an unknown citizen category',
      (a) =>
        (a['targetGroups'] = {
          clause: 'kontakt',
          groups: [{ id: 'g', da: 'g', en: 'g', anyOfCategories: ['students'] }],
        }),
      'targetGroups.groups[0].anyOfCategories[0]',
      /Invalid enum value/,
    ],
  ];

  it.each(rows)('names the file, the agreement and the field for %s', (_name, mutate, path, message) => {
    const agreement = minimalAgreement();
    mutate(agreement);
    const issues = issuesOf(() => parseAgreementCatalog(files(agreement)));
    const issue = issues.find((i) => i.path === path);
    expect(issue).toMatchObject({ file: '005-horsens.yaml', agreementId: 'horsens-hk-2026' });
    expect(issue?.message).toMatch(message);
  });

  it('accepts the minimal agreement the rows start from', () => {
    expect(parseAgreementCatalog(files(minimalAgreement())).agreements).toHaveLength(1);
  });

  it('collects every problem in every file before throwing once', () => {
    const first = minimalAgreement();
    delete first['retention'];
    const second = { ...minimalAgreement(), id: 'horsens-hk-2027', status: 'maybe' };
    const error = (() => {
      try {
        parseAgreementCatalog([
          ...files(first, '005-a.yaml'),
          { name: '006-b.yaml', content: stringify(second) },
        ]);
      } catch (e: unknown) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AgreementFileError);
    const { issues, message } = error as AgreementFileError;
    expect(issues.map((i) => `${i.file} ${i.path}`)).toEqual(['005-a.yaml retention', '006-b.yaml status']);
    expect(message).toContain("005-a.yaml agreement 'horsens-hk-2026' retention: Required");
    expect(message).toContain("006-b.yaml agreement 'horsens-hk-2027' status:");
  });

  it('rejects two files with the same agreement id, naming both', () => {
    const issues = issuesOf(() =>
      parseAgreementCatalog([
        ...files(minimalAgreement(), '005-a.yaml'),
        { name: '006-b.yaml', content: stringify(minimalAgreement()) },
      ]),
    );
    expect(issues).toEqual([
      {
        file: '006-b.yaml',
        agreementId: 'horsens-hk-2026',
        path: 'id',
        message: 'duplicate agreement id, already used by 005-a.yaml',
      },
    ]);
  });

  it('requires a party directory', () => {
    const issues = issuesOf(() =>
      parseAgreementCatalog([{ name: '005.yaml', content: stringify(minimalAgreement()) }]),
    );
    expect(issues[0]).toMatchObject({
      file: 'parties.yaml',
      message: expect.stringContaining('missing') as unknown,
    });
  });

  it("reads a partner's framing, single-object unless the directory says otherwise", () => {
    const catalog = parseAgreementCatalog([
      { name: 'parties.yaml', content: PARTIES },
      {
        name: 'parties.aarhus.yaml',
        content: stringify({
          parties: [{ kind: 'jobcenter', id: '751', name: 'Aarhus', framing: 'schema-registry' }],
        }),
      },
      { name: '005.yaml', content: stringify(minimalAgreement()) },
    ]);
    expect(catalog.framingOf({ kind: 'jobcenter', id: '751' })).toBe('schema-registry');
    expect(catalog.framingOf(P.jobcenterNorddjurs)).toBe('single-object');
    expect(catalog.framingOf({ kind: 'company', id: '12345674' })).toBe('single-object');
    const issues = issuesOf(() =>
      parseAgreementCatalog([
        { name: 'parties.yaml', content: PARTIES },
        {
          name: 'parties.aarhus.yaml',
          content: stringify({
            parties: [{ kind: 'jobcenter', id: '751', name: 'Aarhus', framing: 'confluent' }],
          }),
        },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({ file: 'parties.aarhus.yaml', path: 'parties[0].framing' }),
    ]);
  });

  it('names a party-directory problem by file and field', () => {
    const issues = issuesOf(() =>
      parseAgreementCatalog([
        { name: 'parties.yaml', content: PARTIES },
        {
          name: 'parties.aarhus.yaml',
          content: stringify({ parties: [{ kind: 'jobcenter', id: '7510', name: 'Aarhus' }] }),
        },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'parties.aarhus.yaml',
        path: 'parties[0].id',
        message: expect.stringContaining('kommunekode') as unknown,
      }),
    ]);
  });
});
