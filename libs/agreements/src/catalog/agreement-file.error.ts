/**
 * Every problem found while loading an agreements folder, each naming the file, the agreement (when
 * the file got far enough to have an id) and the field path — collected first, thrown once, so a
 * person fixing a new agreement file sees all of it in one go.
 */
export interface AgreementFileIssue {
  /** File name relative to the agreements folder, e.g. `001-norddjurs-akasse.yaml`. */
  readonly file: string;
  readonly agreementId?: string;
  /** Field path such as `covers[2].kind`; `(file)` for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class AgreementFileError extends Error {
  constructor(readonly issues: readonly AgreementFileIssue[]) {
    super(
      `invalid agreement data (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${formatAgreementFileIssue(issue)}`).join('\n'),
    );
    this.name = 'AgreementFileError';
  }
}

export function formatAgreementFileIssue(issue: AgreementFileIssue): string {
  const agreement = issue.agreementId === undefined ? '' : ` agreement '${issue.agreementId}'`;
  return `${issue.file}${agreement} ${issue.path}: ${issue.message}`;
}

/** `['covers', 2, 'kind']` → `covers[2].kind`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc === '' ? part : `${acc}.${part}`;
  }, '');
}
