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

export async function capturedMails(mailUiUrl: string): Promise<CapturedMail[]> {
  const response = await fetch(`${mailUiUrl}/email`);
  if (!response.ok) throw new Error(`mail sink answered ${response.status}`);
  return (await response.json()) as CapturedMail[];
}
