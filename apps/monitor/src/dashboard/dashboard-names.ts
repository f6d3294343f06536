import type { Agreement } from '@hub/agreements';
import { REASON_CODES } from '@hub/contracts';
import { KIND_LABELS, type KindLabel } from '@hub/kinds';

/** A name in Danish and English, as the dashboard shows it in either language. */
export type DashboardName = KindLabel;

/**
 * The names the dashboard shows instead of ids (`GET /dashboard/names.json`): the agreements' titles
 * from the monitor's catalog, the message kinds' from their files in @hub/kinds and the reasons'
 * from the table in @hub/contracts. Reference data only, the same for every caller, so the page loads it without a key.
 */
export interface DashboardNames {
  /** Agreement id → its title. */
  readonly agreements: Readonly<Record<string, DashboardName>>;
  /** Message kind → its name as a table cell shows it (capitalised). */
  readonly kinds: Readonly<Record<string, DashboardName>>;
  /** Reason code → what a caseworker or an operator reads. */
  readonly reasons: Readonly<Record<string, DashboardName>>;
}

export function dashboardNames(agreements: readonly Pick<Agreement, 'id' | 'title'>[]): DashboardNames {
  const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  return {
    agreements: Object.fromEntries(agreements.map(({ id, title }) => [id, { da: title.da, en: title.en }])),
    kinds: Object.fromEntries(
      Object.entries(KIND_LABELS).map(([kind, { da, en }]) => [kind, { da: capital(da), en: capital(en) }]),
    ),
    reasons: Object.fromEntries(Object.entries(REASON_CODES).map(([code, { da, en }]) => [code, { da, en }])),
  };
}
