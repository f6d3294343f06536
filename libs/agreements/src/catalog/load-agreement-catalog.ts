import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ZodError } from 'zod';

import type { Agreement, PartyEntry, PartyGroup } from './agreement';
import { AgreementCatalog } from './agreement-catalog';
import { AgreementFileError, type AgreementFileIssue, formatFieldPath } from './agreement-file.error';
import { agreementFileSchema, partyDirectoryFileSchema } from './agreement-file.schema';
import { PartyDirectory } from './party-directory';
import { resolveAgreement } from './resolve-agreement';
import { partyKey } from '../vocabulary/parties';

/** One YAML file's name (relative to the folder) and text. */
export interface AgreementSourceFile {
  readonly name: string;
  readonly content: string;
}

const YAML_FILE = /\.ya?ml$/;
/** `parties.yaml`, and `parties.<anything>.yaml` so a new municipality can bring its own file. */
const PARTY_DIRECTORY_FILE = /^parties(\.[^/]+)?\.ya?ml$/;

/**
 * Reads every `*.yaml` / `*.yml` in `dir` (not sub-folders), validates it and returns the catalog.
 * Throws one `AgreementFileError` listing every problem in every file.
 */
export function loadAgreementCatalog(dir: string): AgreementCatalog {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => YAML_FILE.test(name) && statSync(join(dir, name)).isFile())
      .sort();
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AgreementFileError([
      { file: dir, path: '(folder)', message: `cannot read the folder: ${reason}` },
    ]);
  }
  return parseAgreementCatalog(
    names.map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') })),
  );
}

/** The pure part of `loadAgreementCatalog`: the same files always give the same catalog or errors. */
export function parseAgreementCatalog(files: readonly AgreementSourceFile[]): AgreementCatalog {
  const issues: AgreementFileIssue[] = [];
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const directoryFiles = sorted.filter((f) => PARTY_DIRECTORY_FILE.test(basename(f.name)));
  const agreementFiles = sorted.filter((f) => !PARTY_DIRECTORY_FILE.test(basename(f.name)));

  if (directoryFiles.length === 0) {
    issues.push({
      file: 'parties.yaml',
      path: '(file)',
      message: 'missing: the folder needs a party directory',
    });
  }
  const directory = buildDirectory(directoryFiles, issues);

  const agreements: Agreement[] = [];
  const firstFileById = new Map<string, string>();
  for (const file of agreementFiles) {
    const raw = parseYaml(file, issues);
    if (raw === undefined) continue;
    const agreementId = readId(raw);
    const parsed = agreementFileSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, file.name, agreementId));
      continue;
    }
    const { agreement, issues: resolveIssues } = resolveAgreement(parsed.data, file.name, directory);
    issues.push(
      ...resolveIssues.map((issue) => ({ ...issue, file: file.name, agreementId: parsed.data.id })),
    );
    if (agreement === undefined) continue;
    const other = firstFileById.get(agreement.id);
    if (other !== undefined) {
      issues.push({
        file: file.name,
        agreementId: agreement.id,
        path: 'id',
        message: `duplicate agreement id, already used by ${other}`,
      });
      continue;
    }
    firstFileById.set(agreement.id, file.name);
    agreements.push(agreement);
  }

  if (issues.length > 0) throw new AgreementFileError(issues);
  return new AgreementCatalog(agreements, directory);
}

function buildDirectory(files: readonly AgreementSourceFile[], issues: AgreementFileIssue[]): PartyDirectory {
  const entries: PartyEntry[] = [];
  const groups: PartyGroup[] = [];
  const entryFile = new Map<string, string>();
  const groupFile = new Map<string, string>();
  const pendingMembers: { file: string; path: string; key: string }[] = [];

  for (const file of files) {
    const raw = parseYaml(file, issues);
    if (raw === undefined) continue;
    const parsed = partyDirectoryFileSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, file.name, undefined));
      continue;
    }
    parsed.data.parties.forEach((party, index) => {
      const key = partyKey(party);
      const other = entryFile.get(key);
      if (other !== undefined) {
        issues.push({
          file: file.name,
          path: `parties[${index}]`,
          message: `${key} is already listed in ${other}`,
        });
        return;
      }
      entryFile.set(key, file.name);
      entries.push({ ...party, sourceFile: file.name });
    });
    parsed.data.groups.forEach((group, index) => {
      const other = groupFile.get(group.id);
      if (other !== undefined) {
        issues.push({
          file: file.name,
          path: `groups[${index}].id`,
          message: `group ${group.id} is already defined in ${other}`,
        });
        return;
      }
      groupFile.set(group.id, file.name);
      group.members.forEach((member, memberIndex) =>
        pendingMembers.push({
          file: file.name,
          path: `groups[${index}].members[${memberIndex}]`,
          key: partyKey(member),
        }),
      );
      groups.push({ ...group, sourceFile: file.name });
    });
  }
  // Members are checked after all directory files are read, so a group may name parties of another file.
  for (const member of pendingMembers) {
    if (!entryFile.has(member.key)) {
      issues.push({
        file: member.file,
        path: member.path,
        message: `${member.key} is not listed under parties`,
      });
    }
  }
  return new PartyDirectory(entries, groups);
}

function parseYaml(file: AgreementSourceFile, issues: AgreementFileIssue[]): unknown {
  const document = parseDocument(file.content, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      issues.push({
        file: file.name,
        path: '(yaml)',
        message: error.message.split('\n')[0] ?? error.message,
      });
    }
    return undefined;
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) {
    issues.push({ file: file.name, path: '(file)', message: 'the file is empty' });
    return undefined;
  }
  return value;
}

function readId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return undefined;
  const id: unknown = raw.id;
  return typeof id === 'string' ? id : undefined;
}

function zodIssues(error: ZodError, file: string, agreementId: string | undefined): AgreementFileIssue[] {
  return error.issues.map((issue) => ({
    file,
    agreementId,
    path: formatFieldPath(issue.path),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
        : issue.message,
  }));
}
