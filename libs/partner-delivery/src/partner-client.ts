import { PermanentError, TransientError } from '@hub/kafka';

import type { PartnerDocument } from './partner-document';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody } from './signature';

export interface PartnerEndpointConfig {
  /** URL template; {kind} and {id} are replaced by the receiver's, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox */
  endpointTemplate: string;
  hmacSecret: string;
  timeoutMs: number;
}

export class PartnerRefusedError extends PermanentError {
  constructor(
    readonly httpStatus: number,
    reason: string,
  ) {
    super('PARTNER_REFUSED', reason);
  }
}

export class PartnerUnavailableError extends TransientError {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
  }
}

/**
 * Delivers one document to the receiving partner's system over HTTP. 2xx is delivered; 4xx is the
 * partner refusing this document for good (its reason kept); 5xx, 429 and timeouts are transient.
 */
export class PartnerClient {
  constructor(private readonly config: PartnerEndpointConfig) {}

  endpointFor(document: PartnerDocument): string {
    return this.config.endpointTemplate
      .replace('{kind}', encodeURIComponent(document.receiver.kind))
      .replace('{id}', encodeURIComponent(document.receiver.id));
  }

  async deliver(document: PartnerDocument): Promise<{ partnerReference: string | null }> {
    const body = JSON.stringify(document);
    let response: Response;
    try {
      response = await fetch(this.endpointFor(document), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDEMPOTENCY_HEADER]: document.deliveryId,
          [SIGNATURE_HEADER]: signBody(this.config.hmacSecret, body),
        },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      throw new PartnerUnavailableError(`partner endpoint unreachable: ${(error as Error).message}`, null);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      return { partnerReference: readReference(text) };
    }
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429
    ) {
      throw new PartnerRefusedError(
        response.status,
        `partner refused the document (${response.status}): ${text.slice(0, 500)}`,
      );
    }
    throw new PartnerUnavailableError(
      `partner answered ${response.status}: ${text.slice(0, 200)}`,
      response.status,
    );
  }
}

function readReference(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { reference?: unknown };
    return typeof parsed.reference === 'string' ? parsed.reference : null;
  } catch {
    return null;
  }
}
