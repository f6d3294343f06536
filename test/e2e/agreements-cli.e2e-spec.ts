import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../support/local-stack';

const hub = (args: string[], input?: string) =>
  spawnSync('node', [join(REPO_ROOT, 'dist/apps/cli/src/main.js'), ...args], {
    encoding: 'utf8',
    input,
    timeout: 30_000,
  });

const f1 = JSON.parse(
  readFileSync(join(REPO_ROOT, 'demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
) as {
  kind: string;
  value: Record<string, unknown>;
};

describe('hub agreements (issue 4: agreements on the command line)', () => {
  it('validates the seed agreements and prints parties, period and clauses of each', () => {
    const result = hub(['agreements', 'validate', '--as-of', '2025-06-01']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('norddjurs-akasse-2024');
    expect(result.stdout).toMatch(/valid: 2024-01-01 – 2025-12-31/);
    expect(result.stdout).toContain('Jobcenter Norddjurs (jobcenter 707)');
    expect(result.stdout).toContain('4 agreement(s) valid');
  });

  it('exits 2 and names the file, the agreement and the field of a broken agreement file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
    cpSync(join(REPO_ROOT, 'agreements'), dir, { recursive: true });
    const file = join(dir, '001-norddjurs-akasse.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( *from:) 2024-01-01/m, '$1 2024-13-45'));
    const result = hub(['agreements', 'validate', '--dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /001-norddjurs-akasse\.yaml agreement 'norddjurs-akasse-2024' validity\.from/,
    );
  });

  it('judges a complete recommendation of an early offer as in order under the Norddjurs agreement', () => {
    const result = hub(['agreements', 'judge', '--file', '-', '--json'], JSON.stringify(f1));
    expect(result.status).toBe(0);
    const judged = JSON.parse(result.stdout) as {
      verdict: string;
      agreement: { id: string };
      findings: unknown[];
    };
    expect(judged.verdict).toBe('deliver');
    expect(judged.agreement.id).toBe('norddjurs-akasse-2024');
    expect(judged.findings).toEqual([]);
  });

  it('rejects a course recommendation without a price, citing seed 001', () => {
    const incomplete = { ...f1, value: { ...f1.value, price: null } };
    const result = hub(['agreements', 'judge', '--file', '-', '--json'], JSON.stringify(incomplete));
    const judged = JSON.parse(result.stdout) as {
      verdict: string;
      findings: { code: string; clauseRef: string }[];
    };
    expect(judged.verdict).toBe('reject');
    expect(judged.findings.map((finding) => finding.code)).toEqual(['RECOMMENDATION_INCOMPLETE']);
    expect(judged.findings[0].clauseRef).toContain('seed 001');
  });

  it('judges on the time the hub received it when given one: the agreement in force then, and the claim a finding', () => {
    const result = hub(
      ['agreements', 'judge', '--file', '-', '--json', '--received-at', '2026-02-02T10:00:00+01:00'],
      JSON.stringify(f1),
    );
    expect(result.status).toBe(0);
    const judged = JSON.parse(result.stdout) as { exchangeDate: string; findings: { code: string }[] };
    expect(judged.exchangeDate).toBe('2026-02-02');
    expect(judged.findings.map((finding) => finding.code)).toEqual([
      'NO_AGREEMENT_IN_FORCE',
      'CLAIMED_TIME_DIVERGES',
    ]);
    const bad = hub(['agreements', 'judge', '--file', '-', '--received-at', 'yesterday'], JSON.stringify(f1));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--received-at must be an ISO 8601 time with a zone');
  });

  it("refuses hub publish --at where the broker's clock stamps the record (log-append-time), before sending anything", () => {
    const result = spawnSync(
      'node',
      [
        join(REPO_ROOT, 'dist/apps/cli/src/main.js'),
        'publish',
        '--file',
        '-',
        '--at',
        '2025-03-03T09:00:00Z',
      ],
      {
        encoding: 'utf8',
        input: JSON.stringify(f1),
        timeout: 30_000,
        env: { ...process.env, HUB_ENVIRONMENT: 'production', HUB_INBOUND_TIMESTAMPS: 'log-append-time' },
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--at needs HUB_INBOUND_TIMESTAMPS=create-time');
    const production = spawnSync(
      'node',
      [join(REPO_ROOT, 'dist/apps/cli/src/main.js'), 'publish', '--file', '-'],
      {
        encoding: 'utf8',
        input: JSON.stringify(f1),
        timeout: 30_000,
        env: { ...process.env, HUB_ENVIRONMENT: 'production', HUB_INBOUND_TIMESTAMPS: 'create-time' },
      },
    );
    expect(production.status).not.toBe(0);
    expect(production.stderr).toContain('refused when HUB_ENVIRONMENT=production');
  });

  it('flags, and does not block, a recommendation after the Norddjurs agreement ended (seed 000: the law goes on)', () => {
    const late = {
      ...f1,
      value: {
        ...f1.value,
        envelope: { ...(f1.value.envelope as object), queuedAt: '2026-02-02T09:00:00.000Z' },
      },
    };
    const result = hub(['agreements', 'judge', '--file', '-', '--json'], JSON.stringify(late));
    const judged = JSON.parse(result.stdout) as { verdict: string; findings: { code: string }[] };
    expect(judged.verdict).toBe('deliver_and_flag');
    expect(judged.findings.map((finding) => finding.code)).toContain('NO_AGREEMENT_IN_FORCE');
  });
});
