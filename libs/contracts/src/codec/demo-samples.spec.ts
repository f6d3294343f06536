import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadHubCodec } from '../hub-codec';
import { findRepoRoot } from '../repo-paths';

/**
 * `npm run demo` publishes every file in demo/samples/ with `hub publish` (the JSON form). A schema
 * change that adds a field must update them too, or the quick start stops at its first sample.
 */
describe('the demo samples', () => {
  const codec = loadHubCodec();
  const dir = join(findRepoRoot(), 'demo', 'samples');
  const samples = readdirSync(dir).filter((name) => name.endsWith('.json'));

  it('exist', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s is a valid message in the JSON form hub publish takes', (name) => {
    const { kind, value } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
      kind: string;
      value: unknown;
    };
    expect(codec.kinds()).toContain(kind);
    const decoded = codec.fromJson(kind as Parameters<typeof codec.fromJson>[0], value);
    expect(codec.encode(kind as Parameters<typeof codec.encode>[0], decoded).length).toBeGreaterThan(0);
  });
});
