/**
 * What a failed SMTP send means for the outbox, from nodemailer's error (its `code` and the server's
 * `responseCode`):
 * - `refused`: the server refused this mail for good (a 5xx to its sender, recipient or content, or
 *   a mail nodemailer cannot send at all, e.g. an invalid address). Sending it again changes nothing:
 *   it is set aside as `failed` with the reason, visible, not retried.
 * - `deferred`: the server refused this mail for now (a 4xx to its sender, recipient or content,
 *   e.g. greylisting or a full mailbox). This mail waits and is retried with backoff; the others go on.
 * - `unavailable`: the server or the connection failed (refused or dropped connection, timeout,
 *   authentication, a 421 shutting down). Every mail would meet the same: the pass stops, and the
 *   mails wait for the server.
 */
export type SmtpFailureKind = 'refused' | 'deferred' | 'unavailable';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** The reason as the server (or nodemailer) gave it, for the outbox row and the log. */
  reason: string;
}

/** The parts of a nodemailer error this reads (nodemailer's own errors are plain Errors with these). */
interface SmtpError {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
}

/** Errors about the mail itself (envelope or content), as opposed to the server or connection. */
const MAIL_ERROR_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const { message, code, responseCode } = (error ?? {}) as SmtpError;
  const reason = typeof message === 'string' && message !== '' ? message : String(error);
  if (typeof code !== 'string' || !MAIL_ERROR_CODES.has(code)) return { kind: 'unavailable', reason };
  if (typeof responseCode !== 'number') {
    // Found wrong before the server was asked (no recipient, an invalid address, too large).
    return { kind: 'refused', reason };
  }
  if (responseCode >= 500 && responseCode < 600) return { kind: 'refused', reason };
  if (responseCode >= 400 && responseCode < 500) return { kind: 'deferred', reason };
  return { kind: 'unavailable', reason };
}
