import type { TLSSocket } from 'node:tls';

import { Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, PartyRef } from '@hub/contracts';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import type { IngressConfig } from './ingress.config';
import { PARTNER_CREDENTIALS } from './ingress.constants';
import { Accepted, IngressService, MAX_RECORD_KEY_BYTES } from './ingress.service';
import { API_KEY_HEADER, ClientCertificate, PartnerCredentials } from './partner-credentials';
import { readBody } from './request-body';
import { AVRO_MEDIA_TYPES, JSON_MEDIA_TYPE, Refusal } from './submission';

/** The OpenAPI security scheme names. */
export const API_KEY_SCHEME = 'partner-api-key';

/** The header a partner may key its record with (its own citizen reference), as on Kafka. */
export const RECORD_KEY_HEADER = 'hub-record-key';

const REASON_BODY = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    reasonCode: {
      type: 'string',
      description:
        "The router's dead-letter reason codes (WRONG_MARKER, TRUNCATED, UNKNOWN_SCHEMA, UNKNOWN_SCHEMA_ID, TRAILING_BYTES, INVALID_BODY, INVALID_VALUE, UNKNOWN_KIND, EMPTY_MESSAGE, NOT_A_PARTNER_MESSAGE, NUL_IN_TEXT, TEXT_TOO_LONG, INVALID_CPR, TOO_LARGE, SENDER_MISMATCH), and INVALID_JSON, UNSUPPORTED_MEDIA_TYPE, INVALID_RECORD_KEY, INVALID_CORRELATION_ID, CHANNEL_NOT_ALLOWED, UNAUTHENTICATED, CREDENTIALS_DISAGREE, UNKNOWN_SENDER",
    },
    reasonText: { type: 'string' },
  },
};

function clientCertificateOf(request: Request): ClientCertificate | undefined {
  const socket = request.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const certificate = socket.getPeerCertificate();
  if (!certificate || Object.keys(certificate).length === 0) return undefined;
  const commonName = certificate.subject?.CN;
  return {
    authorized: socket.authorized === true,
    commonName: Array.isArray(commonName) ? commonName[0] : commonName,
  };
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Partner systems that speak HTTPS, not Kafka, post their messages here; each lands on the sender's
 * own inbound topic exactly as if the partner had produced it, and the router takes it from there.
 */
@ApiTags('messages')
@Controller()
export class MessagesController {
  constructor(
    private readonly ingress: IngressService,
    @Inject(PARTNER_CREDENTIALS) private readonly credentials: PartnerCredentials,
    @Inject(APP_CONFIG) private readonly config: IngressConfig,
  ) {}

  @Post('messages')
  @HttpCode(202)
  @ApiOperation({
    summary: "Publish a partner message on the sender's inbound topic",
    description:
      'The body is one message: Avro single-object encoding (as on Kafka) or its JSON form {"kind": ..., "value": {...}} ' +
      "(schemas/README.md). The envelope's sender must be the partner the credentials belong to. 202 means the message " +
      'is on the broker; the router then judges it against the agreements and routes it, or rejects it with a ' +
      'rejection receipt to the sender. Posting the same message (same message id) again is safe: 202 again, routed once.',
  })
  @ApiSecurity(API_KEY_SCHEME)
  @ApiConsumes(JSON_MEDIA_TYPE, ...AVRO_MEDIA_TYPES)
  @ApiProduces('application/json')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'value'],
          properties: {
            kind: { type: 'string', example: 'beskedmodul.EarlyOfferRecommendation' },
            value: { type: 'object', description: 'the message, every field present (optional ones null)' },
          },
        },
        {
          type: 'string',
          format: 'binary',
          description: 'Avro single-object encoding (c3 01, fingerprint, body)',
        },
      ],
    },
  })
  @ApiHeader({
    name: RECORD_KEY_HEADER,
    required: false,
    description: `the Kafka record key: your own citizen reference, so a person's messages stay in order (default: the message id; at most ${MAX_RECORD_KEY_BYTES} bytes)`,
  })
  @ApiHeader({
    name: HEADERS.correlationId,
    required: false,
    description: "carried on with the message (default: the envelope's correlation id, else its message id)",
  })
  @ApiResponse({
    status: 202,
    description: "accepted: on the partner's inbound topic",
    schema: {
      type: 'object',
      properties: { messageId: { type: 'string' }, kind: { type: 'string' }, topic: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 400, description: 'the message cannot be read or is invalid', schema: REASON_BODY })
  @ApiResponse({ status: 401, description: 'no valid API key or client certificate', schema: REASON_BODY })
  @ApiResponse({
    status: 403,
    description: "the message is not the caller's to send (SENDER_MISMATCH, ...)",
    schema: REASON_BODY,
  })
  @ApiResponse({
    status: 413,
    description: 'the message or request body is too large (TOO_LARGE)',
    schema: REASON_BODY,
  })
  @ApiResponse({
    status: 415,
    description: 'neither JSON nor Avro (UNSUPPORTED_MEDIA_TYPE)',
    schema: REASON_BODY,
  })
  async publish(@Req() request: Request): Promise<Accepted> {
    let partner: PartyRef | undefined;
    try {
      partner = this.credentials.partnerFor(
        single(request.headers[API_KEY_HEADER]),
        clientCertificateOf(request),
      );
      const body = await readBody(request, this.config.INGRESS_MAX_BODY_BYTES);
      return await this.ingress.accept(partner, {
        contentType: request.headers['content-type'],
        body,
        recordKey: single(request.headers[RECORD_KEY_HEADER]),
        correlationId: single(request.headers[HEADERS.correlationId]),
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.ingress.refused(partner, error);
      throw new HttpException(
        { statusCode: error.status, reasonCode: error.reasonCode, reasonText: error.reasonText },
        error.status,
      );
    }
  }
}
