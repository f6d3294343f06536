import type { ReasonCode } from '@hub/contracts';

/**
 * Typed errors decide the retry policy: a handler throws TransientError for what may
 * work later (a partner's 5xx, a database that is restarting) and the loop retries the same record
 * with backoff, holding its partition so order is kept. Anything else is permanent: the record goes
 * to the app's poison path (dead letter) and the partition moves on.
 */
export class TransientError extends Error {
  readonly transient = true;
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export class PermanentError extends Error {
  constructor(
    readonly code: ReasonCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof TransientError;
}
