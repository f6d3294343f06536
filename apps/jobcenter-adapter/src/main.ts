import 'reflect-metadata';

import { runAdapter } from '@hub/partner-delivery';

/** Delivers routed messages and receipts for jobcentres (hub.outbound.jobcenter.v1) to their systems. */
void runAdapter('jobcenter', 'JOBCENTER_ADAPTER');
