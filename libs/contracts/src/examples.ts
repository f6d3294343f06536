import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { defaultSchemasDir } from './repo-paths';

/**
 * One example message per kind, in JSON form, in schemas/examples/<kind>.json. They are the single
 * source for the round-trip tests, schemas/README.md and anyone who needs a realistic message
 * (the partner simulator, the CLI's help): change an example there and the README follows.
 * Example people are fictitious: CPR numbers are format-valid with sequence 0000, CVR numbers pass
 * the modulus-11 check, e-mail domains end in .example.
 */
export interface MessageExample {
  kind: string;
  /** Path under schemas/, e.g. 'examples/beskedmodul.Handover.json'. */
  file: string;
  /** The file's text, as embedded in the README. */
  text: string;
  json: unknown;
}

export const EXAMPLES_FOLDER = 'examples';

export function loadMessageExamples(schemasDir: string = defaultSchemasDir()): Map<string, MessageExample> {
  const dir = join(schemasDir, EXAMPLES_FOLDER);
  const examples = new Map<string, MessageExample>();
  if (!existsSync(dir)) return examples;
  for (const name of readdirSync(dir)
    .filter((entry) => entry.endsWith('.json'))
    .sort()) {
    const file = `${EXAMPLES_FOLDER}/${name}`;
    const text = readFileSync(join(dir, name), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`schemas/${file}: not valid JSON (${(error as Error).message})`);
    }
    examples.set(name.slice(0, -'.json'.length), { kind: name.slice(0, -'.json'.length), file, text, json });
  }
  return examples;
}
