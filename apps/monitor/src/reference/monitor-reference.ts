import {
  AgreementCatalog,
  DanishWorkingDayCalendar,
  defaultAgreementsDir,
  loadAgreementCatalog,
  WorkingDayCalendar,
} from '@hub/agreements';
import { danishDateOf } from '@hub/judging';

import type { MonitorConfig } from '../monitor.config';

/**
 * What the monitor needs from the agreements: each agreement's retention period and the Danish
 * working-day calendar (response times and deadlines count Danish working days). The deadlines
 * themselves come with the routed events, computed by the router, which has the exchange's facts.
 */
export class MonitorReference {
  constructor(
    readonly catalog: AgreementCatalog,
    readonly calendar: WorkingDayCalendar,
  ) {}

  static load(config: Pick<MonitorConfig, 'HUB_AGREEMENTS_DIR'>): MonitorReference {
    const catalog = loadAgreementCatalog(config.HUB_AGREEMENTS_DIR ?? defaultAgreementsDir());
    return new MonitorReference(catalog, new DanishWorkingDayCalendar());
  }
}

/** The Danish calendar date of an instant (YYYY-MM-DD): deadlines and months are Danish days. */
export function danishDate(at: Date): string {
  return danishDateOf(at.toISOString());
}
