import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signDelivery } from './signature';
import type { PartnerTarget } from './partner-directory';

/** What one delivery attempt came to. */
export type DeliveryAttempt =
  | { outcome: 'delivered'; httpStatus: number; partnerReference: string | null }
  /** The partner refused this document for good (4xx other than 408/429); its reason is kept. */
  | { outcome: 'refused'; httpStatus: number; reason: string }
  /** Worth trying again later: 5xx, 408, 429, a timeout, no connection. */
  | { outcome: 'unavailable'; httpStatus: number | null; reason: string };

/**
 * Delivers one document to a partner's system over HTTP: a POST of the exact JSON body with the
 * delivery id as idempotency key (the partner answers a redelivery without taking it twice), signed
 * with the partner's secret over the time of this attempt, the key and the body (signature.ts), so a
 * captured request is worthless once the partner's tolerance window has passed, and cannot be sent
 * again as another document. Never throws: every answer and every transport error becomes an attempt.
 */
export class PartnerClient {
  constructor(private readonly now: () => number = Date.now) {}

  async deliver(target: PartnerTarget, deliveryId: string, body: string): Promise<DeliveryAttempt> {
    let response: Response;
    const signature = signDelivery(target.hmacSecret, {
      timestamp: Math.floor(this.now() / 1000),
      idempotencyKey: deliveryId,
      body,
    });
    try {
      response = await fetch(target.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDEMPOTENCY_HEADER]: deliveryId,
          [SIGNATURE_HEADER]: signature,
        },
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
    } catch (error) {
      return { outcome: 'unavailable', httpStatus: null, reason: transportError(error, target.timeoutMs) };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The partner answered but the body did not arrive in time: the status decides all the same.
      text = `(answer body not read: ${(error as Error).message})`;
    }
    return classifyAnswer(response.status, text);
  }
}

/** 2xx delivered; 4xx (but 408 and 429) refused for good; anything else may pass. */
export function classifyAnswer(status: number, text: string): DeliveryAttempt {
  if (status >= 200 && status < 300) {
    return { outcome: 'delivered', httpStatus: status, partnerReference: readReference(text) };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return {
      outcome: 'refused',
      httpStatus: status,
      reason: `partner refused the document (${status}): ${text.slice(0, 500)}`,
    };
  }
  return {
    outcome: 'unavailable',
    httpStatus: status,
    reason: `partner answered ${status}: ${text.slice(0, 200)}`,
  };
}

function transportError(error: unknown, timeoutMs: number): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `partner endpoint unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
}

function readReference(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { reference?: unknown };
    return typeof parsed.reference === 'string' ? parsed.reference : null;
  } catch {
    return null;
  }
}
