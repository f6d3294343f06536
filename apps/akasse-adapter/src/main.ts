import 'reflect-metadata';

import { runAdapter } from '@hub/partner-delivery';

/** Delivers routed messages and receipts for a-kasser (hub.outbound.akasse.v1) to their systems. */
void runAdapter('akasse', 'AKASSE_ADAPTER');
