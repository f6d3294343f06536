import type { PartyEntry, PartyGroup } from './agreement';
import { type PartyRefLike, partyKey } from '../vocabulary/parties';

/** The merged party directory (`parties.yaml` and any `parties.*.yaml`). */
export class PartyDirectory {
  private readonly entriesByKey: ReadonlyMap<string, PartyEntry>;
  private readonly groupsById: ReadonlyMap<string, PartyGroup>;

  constructor(
    readonly entries: readonly PartyEntry[],
    readonly groups: readonly PartyGroup[],
  ) {
    this.entriesByKey = new Map(entries.map((entry) => [partyKey(entry), entry]));
    this.groupsById = new Map(groups.map((group) => [group.id, group]));
  }

  entry(ref: PartyRefLike): PartyEntry | undefined {
    return this.entriesByKey.get(partyKey(ref));
  }

  group(id: string): PartyGroup | undefined {
    return this.groupsById.get(id);
  }
}
