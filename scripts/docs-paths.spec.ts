import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { findRepoRoot } from '@hub/contracts';

const ROOT = findRepoRoot(__dirname);
const TOP_FOLDERS = [
  'agreements',
  'apps',
  'bench',
  'demo',
  'docs',
  'faults',
  'infra',
  'libs',
  'patches',
  'schemas',
  'scripts',
  'test',
];
/** A repository path as the docs write it: a top folder, then path characters. */
const PATH_IN_TEXT = new RegExp(`(?<![\\w/.-])((?:${TOP_FOLDERS.join('|')})/[\\w./+-]*)`, 'g');

/** Whether `path` names something in the repository: a file, a folder, or a file name's start (a test pattern). */
function names(path: string): boolean {
  if (existsSync(join(ROOT, path))) return true;
  const folder = join(ROOT, dirname(path));
  return existsSync(folder) && readdirSync(folder).some((entry) => entry.startsWith(basename(path)));
}

describe('the documentation', () => {
  it('names only paths that exist in the repository', () => {
    const documents = execFileSync('git', ['ls-files', '*.md'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !file.startsWith('schemas/history/'));
    const missing: string[] = [];
    for (const document of documents) {
      readFileSync(join(ROOT, document), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const [, found] of line.matchAll(PATH_IN_TEXT)) {
            const path = found.replace(/[.,;:]+$/, '');
            // Placeholders and abbreviations (<kind>, *.avsc, {id}, …) stand for many paths.
            if (/[<*{…]|\.\.\./.test(path)) continue;
            if (!names(path) && !existsSync(join(ROOT, dirname(document), path))) {
              missing.push(`${document}:${index + 1}: ${path}`);
            }
          }
        });
    }
    expect(missing).toEqual([]);
  });
});

describe('the repository', () => {
  it('holds no absolute path of a development machine', () => {
    // `git grep` exits 1 when nothing matches: that is the passing case.
    let found = '';
    try {
      found = execFileSync(
        'git',
        [
          'grep',
          '-n',
          '-E',
          '(^|[^[:alnum:]_.])/(work/|home/[a-z]|Users/[A-Za-z])',
          '--',
          '.',
          ':!package-lock.json',
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error;
    }
    expect(found.split('\n').filter((line) => line !== '')).toEqual([]);
  });
});
