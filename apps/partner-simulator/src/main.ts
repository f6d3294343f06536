import 'reflect-metadata';

import { APP_CONFIG } from '@hub/config';
import { bootstrapService } from '@hub/observability';

import { SERVICE_NAME, SimulatorModule } from './simulator.module';
import type { SimulatorConfig } from './simulator.config';

/** Simulated partner systems: the endpoints the adapters deliver to, on loopback. */
void bootstrapService(
  SERVICE_NAME,
  SimulatorModule,
  async (app) => {
    await app.listen(app.get<SimulatorConfig>(APP_CONFIG).SIMULATOR_HTTP_PORT, '127.0.0.1');
  },
  // The signature is over the exact bytes the adapter sent.
  { rawBody: true },
);
