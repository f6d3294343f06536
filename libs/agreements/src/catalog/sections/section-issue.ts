import type { AgreementFileIssue } from '../agreement-file.error';

/**
 * A problem in one section of an agreement file, named by its field path; the loader adds the file
 * and the agreement id. Every section function appends to one list for the whole file, in the
 * order the sections are checked, so that a person fixing the file sees all of it at once.
 */
export type SectionIssue = Omit<AgreementFileIssue, 'file' | 'agreementId'>;
