import type { ResponseTarget, TargetDue } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import type { MessageKind } from '../../vocabulary/message-kinds';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * Used when an agreement says "hurtigst muligt" and its file gives no number: 5 working days, one
 * working week — long enough for a caseworker who is away a day or two, short enough that a citizen
 * whose offer should start "inden for de første 3 måneders ledighed" (seed 001, Tilbud) still has
 * time. Each seed file states its own number; this is only the fallback for new files.
 */
export const DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS = 5;

/**
 * `targets`: each id once, a known clause, triggers the agreement covers, and a due date — given,
 * or the hub's default when the agreement says "hurtigst muligt". A deadline before the handover
 * needs `phases` to know the handover; any other deadline runs from a trigger, so needs one.
 */
export function resolveTargets(
  targets: AgreementFile['targets'],
  context: { readonly coveredKinds: ReadonlySet<MessageKind>; readonly hasPhases: boolean },
  clauses: KnownClauses,
  issues: SectionIssue[],
): ResponseTarget[] {
  const ids = new Set<string>();
  return targets.map((target, index) => {
    const path = `targets[${index}]`;
    if (ids.has(target.id))
      issues.push({ path: `${path}.id`, message: `duplicate target id '${target.id}'` });
    ids.add(target.id);
    clauses.require(`${path}.clause`, target.clause, issues);
    target.triggers.forEach((kind, kindIndex) => {
      if (!context.coveredKinds.has(kind)) {
        issues.push({
          path: `${path}.triggers[${kindIndex}]`,
          message: `${kind} is not in covers, so it can never trigger`,
        });
      }
    });
    const due = resolveDue(target.due, target.asFastAsPossible);
    if (due === undefined) {
      issues.push({
        path: `${path}.due`,
        message: 'required unless asFastAsPossible is true (then the hub default applies)',
      });
    }
    const beforeHandover =
      due?.type === 'calendar-days-before-handover' || due?.type === 'working-days-before-handover';
    if (beforeHandover && !context.hasPhases) {
      issues.push({
        path: `${path}.due`,
        message: 'a deadline before the handover needs a phases section to know the handover',
      });
    }
    if (!beforeHandover && target.triggers.length === 0) {
      issues.push({
        path: `${path}.triggers`,
        message: 'a response-time target needs at least one trigger kind',
      });
    }
    return {
      id: target.id,
      clauseId: target.clause,
      triggers: target.triggers,
      expects: target.expects,
      responsible: target.responsible,
      due: due ?? {
        type: 'working-days-after-exchange',
        workingDays: DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS,
      },
      asFastAsPossible: target.asFastAsPossible,
      conditional: target.conditional,
    };
  });
}

/** A target's `due` as the engine counts it; undefined when it has none and no "hurtigst muligt". */
export function resolveDue(
  due: AgreementFile['targets'][number]['due'],
  asFastAsPossible: boolean,
): TargetDue | undefined {
  if (due === undefined) {
    return asFastAsPossible
      ? { type: 'working-days-after-exchange', workingDays: DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS }
      : undefined;
  }
  if ('workingDaysAfterExchange' in due)
    return { type: 'working-days-after-exchange', workingDays: due.workingDaysAfterExchange };
  if ('calendarDaysBeforeHandover' in due)
    return { type: 'calendar-days-before-handover', calendarDays: due.calendarDaysBeforeHandover };
  if ('calendarDaysBeforePlacementStart' in due)
    return {
      type: 'calendar-days-before-placement-start',
      calendarDays: due.calendarDaysBeforePlacementStart,
    };
  return { type: 'working-days-before-handover', workingDays: due.workingDaysBeforeHandover };
}
