import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { HandlerResult } from '@hub/kafka';

import { generalFacts, placementFacts, recommendationFacts, riskNoticeFacts } from '../facts/exchange-facts';
import type { InboundMessage } from '../inbound/inbound-message';
import { RoutingService } from '../routing/routing.service';

/**
 * One thin handler per partner message kind (house style): each says which facts its kind carries
 * for the rules; judging and routing are the same for all. Start-up fails if a kind in schemas/ has
 * no handler here.
 */
@Controller()
export class BeskedmodulHandlers {
  constructor(private readonly routing: RoutingService) {}

  /** F1, seed 001 "Tilbud": only through the message module, with the listed minimum content. */
  @EventPattern('beskedmodul.EarlyOfferRecommendation')
  earlyOfferRecommendation(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, recommendationFacts);
  }

  @EventPattern('beskedmodul.EarlyOfferDecision')
  earlyOfferDecision(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  /** F2, seed 001: "gerne 14 dage inden overgangen". */
  @EventPattern('beskedmodul.LongTermUnemploymentRiskNotice')
  riskNotice(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, riskNoticeFacts);
  }

  @EventPattern('beskedmodul.Handover')
  handover(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.JointInterviewInvitation')
  jointInterviewInvitation(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  /** F6: involves a union, so the citizen's consent must be on record. */
  @EventPattern('beskedmodul.ThreePartyMeetingRequest')
  threePartyMeetingRequest(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.AvailabilityQuestion')
  availabilityQuestion(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.AvailabilityAnswer')
  availabilityAnswer(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.JobClubReferral')
  jobClubReferral(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.Inquiry')
  inquiry(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('beskedmodul.InquiryAnswer')
  inquiryAnswer(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }
}

/** F4, VITAS: every step carries what the placement rules need (grant state, start, P-number, staff). */
@Controller()
export class VitasHandlers {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern('vitas.PlacementSubmitted')
  submitted(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementPreApproved')
  preApproved(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementGranted')
  granted(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementRefused')
  refused(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  /** Seed 002 §2.2: activation may only start once the placement is granted. */
  @EventPattern('vitas.PlacementStarted')
  started(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementExtended')
  extended(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementEnded')
  ended(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }

  @EventPattern('vitas.PlacementCancelled')
  cancelled(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, placementFacts);
  }
}

/** F5, JobAG, seed 001 "Jobformidling": forwarding only through JobAG. */
@Controller()
export class JobagHandlers {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern('jobag.JobOrderCreated')
  created(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('jobag.JobOrderForwarded')
  forwarded(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('jobag.JobOrderShared')
  shared(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('jobag.JobOrderStatusChanged')
  statusChanged(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('jobag.CandidateProposed')
  candidateProposed(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }

  @EventPattern('jobag.CandidateHired')
  candidateHired(@Payload() message: InboundMessage): HandlerResult {
    return this.routing.route(message, generalFacts);
  }
}
