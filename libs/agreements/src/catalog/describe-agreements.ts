import type { Agreement, TargetDue } from './agreement';
import type { AgreementCatalog } from './agreement-catalog';
import type { FindingCode, Severity, SeverityBasis } from '../rules/finding';
import { effectivePolicy } from '../rules/severity-policy';
import type { IsoDate } from '../vocabulary/iso-date';

/** Plain data about one agreement, for the CLI (`hub agreements describe`) and the monitor. */
export interface AgreementDescription {
  readonly id: string;
  readonly title: { readonly da: string; readonly en: string };
  readonly seed: string;
  readonly status: 'signed' | 'draft';
  readonly sourceFile: string;
  readonly parties: readonly { readonly kind: string; readonly id: string; readonly name: string }[];
  readonly partyGroups: readonly string[];
  readonly validFrom: IsoDate;
  readonly validTo?: IsoDate;
  /** Only when `asOf` was given. */
  readonly state?: 'in-force' | 'ended' | 'not-yet-in-force';
  readonly covers: readonly {
    readonly kind: string;
    readonly from: readonly string[];
    readonly to: readonly string[];
    readonly channels: readonly string[];
    readonly clauseRef: string;
    readonly phaseBound: boolean;
    readonly bothWays: boolean;
  }[];
  readonly targets: readonly {
    readonly id: string;
    readonly triggers: readonly string[];
    readonly expects: readonly string[];
    readonly responsible: string;
    readonly due: string;
    readonly asFastAsPossible: boolean;
    readonly clauseRef: string;
  }[];
  readonly policy: Readonly<
    Record<FindingCode, { readonly severity: Severity; readonly basis: SeverityBasis }>
  >;
  readonly notifications: { readonly digest: 'daily' | 'none' };
  readonly retention: { readonly exchangeLogMonths: number };
  readonly clauses: readonly {
    readonly id: string;
    readonly ref: string;
    readonly da: string;
    readonly en: string;
  }[];
}

/** Describes every agreement; pass `asOf` (e.g. today, from the caller's clock) to get its state. */
export function describeAgreements(
  catalog: AgreementCatalog,
  asOf?: IsoDate,
): readonly AgreementDescription[] {
  return catalog.agreements.map((agreement) => describeAgreement(catalog, agreement, asOf));
}

export function describeAgreement(
  catalog: AgreementCatalog,
  agreement: Agreement,
  asOf?: IsoDate,
): AgreementDescription {
  const ref = (clauseId: string): string => catalog.clause(agreement, clauseId).ref;
  return {
    id: agreement.id,
    title: agreement.title,
    seed: agreement.seed,
    status: agreement.status,
    sourceFile: agreement.sourceFile,
    parties: agreement.parties.map((p) => ({ kind: p.kind, id: p.id, name: catalog.displayName(p) })),
    partyGroups: agreement.partyGroups,
    validFrom: agreement.validity.from,
    ...(agreement.validity.to === undefined ? {} : { validTo: agreement.validity.to }),
    ...(asOf === undefined ? {} : { state: stateOn(agreement, asOf) }),
    covers: agreement.covers.map((c) => ({
      kind: c.kind,
      from: c.from,
      to: c.to,
      channels: c.channels,
      clauseRef: ref(c.clauseId),
      phaseBound: c.phaseBound,
      bothWays: c.bothWays,
    })),
    targets: agreement.targets.map((t) => ({
      id: t.id,
      triggers: t.triggers,
      expects: t.expects,
      responsible: t.responsible,
      due: describeDue(t.due),
      asFastAsPossible: t.asFastAsPossible,
      clauseRef: ref(t.clauseId),
    })),
    policy: effectivePolicy(agreement),
    notifications: agreement.notifications,
    retention: agreement.retention,
    clauses: agreement.clauses,
  };
}

function stateOn(agreement: Agreement, date: IsoDate): 'in-force' | 'ended' | 'not-yet-in-force' {
  if (date < agreement.validity.from) return 'not-yet-in-force';
  if (agreement.validity.to !== undefined && date > agreement.validity.to) return 'ended';
  return 'in-force';
}

export function describeDue(due: TargetDue): string {
  switch (due.type) {
    case 'working-days-after-exchange':
      return `${plural(due.workingDays, 'working day')} after the exchange`;
    case 'calendar-days-before-handover':
      return `${plural(due.calendarDays, 'calendar day')} before the handover`;
    case 'working-days-before-handover':
      return `${plural(due.workingDays, 'working day')} before the handover`;
    case 'calendar-days-before-placement-start':
      return due.calendarDays === 0
        ? "by the placement's start date"
        : `${plural(due.calendarDays, 'calendar day')} before the placement starts`;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A plain-text rendering of descriptions, one block per agreement. */
export function formatAgreementDescriptions(descriptions: readonly AgreementDescription[]): string {
  return descriptions
    .map((d) => {
      const lines = [
        `${d.id} — ${d.title.en} (${d.seed}, ${d.status}${d.state === undefined ? '' : `, ${d.state}`})`,
        `  file: ${d.sourceFile}`,
        `  valid: ${d.validFrom} – ${d.validTo ?? 'open-ended'}`,
        `  parties: ${d.parties.map((p) => `${p.name} (${p.kind} ${p.id})`).join(', ')}`,
        '  covers:',
        ...d.covers.map(
          (c) =>
            `    ${c.kind}  ${c.from.join('|')} ${c.bothWays ? '⇄' : '→'} ${c.to.join('|')}  via ${c.channels.join('|')}  [${c.clauseRef}]`,
        ),
        ...(d.targets.length === 0 ? [] : ['  targets:']),
        ...d.targets.map(
          (t) =>
            `    ${t.id}: ${t.expects.join('|')} by ${t.responsible}, ${t.due}${t.asFastAsPossible ? ' ("hurtigst muligt")' : ''}  [${t.clauseRef}]`,
        ),
        `  policy: ${Object.entries(d.policy)
          .map(([code, p]) => `${code}=${p.severity}`)
          .join(', ')}`,
        `  notifications: digest ${d.notifications.digest}; exchange log kept ${d.retention.exchangeLogMonths} months`,
      ];
      return lines.join('\n');
    })
    .join('\n\n');
}
