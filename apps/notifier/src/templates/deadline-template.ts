import { agreementText, composeMail, MailContent } from './mail-template';

/** `due`: the deadline falls today (or on the next non-working day). `overdue`: it has passed unmet. */
export type DeadlineState = 'due' | 'overdue';

export interface DeadlineFacts {
  state: DeadlineState;
  /** The last day on which it is on time, a Danish date. */
  dueOn: string;
  /** The responsible party, by name. */
  responsibleName: string;
  /** What would meet the deadline, e.g. "afgørelse på indstilling om tidligt tilbud". */
  awaited: string;
  /** What started the clock, e.g. "indstilling om tidligt tilbud". */
  trigger: string;
  /** Only due if something else holds (seed 001: a risk notice only if the a-kasse sees a risk). */
  conditional: boolean;
  /** Short reference of the triggering message, and its full id. */
  reference: string;
  messageId: string;
  agreementTitle?: string;
  clauseRef: string;
}

/**
 * The reminder a responsible mailbox gets when a deadline the hub watches falls due, and the notice
 * when it has passed. Seed 004 wants timeliness "så tæt på 100 % som muligt": the reminder comes on
 * the due day, while there is still time. Like every hub mail, it names no person and no CPR.
 */
export function renderDeadlineMail(facts: DeadlineFacts): MailContent {
  const subject =
    facts.state === 'due'
      ? `Frist ${facts.dueOn}: ${facts.awaited} – ref. ${facts.reference}`
      : `Frist overskredet ${facts.dueOn}: ${facts.awaited} – ref. ${facts.reference}`;
  const condition = facts.conditional ? ', hvis aftalens betingelse for den er opfyldt' : '';
  const action =
    facts.state === 'due'
      ? `Send ${facts.awaited} senest ${facts.dueOn}${condition}.`
      : `Fristen ${facts.dueOn} er overskredet. Send ${facts.awaited} hurtigst muligt${condition}.`;
  const lines: [string, string][] = [
    ['Til', facts.responsibleName],
    ['Hvad skal I gøre', action],
    ['Frist', facts.dueOn],
    ['Udløst af', facts.trigger],
    ['Samarbejdsaftale', agreementText(facts.agreementTitle, facts.clauseRef)],
    ['Reference', `${facts.reference} (besked-id ${facts.messageId}) – slå beskeden op i jeres fagsystem`],
  ];
  return composeMail(subject, lines);
}
