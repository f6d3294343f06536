import { citationFor } from '../citations';
import type { Rule } from '../rule';

/**
 * A placement that starts before it is granted. Seed 002 §2.2: "igangsættes aktiveringen først når
 * plaseringen er indberettet via VITAS"; the law: the person may not start before approval. Checked
 * on PlacementStarted (started without or before the grant) and PlacementGranted (granted after a
 * start date that has already passed). Runs with or without an agreement, because it is the law.
 */
export const placementStartedBeforeGrantRule: Rule = {
  code: 'PLACEMENT_STARTED_BEFORE_GRANT',
  source: 'law; seed 002 §2.2',
  evaluate({ exchange, catalog, coverage }) {
    if (exchange.kind !== 'vitas.PlacementStarted' && exchange.kind !== 'vitas.PlacementGranted') return [];
    const { placement } = exchange;
    const startDate =
      placement.startDate ?? (exchange.kind === 'vitas.PlacementStarted' ? exchange.date : undefined);
    const grantedOn =
      placement.grantedOn ?? (exchange.kind === 'vitas.PlacementGranted' ? exchange.date : undefined);
    if (startDate === undefined) return [];
    const notGranted =
      exchange.kind === 'vitas.PlacementStarted' &&
      placement.grantState !== 'granted' &&
      placement.grantState !== 'unknown' &&
      grantedOn === undefined;
    const grantedAfterStart = grantedOn !== undefined && startDate < grantedOn;
    if (!notGranted && !grantedAfterStart) return [];
    const { citation, agreement } = citationFor(
      'PLACEMENT_STARTED_BEFORE_GRANT',
      catalog,
      coverage.governing?.agreement,
    );
    return [
      {
        agreement,
        citation,
        messageDa: notGranted
          ? `Aktiveringen er startet ${startDate}, men placeringen er ikke bevilget (status: ${placement.grantState}).`
          : `Aktiveringen startede ${startDate}, før placeringen blev bevilget ${grantedOn ?? ''}.`,
        messageEn: notGranted
          ? `The placement started on ${startDate} but has not been granted (state: ${placement.grantState}).`
          : `The placement started on ${startDate}, before it was granted on ${grantedOn ?? ''}.`,
        details: {
          startDate,
          grantState: placement.grantState,
          ...(grantedOn === undefined ? {} : { grantedOn }),
          ...(placement.pNumber === undefined ? {} : { pNumber: placement.pNumber }),
        },
      },
    ];
  },
};
