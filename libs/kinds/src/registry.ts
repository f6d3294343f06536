import type { PartnerMessageKind } from '@hub/contracts';

import { AvailabilityAnswer } from './beskedmodul/AvailabilityAnswer';
import { AvailabilityQuestion } from './beskedmodul/AvailabilityQuestion';
import { EarlyOfferDecision } from './beskedmodul/EarlyOfferDecision';
import { EarlyOfferRecommendation } from './beskedmodul/EarlyOfferRecommendation';
import { Handover } from './beskedmodul/Handover';
import { Inquiry } from './beskedmodul/Inquiry';
import { InquiryAnswer } from './beskedmodul/InquiryAnswer';
import { JobClubReferral } from './beskedmodul/JobClubReferral';
import { JointInterviewAnswer } from './beskedmodul/JointInterviewAnswer';
import { JointInterviewInvitation } from './beskedmodul/JointInterviewInvitation';
import { LongTermUnemploymentRiskNotice } from './beskedmodul/LongTermUnemploymentRiskNotice';
import { ThreePartyMeetingRequest } from './beskedmodul/ThreePartyMeetingRequest';
import { PlacementCancelled } from './vitas/PlacementCancelled';
import { PlacementEnded } from './vitas/PlacementEnded';
import { PlacementExtended } from './vitas/PlacementExtended';
import { PlacementGranted } from './vitas/PlacementGranted';
import { PlacementPreApproved } from './vitas/PlacementPreApproved';
import { PlacementRefused } from './vitas/PlacementRefused';
import { PlacementStarted } from './vitas/PlacementStarted';
import { PlacementSubmitted } from './vitas/PlacementSubmitted';
import { CandidateHired } from './jobag/CandidateHired';
import { CandidateProposed } from './jobag/CandidateProposed';
import { JobOrderCreated } from './jobag/JobOrderCreated';
import { JobOrderForwarded } from './jobag/JobOrderForwarded';
import { JobOrderShared } from './jobag/JobOrderShared';
import { JobOrderStatusChanged } from './jobag/JobOrderStatusChanged';
import type { KindDefinition } from './kind-definition';

/**
 * Every partner message kind's definition, one file each in libs/kinds/src/<channel>/. Typed by the
 * contracts' kinds (generated from schemas/): a kind added to the schemas does not build until it has
 * its file here, and a file filed under another kind's name does not either.
 */
export const KINDS: { readonly [K in PartnerMessageKind]: KindDefinition<K> } = {
  'beskedmodul.AvailabilityAnswer': AvailabilityAnswer,
  'beskedmodul.AvailabilityQuestion': AvailabilityQuestion,
  'beskedmodul.EarlyOfferDecision': EarlyOfferDecision,
  'beskedmodul.EarlyOfferRecommendation': EarlyOfferRecommendation,
  'beskedmodul.Handover': Handover,
  'beskedmodul.Inquiry': Inquiry,
  'beskedmodul.InquiryAnswer': InquiryAnswer,
  'beskedmodul.JobClubReferral': JobClubReferral,
  'beskedmodul.JointInterviewAnswer': JointInterviewAnswer,
  'beskedmodul.JointInterviewInvitation': JointInterviewInvitation,
  'beskedmodul.LongTermUnemploymentRiskNotice': LongTermUnemploymentRiskNotice,
  'beskedmodul.ThreePartyMeetingRequest': ThreePartyMeetingRequest,
  'vitas.PlacementCancelled': PlacementCancelled,
  'vitas.PlacementEnded': PlacementEnded,
  'vitas.PlacementExtended': PlacementExtended,
  'vitas.PlacementGranted': PlacementGranted,
  'vitas.PlacementPreApproved': PlacementPreApproved,
  'vitas.PlacementRefused': PlacementRefused,
  'vitas.PlacementStarted': PlacementStarted,
  'vitas.PlacementSubmitted': PlacementSubmitted,
  'jobag.CandidateHired': CandidateHired,
  'jobag.CandidateProposed': CandidateProposed,
  'jobag.JobOrderCreated': JobOrderCreated,
  'jobag.JobOrderForwarded': JobOrderForwarded,
  'jobag.JobOrderShared': JobOrderShared,
  'jobag.JobOrderStatusChanged': JobOrderStatusChanged,
};

/** Every partner message kind, in the registry's order (by channel, then by name). */
export const PARTNER_KINDS = Object.keys(KINDS) as PartnerMessageKind[];

/** The definition of a kind named by a string from the wire or a person, if the hub knows the kind. */
export function kindDefinitionOf(kind: string): KindDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind as PartnerMessageKind] : undefined;
}
