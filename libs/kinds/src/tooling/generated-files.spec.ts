import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { defaultSchemasDir, findRepoRoot, loadMessageExamples, MESSAGE_KINDS } from '@hub/contracts';

import { renderSchemaReadme } from './schema-readme';

describe(renderSchemaReadme.name, () => {
  const readme = renderSchemaReadme(defaultSchemasDir());

  it('lists every message kind with its own section', () => {
    for (const kind of MESSAGE_KINDS) expect(readme).toContain(`\n## ${kind}\n`);
  });

  it('embeds each example file verbatim: the README shows what the tests use', () => {
    for (const example of loadMessageExamples().values()) {
      expect(readme).toContain(
        `Example ([${example.file}](${example.file})):\n\n\`\`\`json\n${example.text.trimEnd()}\n\`\`\``,
      );
    }
  });
});

describe('contracts:check', () => {
  it('finds generated/messages.ts and schemas/README.md in sync with the schemas and examples', () => {
    // Run as its own process: prettier 3 formats through dynamic import(), which Jest's VM does not allow.
    const root = findRepoRoot();
    const result = spawnSync(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        // The README is rendered from the kinds' files, which import the other libraries by alias.
        '--require',
        'tsconfig-paths/register',
        join(root, 'scripts/generate-contract-types.ts'),
        '--check',
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(`${result.stdout}${result.stderr}`).toContain('in sync');
    expect(result.status).toBe(0);
  }, 60_000);
});
