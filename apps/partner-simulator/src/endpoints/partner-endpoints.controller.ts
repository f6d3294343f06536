import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Put,
  Req,
  ServiceUnavailableException,
  UnauthorizedException,
  BadRequestException,
  ConflictException,
  NotFoundException,
} from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { OUTBOUND_RECEIVER_KINDS } from '@hub/contracts';
import { IDEMPOTENCY_HEADER, ReplayGuard, SIGNATURE_HEADER, verifyDelivery } from '@hub/partner-delivery';
import type { Request } from 'express';

import { AnsweringService } from '../answering/answering.service';
import type { DeliveredDocument } from '../answering/partner-responder';
import type { SimulatorConfig } from '../simulator.config';
import { PartnerInboxes, ReceivedDocument, SentAnswer } from './partner-inboxes';

/** A partner kind the hub delivers to: a-kasser, jobcentres, unions and companies have endpoints. */
function partnerKey(kind: string, id: string): string {
  if (!OUTBOUND_RECEIVER_KINDS.some((known) => known === kind)) {
    throw new NotFoundException(
      `no simulated partner system of kind ${kind}: one of ${OUTBOUND_RECEIVER_KINDS.join(', ')}`,
    );
  }
  return PartnerInboxes.key(kind, id);
}

/**
 * The endpoints of the simulated partner systems (a-kasser, jobcentres, unions, companies) that the
 * adapters deliver to. Each verifies a delivery exactly as docs/partner-delivery-signing.md asks of a
 * real partner: the Hub-Signature over time, idempotency key and body with the partner's own secret
 * (401 otherwise), the time within the tolerance window (401), and the same signed request not
 * accepted before within the window (409: a replay). A redelivery of the same idempotency key,
 * signed afresh, is answered with the first answer and not stored twice. A new document may get an
 * answer from the partner later, through the hub (answering/).
 */
@Controller('partners')
export class PartnerEndpointsController {
  private readonly replays: ReplayGuard;

  constructor(
    private readonly inboxes: PartnerInboxes,
    private readonly answering: AnsweringService,
    @Inject(APP_CONFIG) private readonly config: SimulatorConfig,
  ) {
    this.replays = new ReplayGuard(config.SIMULATOR_SIGNATURE_TOLERANCE_SECONDS);
  }

  @Post(':kind/:id/inbox')
  @HttpCode(200)
  receive(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() document: Record<string, unknown>,
  ): { reference: string; duplicate: boolean } {
    const partner = partnerKey(kind, id);
    if (this.inboxes.isDown(partner))
      throw new ServiceUnavailableException(`${partner} is down (simulated outage)`);
    const failure = this.inboxes.documentFailure(partner, document.messageId);
    if (failure !== undefined)
      throw new HttpException(`${partner} fails on this document (simulated fault)`, failure);
    if (!idempotencyKey) throw new BadRequestException(`the ${IDEMPOTENCY_HEADER} header is required`);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const check = verifyDelivery(
      this.config.SIMULATOR_HMAC_SECRET,
      { header: signature, idempotencyKey, body: request.rawBody ?? Buffer.alloc(0) },
      {
        nowSeconds,
        toleranceSeconds: this.config.SIMULATOR_SIGNATURE_TOLERANCE_SECONDS,
        partner: { kind, id },
      },
    );
    if (!check.ok) throw new UnauthorizedException(check.text);
    if (!this.replays.firstUse(`${partner} ${idempotencyKey}`, check.timestamp, nowSeconds)) {
      throw new ConflictException(
        `replayed request: this ${SIGNATURE_HEADER} (t=${check.timestamp}) for this ${IDEMPOTENCY_HEADER} was already accepted`,
      );
    }
    const received = this.inboxes.receive(
      partner,
      idempotencyKey,
      document,
      this.config.SIMULATOR_INBOX_LIMIT,
      signature ?? '',
    );
    if (received.deliveries === 1) this.answering.received(partner, document as unknown as DeliveredDocument);
    return { reference: received.reference, duplicate: received.deliveries > 1 };
  }

  @Get(':kind/:id/inbox')
  inbox(@Param('kind') kind: string, @Param('id') id: string): { items: ReceivedDocument[] } {
    return { items: this.inboxes.list(partnerKey(kind, id)) };
  }

  /** What a partner answered (decisions, grants, answers it published back through the hub). */
  @Get(':kind/:id/answers')
  answers(@Param('kind') kind: string, @Param('id') id: string): { items: SentAnswer[] } {
    return { items: this.inboxes.answersOf(partnerKey(kind, id)) };
  }

  @Get()
  summary(): { partners: { partner: string; received: number; answered: number }[] } {
    return { partners: this.inboxes.summary() };
  }

  /**
   * Test control: the partner answers `status` (a 5xx) to one document, by its message id, and takes
   * every other: a partner system that chokes on one document. `{"status": null}` lets it through.
   */
  @Put(':kind/:id/documents/:messageId/failure')
  documentFailure(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Body() body: { status?: unknown },
  ): { partner: string; messageId: string; status: number | null } {
    const status = body.status;
    if (
      status !== null &&
      !(typeof status === 'number' && Number.isInteger(status) && status >= 500 && status <= 599)
    )
      throw new BadRequestException('body must be {"status": <500-599>} or {"status": null}');
    const partner = partnerKey(kind, id);
    this.inboxes.setDocumentFailure(partner, messageId, status);
    return { partner, messageId, status };
  }

  /** Test and demo control: take a partner's system down or bring it back. */
  @Put(':kind/:id/outage')
  outage(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Body() body: { down?: unknown },
  ): { partner: string; down: boolean } {
    if (typeof body.down !== 'boolean') throw new BadRequestException('body must be {"down": true|false}');
    const partner = partnerKey(kind, id);
    this.inboxes.setOutage(partner, body.down);
    return { partner, down: body.down };
  }
}
