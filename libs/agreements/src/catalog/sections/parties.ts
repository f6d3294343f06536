import type { AgreementFile } from '../agreement-file.schema';
import type { PartyDirectory } from '../party-directory';
import { type PartyRef, partyKey } from '../../vocabulary/parties';
import type { SectionIssue } from './section-issue';

export interface ResolvedParties {
  /** Signatories with groups expanded, each once, in the file's order. */
  readonly parties: readonly PartyRef[];
  /** Group ids the file referred to, for display. */
  readonly partyGroups: readonly string[];
}

/**
 * `parties`: every party and group in the party directory, groups expanded, and at least two
 * distinct parties. The count is only reported while the file has no issue so far (in this section
 * or an earlier one): an unknown party or group already explains a short list.
 */
export function resolveParties(
  parties: AgreementFile['parties'],
  directory: PartyDirectory,
  issues: SectionIssue[],
): ResolvedParties {
  const resolved: PartyRef[] = [];
  const partyGroups: string[] = [];
  const seen = new Set<string>();
  const addParty = (ref: PartyRef): void => {
    if (!seen.has(partyKey(ref))) {
      seen.add(partyKey(ref));
      resolved.push(ref);
    }
  };
  parties.forEach((party, index) => {
    if ('group' in party) {
      const group = directory.group(party.group);
      if (group === undefined) {
        issues.push({
          path: `parties[${index}].group`,
          message: `unknown party group '${party.group}' (not in the party directory)`,
        });
        return;
      }
      partyGroups.push(group.id);
      group.members.forEach(addParty);
      return;
    }
    if (directory.entry(party) === undefined) {
      issues.push({
        path: `parties[${index}]`,
        message: `unknown ${party.kind} '${party.id}': add it to parties.yaml (or a parties.*.yaml next to it) first`,
      });
      return;
    }
    addParty(party);
  });
  if (seen.size < 2 && issues.length === 0) {
    issues.push({ path: 'parties', message: 'an agreement needs at least two distinct parties' });
  }
  return { parties: resolved, partyGroups };
}
