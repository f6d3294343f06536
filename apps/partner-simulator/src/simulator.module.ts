import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';

import { APP_CONFIG, HubConfigModule, kafkaSecurityOf } from '@hub/config';
import { HUB_VERSION, HubCodec, loadHubCodec, PRINCIPALS } from '@hub/contracts';
import { HubProducer, KafkaModule } from '@hub/kafka';
import { HubLoggingModule } from '@hub/observability';

import { AnsweringService } from './answering/answering.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { PartnerEndpointsController } from './endpoints/partner-endpoints.controller';
import { PartnerInboxes } from './endpoints/partner-inboxes';
import { checkSimulatorPublishing, SIMULATOR_CONFIG, SimulatorConfig } from './simulator.config';
import { PARTNER_PUBLISHER, SIMULATOR_CODEC } from './simulator.tokens';
import { IngressPublisher } from './traffic/ingress-publisher';
import type { RecordSink } from './traffic/publish';
import { TrafficController } from './traffic/traffic.controller';
import { TrafficService } from './traffic/traffic.service';

export const SERVICE_NAME = 'partner-simulator';

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, SIMULATOR_CONFIG, checkSimulatorPublishing),
    HubLoggingModule.forService<SimulatorConfig>({
      service: SERVICE_NAME,
      version: HUB_VERSION,
      level: (c) => c.SIMULATOR_LOG_LEVEL,
    }),
    // The simulated partners publish (traffic, answers) like real partner systems: to their own
    // inbound topics. The producer connects on first use, so the endpoints work without Kafka.
    KafkaModule.forRootAsync<SimulatorConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({
        clientId: SERVICE_NAME,
        brokers: config.HUB_KAFKA_BROKERS,
        security: kafkaSecurityOf(SERVICE_NAME, config, PRINCIPALS.partnerSimulator),
        compression: config.HUB_KAFKA_COMPRESSION,
      }),
    }),
  ],
  controllers: [PartnerEndpointsController, TrafficController, DashboardController],
  providers: [
    { provide: SIMULATOR_CODEC, useFactory: (): HubCodec => loadHubCodec() },
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
