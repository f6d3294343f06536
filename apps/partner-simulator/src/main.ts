import 'reflect-metadata';

import { runHubService } from '@hub/service';

import { SERVICE_NAME, SimulatorModule } from './simulator.module';
import type { SimulatorConfig } from './simulator.config';

/** Simulated partner systems: the endpoints the adapters deliver to, on loopback. */
void runHubService<SimulatorConfig>({
  name: SERVICE_NAME,
  module: SimulatorModule,
  httpPort: (config) => config.SIMULATOR_HTTP_PORT,
  // Its endpoints must work without a broker: it publishes on first use and creates no topics.
  topics: false,
  // The signature is over the exact bytes the adapter sent.
  http: { rawBody: true },
});
