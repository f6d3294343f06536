import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the page, its script and its style sheet are: beside this module, in the sources (unit tests)
 * and in dist/ alike, because `npm run build` copies the folder there (scripts/copy-assets.js).
 */
export const DASHBOARD_ASSETS_DIR = join(__dirname, 'assets');

/** The dashboard's files, read once when the monitor starts (a few kilobytes, never changed at run time). */
export interface DashboardAssets {
  readonly html: string;
  readonly script: string;
  readonly styleSheet: string;
}

export function readDashboardAssets(dir: string = DASHBOARD_ASSETS_DIR): DashboardAssets {
  const read = (name: string): string => {
    const path = join(dir, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error: unknown) {
      // A build that skipped the copy: say what to run rather than a bare ENOENT.
      throw new Error(
        `the dashboard's ${name} cannot be read at ${path} (npm run build copies it there): ${String(error)}`,
      );
    }
  };
  return { html: read('dashboard.html'), script: read('dashboard.js'), styleSheet: read('dashboard.css') };
}
