import type { TargetGroup } from '../../catalog/agreement';
import type { CitizenFacts } from '../../exchange/exchange';
import type { CitizenCategory } from '../../vocabulary/citizen-categories';
import { type IsoDate, ageOn } from '../../vocabulary/iso-date';
import { clauseCitation } from '../citations';
import type { Rule } from '../rule';

type Membership =
  | { readonly result: 'in' }
  | { readonly result: 'unknown' }
  | { readonly result: 'out'; readonly why: Why };
type Why = { readonly da: string; readonly en: string };

/**
 * The citizen is in none of the agreement's target groups. Seed 003: "Ledige under 30 år, ligesom
 * andre ledige omfattet af jobcentrets specialindsats er som udgangspunkt undtagne fra målgruppen
 * for partnerskabet. Det kan dog aftales, at afgrænsede grupper af unge ledige indgår"; seed 002
 * §1.2 lists four groups.
 *
 * Three-valued on purpose: a fact the router did not supply is unknown, never "outside", so a
 * finding is raised only when every group is ruled out by facts that are known.
 */
export const outsideTargetGroupRule: Rule = {
  code: 'OUTSIDE_TARGET_GROUP',
  source: 'targetGroups of the governing agreement (seed 003; seed 002 §1.2)',
  evaluate({ exchange, catalog, coverage }) {
    const match = coverage.governing;
    const spec = match?.agreement.targetGroups;
    const citizen = exchange.citizen;
    if (match === undefined || spec === undefined || citizen === undefined) return [];
    const age = ageOf(citizen, exchange.date);
    const reasons: { readonly group: TargetGroup; readonly why: Why }[] = [];
    for (const group of spec.groups) {
      const membership = membershipOf(group, citizen, age);
      if (membership.result !== 'out') return [];
      reasons.push({ group, why: membership.why });
    }
    // The reasons say which bound the age fails ("under 30"), never the age itself: it is derived
    // from the CPR number for judging only, and the finding travels to the log, mails and events.
    return [
      {
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, spec.clauseId),
        messageDa: `Borgeren er uden for aftalens målgruppe: ${reasons.map((r) => `${r.group.da} — ${r.why.da}`).join('; ')}.`,
        messageEn: `The citizen is outside the agreement's target group: ${reasons.map((r) => `${r.group.en} — ${r.why.en}`).join('; ')}.`,
        details: {
          groups: reasons.map((r) => r.group.id),
          reasons: reasons.map((r) => `${r.group.id}: ${r.why.en}`),
        },
      },
    ];
  },
};

function ageOf(citizen: CitizenFacts, date: IsoDate): number | undefined {
  if (citizen.birthDate !== undefined) return ageOn(citizen.birthDate, date);
  return citizen.age;
}

/** Whether a category applies: true, false, or undefined when neither fact settles it. */
function applies(citizen: CitizenFacts, category: CitizenCategory): boolean | undefined {
  if (citizen.categories !== undefined) return citizen.categories.includes(category);
  return citizen.circumstances?.[category];
}

/**
 * A group's conditions, each true, false or unknown: out as soon as one is false, in when all are
 * true, unknown otherwise.
 */
function membershipOf(group: TargetGroup, citizen: CitizenFacts, age: number | undefined): Membership {
  let unknown = false;
  if (group.minAge !== undefined || group.maxAgeExclusive !== undefined) {
    if (age === undefined) unknown = true;
    else if (group.minAge !== undefined && age < group.minAge) {
      return { result: 'out', why: { da: `under ${group.minAge} år`, en: `under ${group.minAge}` } };
    } else if (group.maxAgeExclusive !== undefined && age >= group.maxAgeExclusive) {
      return {
        result: 'out',
        why: { da: `${group.maxAgeExclusive} år eller derover`, en: `${group.maxAgeExclusive} or older` },
      };
    }
  }
  for (const excluded of group.noneOfCategories) {
    const state = applies(citizen, excluded);
    if (state === true)
      return { result: 'out', why: { da: `undtaget: ${excluded}`, en: `excluded: ${excluded}` } };
    if (state === undefined) unknown = true;
  }
  if (group.anyOfCategories !== undefined) {
    const states = group.anyOfCategories.map((category) => applies(citizen, category));
    if (!states.includes(true)) {
      if (states.includes(undefined)) unknown = true;
      else {
        const needed = group.anyOfCategories.join(' / ');
        return { result: 'out', why: { da: `ikke ${needed}`, en: `not ${needed}` } };
      }
    }
  }
  return unknown ? { result: 'unknown' } : { result: 'in' };
}
