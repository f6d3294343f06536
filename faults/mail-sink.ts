/**
 * What the SMTP sink (the stack's maildev) accepted, counted by Message-ID from its mail folder: one
 * .eml file a mail, kept across its restarts (its REST API would send every body of every earlier
 * run as well). The one count of received mails for the fault matrix (faults/run.ts), its CI-sized
 * specs (test/support/workload-audit.ts), the SMTP restart spec and the mail benchmark
 * (bench/mail.ts), so that all of them leave out the same cut mails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a mail file holds a whole mail. maildev writes the file while the mail's content arrives
 * and answers 250 only at its end: a server stopped mid-mail leaves a cut file of a mail it never
 * accepted (the sender got no 250 and sends the mail again, so counting the cut file would report a
 * duplicate). Started again, maildev loads the cut file as a mail without a text body, and
 * test/support/mail-sink.ts `capturedMails` leaves those out of what its REST API returns. Here a
 * file is whole when its header has ended (a blank line) and, for a multipart mail (nodemailer's
 * text + HTML, as the notifier sends them), its body ends with the closing boundary. A single-part
 * mail cut in its body cannot be told from a whole one; the hub sends none.
 */
export function isWholeMail(content: string): boolean {
  const head = headOf(content);
  if (head === undefined) return false;
  const boundary = /boundary="?([^"\r\n;]+)"?/i.exec(head)?.[1];
  return boundary === undefined || content.trimEnd().endsWith(`--${boundary}--`);
}

/** The mail's header lines, or undefined while they have not ended. */
function headOf(content: string): string | undefined {
  const end = /\r?\n\r?\n/.exec(content);
  return end === null ? undefined : content.slice(0, end.index);
}

/**
 * How many whole mails (isWholeMail) the sink holds per Message-ID header. A mail without one counts
 * under its file name: the hub's mails all have one.
 */
export function receivedByMessageId(mailDir: string): Map<string, number> {
  const received = new Map<string, number>();
  if (!existsSync(mailDir)) return received;
  for (const file of readdirSync(mailDir)) {
    if (!file.endsWith('.eml')) continue;
    const content = readFileSync(join(mailDir, file), 'utf8');
    if (!isWholeMail(content)) continue;
    const messageId = /^message-id:\s*(\S+)/im.exec(headOf(content) ?? '')?.[1] ?? file;
    received.set(messageId, (received.get(messageId) ?? 0) + 1);
  }
  return received;
}
