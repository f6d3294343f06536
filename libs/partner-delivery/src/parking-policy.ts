import { formatDuration } from '@hub/common';

/**
 * When a document that keeps failing transiently (5xx, 408, 429, timeout, no connection) stops being
 * retried and is parked, so that the partner's documents behind it move on.
 *
 * Why a limit at all: a partner that answers 5xx to one document only would otherwise hold every
 * document behind it forever, and the agreements ask the receiver to act at once, e.g. agreement
 * 001-norddjurs-akasse, clause `tilbud-hurtigst-muligt`: "Jobcentret ser på indstillingen hurtigst
 * muligt." A parked document is not lost: it is a dead letter (DELIVERY_PARKED) an operator can
 * replay once the partner has fixed its side.
 */
export interface ParkingLimits {
  /** Attempts (the failing one included) after which the document is parked. */
  afterAttempts: number;
  /** Time since the document's first transient failure after which it is parked. */
  afterMs: number;
}

/** The defaults (`<PREFIX>_PARK_AFTER_ATTEMPTS`, `<PREFIX>_PARK_AFTER_MS`): whichever comes first. */
export const DEFAULT_PARKING: ParkingLimits = { afterAttempts: 50, afterMs: 24 * 60 * 60_000 };

export interface TransientFailure {
  /** Attempts made, this one included. */
  attempts: number;
  /** When the document first failed transiently; null when this is its first failure. */
  firstFailedAt: Date | null;
  /** The partner's HTTP status, or null when it did not answer. */
  httpStatus: number | null;
  /** The hub's own description of a failure without an answer (timeout, no connection). */
  transportError: string;
}

/**
 * Null while the document may be retried; otherwise the reason it is parked, naming the limit
 * reached and the last answer. The reason goes into the DeliveryFailed event and the dead letter, so
 * it holds the HTTP status only, never the partner's answer body (which may echo the document).
 */
export function parkingReason(limits: ParkingLimits, failure: TransientFailure, now: Date): string | null {
  const failingMs = failure.firstFailedAt ? Math.max(0, now.getTime() - failure.firstFailedAt.getTime()) : 0;
  let limit: string;
  if (failure.attempts >= limits.afterAttempts) limit = attemptsText(limits.afterAttempts);
  else if (failingMs >= limits.afterMs) limit = `${formatDuration(limits.afterMs)} of failures`;
  else return null;
  const lastAnswer =
    failure.httpStatus === null
      ? failure.transportError.slice(0, 200)
      : `the partner answered HTTP ${failure.httpStatus}`;
  return (
    `parked after ${attemptsText(failure.attempts)} over ${formatDuration(failingMs)}: ` +
    `reached the partner's limit of ${limit}; last: ${lastAnswer}`
  );
}

const attemptsText = (count: number): string => `${count} attempt${count === 1 ? '' : 's'}`;
