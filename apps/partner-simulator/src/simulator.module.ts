import { Module } from '@nestjs/common';
import { HubConfigModule } from '@hub/config';
import { HubLoggingModule } from '@hub/observability';

import { PartnerEndpointsController } from './endpoints/partner-endpoints.controller';
import { PartnerInboxes } from './endpoints/partner-inboxes';
import { SIMULATOR_CONFIG, SimulatorConfig } from './simulator.config';

export const SERVICE_NAME = 'partner-simulator';

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, SIMULATOR_CONFIG),
    HubLoggingModule.forService<SimulatorConfig>({
      service: SERVICE_NAME,
      version: '0.1.0',
      level: (c) => c.SIMULATOR_LOG_LEVEL,
    }),
  ],
  controllers: [PartnerEndpointsController],
  providers: [PartnerInboxes],
})
export class SimulatorModule {}
