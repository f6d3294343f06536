/** Reads what arrived at the SMTP sink (maildev's REST API), as a person would in its web UI. */
export interface CapturedMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

/**
 * The monitor's deadline reminders and overdue notices (subject "Frist …") name the triggering
 * message's reference too; suites about the exchange mails themselves leave them out.
 */
export const isDeadlineMail = (mail: Pick<CapturedMail, 'subject'>): boolean =>
  mail.subject.startsWith('Frist ');

/**
 * The mails the sink holds. maildev reloads its mail folder when it starts again, cut files included
 * (a server stopped mid-mail, see isWholeMail in faults/mail-sink.ts): those come back without a
 * subject or a text body, and are no mail it accepted, so they are left out. Mails are counted by
 * receivedByMessageId (faults/mail-sink.ts), from the files, which knows a cut one by its missing end.
 */
export async function capturedMails(mailUiUrl: string): Promise<CapturedMail[]> {
  const response = await fetch(`${mailUiUrl}/email`);
  if (!response.ok) throw new Error(`mail sink answered ${response.status}`);
  const mails = (await response.json()) as Partial<CapturedMail>[];
  return mails.filter(
    (mail): mail is CapturedMail => typeof mail.subject === 'string' && typeof mail.text === 'string',
  );
}

/** What a privacy check of the mails found: how many were looked at, and every CPR form seen in one. */
export interface MailCprScan {
  capturedMails: number;
  outboxRows: number;
  found: { where: string; form: string }[];
}

/**
 * Looks for any of `forms` (CPR numbers as written, with and without the dash) in every mail the
 * SMTP sink captured (subject, bodies, headers) and in every mail recorded in the notifier's outbox,
 * sent or not yet sent.
 */
export async function scanMailsForCprs(
  mailUiUrl: string,
  db: { query<R extends object>(sql: string): Promise<{ rows: R[] }> },
  forms: readonly string[],
): Promise<MailCprScan> {
  const found: MailCprScan['found'] = [];
  const mails = await capturedMails(mailUiUrl);
  for (const mail of mails) {
    const everything = JSON.stringify([mail.subject, mail.text, mail.html, mail.headers]);
    for (const form of forms) if (everything.includes(form)) found.push({ where: `mail ${mail.id}`, form });
  }
  const { rows } = await db.query<{ id: string; everything: string }>(
    `SELECT mail_id::text AS id, concat_ws(' ', subject, body_text, body_html, digest_item::text) AS everything FROM mail_outbox`,
  );
  for (const row of rows)
    for (const form of forms)
      if (row.everything.includes(form)) found.push({ where: `outbox ${row.id}`, form });
  return { capturedMails: mails.length, outboxRows: rows.length, found };
}

/**
 * Sets aside the mails earlier suites left unsent in the test profile's outbox (`failed`, saying
 * by whom), so a test's own sender claims only the mails the test records.
 */
export async function setAsideUnsentMails(
  db: { query(sql: string, parameters: unknown[]): Promise<unknown> },
  by: string,
): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET status = 'failed', last_error = $1 WHERE status IN ('pending', 'sending')`,
    [`set aside by ${by}`],
  );
}
