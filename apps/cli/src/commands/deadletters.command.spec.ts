import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot, reasonCodesReference, REASON_CODES } from '@hub/contracts';

import { unknownReasonWarning } from './deadletters.command';

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

  it('says when a reason filter names no code the hub gives, and is silent for one it does', () => {
    expect(unknownReasonWarning('UNKNOWN_RECIEVER')).toMatch(
      /"UNKNOWN_RECIEVER" is not a reason code the hub gives \(`hub deadletters reasons` lists them\)/,
    );
    expect(unknownReasonWarning('UNKNOWN_RECEIVER')).toBeUndefined();
  });
});
