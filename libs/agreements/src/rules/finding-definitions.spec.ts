import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FINDING_CODES } from './finding';
import { FINDING_DEFINITIONS } from './finding-definitions';

describe('finding definitions and the README', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

  it.each(FINDING_CODES.map((code) => [code]))(
    'documents %s with its default severity in the README table',
    (code) => {
      const row = readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
      expect(row).toBeDefined();
      expect(row?.split('|')[2]?.trim()).toMatch(
        new RegExp(`^${FINDING_DEFINITIONS[code].defaultSeverity}\\b`),
      );
    },
  );
});
