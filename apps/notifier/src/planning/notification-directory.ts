import type { PartyRef } from '@hub/contracts';

/** How an agreement wants its mailboxes told: one mail per message, or a daily digest. */
export type DigestPolicy = 'daily' | 'none';

/** The agreement target behind a deadline event: what would meet it, and whether it is only due if something holds. */
export interface DeadlineTarget {
  expects: readonly string[];
  conditional: boolean;
}

/** What the planner needs to know about parties and agreements; the agreements data answers it. */
export interface NotificationDirectory {
  /** The functional mailbox of a party (e.g. seed 001: jobcenter@norddjurs.dk), if it has one. */
  mailboxOf(party: PartyRef): string | undefined;
  nameOf(party: PartyRef): string;
  agreementTitle(agreementId: string): string | undefined;
  /** The agreement's `notifications.digest`; `none` for an unknown agreement. */
  digestPolicy(agreementId: string): DigestPolicy;
  /** When the receiver is expected to act on this kind under the agreement, if a target applies. */
  dueDate(
    kind: string,
    agreementId: string | null,
    exchangeDate: string,
  ): { dueOn: string; workingDays: number } | undefined;
  /** The target a deadline event's rule code names under the agreement, if the agreement has it. */
  deadlineTarget(agreementId: string, ruleCode: string): DeadlineTarget | undefined;
}
