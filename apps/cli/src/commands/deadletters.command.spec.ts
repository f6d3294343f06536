import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot, reasonCodesReference, REASON_CODES } from '@hub/contracts';

import { buildProgram } from '../program';

describe('hub deadletters', () => {
  it('docs/reason-codes.md is the table of reasons the hub raises today (regenerate with npm run docs:reasons)', () => {
    const committed = readFileSync(join(findRepoRoot(__dirname), 'docs/reason-codes.md'), 'utf8');
    expect(committed).toBe(reasonCodesReference());
  });

  it('the reference names every reason code once', () => {
    const reference = reasonCodesReference();
    for (const code of Object.keys(REASON_CODES)) {
      expect(reference.split(`| \`${code}\` |`)).toHaveLength(2);
    }
  });

  it('refuses to filter on a reason code the hub never gives, before reading the topic', async () => {
    const list = buildProgram()
      .exitOverride()
      .parseAsync(['node', 'hub', 'deadletters', 'list', '--reason', 'UNKNOWN_RECIEVER']);
    await expect(list).rejects.toThrow(
      /unknown reason code "UNKNOWN_RECIEVER"; `hub deadletters reasons` lists them/,
    );
  });
});
