import type { MessageKind, PartnerMessageKind, PartyKind } from '@hub/contracts';

import { ANSWER_ASAP, COMPLIANCE_CONTACT, JOBCENTER_EMAIL, PERSONAL_DATA, TIMELINESS } from './clauses';
import type { KindInfo } from './kind-definition';

/** The hub's own records and events (routing.*, events.*): no partner sends them, none is judged. */
export type HubKind = Exclude<MessageKind, PartnerMessageKind>;

const PARTNERS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union'];
const ADAPTERS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union', 'company'];
const own = (clauses: KindInfo['clauses']): KindInfo => ({
  flow: 'hub',
  senders: ['hub'],
  receivers: ['hub'],
  clauses,
});

/** Who sends and receives each of the hub's own kinds, and the clause it serves. */
export const HUB_KIND_CATALOG: { readonly [K in HubKind]: KindInfo } = {
  'routing.RoutedMessage': { flow: 'hub', senders: ['hub'], receivers: ADAPTERS, clauses: [PERSONAL_DATA] },
  'routing.RejectionReceipt': {
    flow: 'hub',
    senders: ['hub'],
    receivers: PARTNERS,
    clauses: [COMPLIANCE_CONTACT],
  },
  'events.ExchangeRouted': own([TIMELINESS]),
  'events.ExchangeRejected': own([COMPLIANCE_CONTACT]),
  'events.DeliverySucceeded': own([PERSONAL_DATA]),
  'events.DeliveryFailed': own([PERSONAL_DATA]),
  'events.NotificationSent': own([JOBCENTER_EMAIL]),
  'events.DeadlineDue': own([TIMELINESS, ANSWER_ASAP]),
  'events.DeadlineOverdue': own([TIMELINESS]),
};
