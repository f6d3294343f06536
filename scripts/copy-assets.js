// tsc compiles only TypeScript: the files a built service reads beside its code at run time are
// copied into dist/ at the same relative path, so the code finds them the same way in the sources
// (unit tests) and in dist/ (the services infra/bin/hub-services runs). Part of `npm run build`.
const { cpSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const ASSET_DIRS = [
  // The monitor's dashboard page, script and style sheet (apps/monitor/src/dashboard/dashboard-assets.ts).
  'apps/monitor/src/dashboard/assets',
];

for (const dir of ASSET_DIRS) {
  const source = join(ROOT, dir);
  if (!existsSync(source)) throw new Error(`copy-assets: ${dir} does not exist`);
  const target = join(ROOT, 'dist', dir);
  // Replaced, not merged: a file removed from the sources must not linger in dist/.
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
}
