import {
  AgreementCatalog,
  asPartyRef,
  isMessageKind,
  responseDueDate,
  targetRuleCode,
  WorkingDayCalendar,
} from '@hub/agreements';
import type { PartyRef } from '@hub/contracts';

import type { DeadlineTarget, DigestPolicy, NotificationDirectory } from './notification-directory';

/** Mailboxes, names and response targets from the agreements data (agreements/*.yaml). */
export class CatalogNotificationDirectory implements NotificationDirectory {
  constructor(
    private readonly catalog: AgreementCatalog,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  mailboxOf(party: PartyRef): string | undefined {
    const ref = asPartyRef(party);
    return ref ? this.catalog.party(ref)?.email : undefined;
  }

  nameOf(party: PartyRef): string {
    // The two national systems by their own names (the directory lists organisations only).
    if (party.kind === 'vitas') return 'VITAS';
    if (party.kind === 'jobag') return 'JobAG';
    const ref = asPartyRef(party);
    return ref ? this.catalog.displayName(ref) : `${party.kind} ${party.id}`;
  }

  agreementTitle(agreementId: string): string | undefined {
    return this.catalog.agreement(agreementId)?.title.da;
  }

  digestPolicy(agreementId: string): DigestPolicy {
    return this.catalog.agreement(agreementId)?.notifications.digest ?? 'none';
  }

  dueDate(
    kind: string,
    agreementId: string | null,
    exchangeDate: string,
  ): { dueOn: string; workingDays: number } | undefined {
    if (!agreementId || !isMessageKind(kind)) return undefined;
    return responseDueDate(this.catalog, this.calendar, { agreementId, kind, date: exchangeDate });
  }

  deadlineTarget(agreementId: string, ruleCode: string): DeadlineTarget | undefined {
    const target = this.catalog
      .agreement(agreementId)
      ?.targets.find((candidate) => targetRuleCode(candidate.id) === ruleCode);
    return target ? { expects: target.expects, conditional: target.conditional } : undefined;
  }
}
