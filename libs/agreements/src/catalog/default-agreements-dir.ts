import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's top-level `agreements/` folder, found by walking up from this file to the first
 * folder holding `agreements/parties.yaml`; the same from the sources (tests) and from dist/.
 * Services should prefer their configured folder (HUB_AGREEMENTS_DIR) and use this as the default.
 */
export function defaultAgreementsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'agreements');
    if (existsSync(join(candidate, 'parties.yaml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find an agreements/ folder with parties.yaml above ${start}`);
    dir = parent;
  }
}
