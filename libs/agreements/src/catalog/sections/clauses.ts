import type { AgreementFile } from '../agreement-file.schema';
import type { SectionIssue } from './section-issue';

/** The clause ids of one file, which every other section cites (`clause: …`). */
export class KnownClauses {
  constructor(private readonly ids: ReadonlySet<string>) {}

  /** Records an issue at `path` unless the file has a clause `id`, naming the ones it has. */
  require(path: string, id: string, issues: SectionIssue[]): void {
    if (this.ids.has(id)) return;
    issues.push({
      path,
      message: `unknown clause '${id}'; the file's clauses are: ${[...this.ids].join(', ')}`,
    });
  }
}

/** `clauses`: each id once, so a citation names one clause. */
export function resolveClauses(clauses: AgreementFile['clauses'], issues: SectionIssue[]): KnownClauses {
  const ids = new Set<string>();
  clauses.forEach((clause, index) => {
    if (ids.has(clause.id))
      issues.push({ path: `clauses[${index}].id`, message: `duplicate clause id '${clause.id}'` });
    ids.add(clause.id);
  });
  return new KnownClauses(ids);
}
