import { Module } from '@nestjs/common';
import { APP_CONFIG, HubConfigModule, kafkaSecurityOf } from '@hub/config';
import { HUB_VERSION, HubCodec, loadServiceCodec, PRINCIPALS } from '@hub/contracts';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';

import { checkIngressTransport, INGRESS_CONFIG, IngressConfig } from './ingress.config';
import { INGRESS_CODEC, PARTNER_CREDENTIALS, SERVICE_NAME } from './ingress.constants';
import { IngressService } from './ingress.service';
import { MessagesController } from './messages.controller';
import { PartnerCredentials } from './partner-credentials';

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, INGRESS_CONFIG, checkIngressTransport),
    HubLoggingModule.forService<IngressConfig>({
      service: SERVICE_NAME,
      version: HUB_VERSION,
      level: (c) => c.INGRESS_LOG_LEVEL,
    }),
    KafkaModule.forRootAsync<IngressConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({
        clientId: SERVICE_NAME,
        brokers: config.HUB_KAFKA_BROKERS,
        security: kafkaSecurityOf(SERVICE_NAME, config, PRINCIPALS.ingress),
        compression: config.HUB_KAFKA_COMPRESSION,
      }),
    }),
    // Ready when the broker answers: an accepted message must go straight onto it. No consumer here.
    HubHealthModule.withReadiness({
      inject: [KafkaHealthIndicator],
      useFactory: (kafka: KafkaHealthIndicator) => [() => kafka.isReady('kafka', { expectConsumer: false })],
    }),
  ],
  controllers: [MessagesController],
  providers: [
    {
      provide: INGRESS_CODEC,
      inject: [APP_CONFIG],
      // The ingress reads either framing, as the router does, with the same schema ids.
      useFactory: (config: IngressConfig): Promise<HubCodec> =>
        loadServiceCodec(config.HUB_SCHEMA_REGISTRY_URL),
    },
    {
      provide: PARTNER_CREDENTIALS,
      inject: [APP_CONFIG],
      useFactory: (config: IngressConfig) =>
        new PartnerCredentials(
          config.INGRESS_PARTNER_API_KEYS,
          partnersOf(loadAgreementCatalog(config.HUB_AGREEMENTS_DIR ?? defaultAgreementsDir())),
        ),
    },
    IngressService,
  ],
})
export class IngressModule {}
