import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';

import { APP_CONFIG } from '@hub/config';
import { PRINCIPALS } from '@hub/contracts';
import { HubProducer } from '@hub/kafka';
import { HubServiceModule } from '@hub/service';

import { AnsweringService } from './answering/answering.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { PartnerEndpointsController } from './endpoints/partner-endpoints.controller';
import { PartnerInboxes } from './endpoints/partner-inboxes';
import { checkSimulatorPublishing, SIMULATOR_CONFIG, SimulatorConfig } from './simulator.config';
import { PARTNER_PUBLISHER } from './simulator.tokens';
import { IngressPublisher } from './traffic/ingress-publisher';
import type { RecordSink } from './traffic/publish';
import { TrafficController } from './traffic/traffic.controller';
import { TrafficService } from './traffic/traffic.service';

export const SERVICE_NAME = 'partner-simulator';

@Module({
  imports: [
    HubServiceModule.forService({
      name: SERVICE_NAME,
      config: SIMULATOR_CONFIG,
      crossCheck: checkSimulatorPublishing,
      logLevel: (config) => config.SIMULATOR_LOG_LEVEL,
      // The simulated partners publish (traffic, answers) like real partner systems: to their own
      // inbound topics. The producer connects on first use, so the endpoints work without Kafka, and
      // its readiness does not ask for a broker.
      kafka: { principal: PRINCIPALS.partnerSimulator, readiness: 'none' },
    }),
  ],
  controllers: [PartnerEndpointsController, TrafficController, DashboardController],
  providers: [
    {
      provide: PARTNER_PUBLISHER,
      inject: [APP_CONFIG, HubProducer],
      useFactory: (config: SimulatorConfig, producer: HubProducer): RecordSink =>
        config.SIMULATOR_PUBLISH_VIA === 'ingress'
          ? new IngressPublisher(
              config.SIMULATOR_INGRESS_URL as string,
              config.SIMULATOR_INGRESS_API_KEYS,
              config.SIMULATOR_INGRESS_CA_FILE ? readFileSync(config.SIMULATOR_INGRESS_CA_FILE) : undefined,
            )
          : producer,
    },
    PartnerInboxes,
    AnsweringService,
    TrafficService,
  ],
})
export class SimulatorModule {}
