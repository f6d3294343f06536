import { Logger } from '@nestjs/common';
import {
  AgreementCatalog,
  DanishWorkingDayCalendar,
  loadAgreementCatalog,
  partnersOf,
} from '@hub/agreements';
import { PartyRef, partySlug } from '@hub/contracts';

import type { RoutingReferenceData } from './routing.service';

/**
 * Agreements and the calendar, held in memory (no database round trip on the hot path) and
 * reloadable: SIGHUP re-reads the agreements folder; a folder that fails validation leaves the
 * current data in force and says why.
 */
export class ReferenceDataHolder {
  private readonly log = new Logger(ReferenceDataHolder.name);
  private current: RoutingReferenceData;
  private partnersBySlug = new Map<string, PartyRef>();

  constructor(private readonly agreementsDir: string) {
    this.current = this.load();
  }

  get(): RoutingReferenceData {
    return this.current;
  }

  get catalog(): AgreementCatalog {
    return this.current.catalog;
  }

  /** The partner whose inbound topics carry this slug (a map lookup: called for every message). */
  senderBySlug(slug: string): PartyRef | undefined {
    return this.partnersBySlug.get(slug);
  }

  reload(): boolean {
    try {
      this.current = this.load();
      this.log.log({
        msg: 'agreements reloaded',
        dir: this.agreementsDir,
        agreements: this.current.catalog.agreements.length,
      });
      return true;
    } catch (error) {
      this.log.error({
        msg: 'agreements not reloaded: the folder does not validate; the previous data stays in force',
        error: (error as Error).message,
      });
      return false;
    }
  }

  private load(): RoutingReferenceData {
    const catalog = loadAgreementCatalog(this.agreementsDir);
    this.partnersBySlug = new Map(partnersOf(catalog).map((partner) => [partySlug(partner), partner]));
    return { catalog, calendar: new DanishWorkingDayCalendar() };
  }
}
