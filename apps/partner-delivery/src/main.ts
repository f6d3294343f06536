import 'reflect-metadata';

import { runPartnerDelivery } from '@hub/partner-delivery';

/**
 * Delivers what the router routed to one kind of partner (hub.outbound.<kind>.v1): a-kasser,
 * jobcentres, unions or companies, picked by `--kind <kind>` or PARTNER_DELIVERY_KIND.
 */
void runPartnerDelivery();
