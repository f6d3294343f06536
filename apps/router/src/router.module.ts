import { Module } from '@nestjs/common';
import { APP_CONFIG, HubConfigModule, hubClockProblems, kafkaSecurityOf } from '@hub/config';
import { HUB_VERSION, HubCodec, loadServiceCodec, PRINCIPALS } from '@hub/contracts';
import { defaultAgreementsDir } from '@hub/agreements';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';
import { PersistenceModule, MessageClaimRepository } from '@hub/persistence';
import { CitizenPseudonymizer } from '@hub/privacy';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

import { ClaimRetention } from './dedup/claim-retention.service';
import { PartnerMessageHandler } from './handlers/partner-message.handler';
import { ROUTER_CONFIG, RouterConfig } from './router.config';
import { SERVICE_NAME } from './router.constants';
import { ReferenceDataHolder } from './routing/reference-data.holder';
import { RejectionBuilder } from './routing/rejection';
import { RoutingService } from './routing/routing.service';

export const HUB_CODEC = Symbol('HUB_CODEC');

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, ROUTER_CONFIG, hubClockProblems),
    HubLoggingModule.forService<RouterConfig>({
      service: SERVICE_NAME,
      version: HUB_VERSION,
      level: (c) => c.ROUTER_LOG_LEVEL,
    }),
    KafkaModule.forRootAsync<RouterConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({
        clientId: `${SERVICE_NAME}-${config.ROUTER_INSTANCE_ID}`,
        brokers: config.HUB_KAFKA_BROKERS,
        security: kafkaSecurityOf(SERVICE_NAME, config, PRINCIPALS.router),
        compression: config.HUB_KAFKA_COMPRESSION,
      }),
    }),
    PersistenceModule.forRootAsync<RouterConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({ url: config.HUB_DATABASE_URL, applicationName: SERVICE_NAME }),
    }),
    HubHealthModule.withReadiness({
      inject: [KafkaHealthIndicator, TypeOrmHealthIndicator],
      useFactory: (kafka: KafkaHealthIndicator, db: TypeOrmHealthIndicator) => [
        () => kafka.isReady(),
        () => db.pingCheck('database', { timeout: 2_000 }),
      ],
    }),
  ],
  controllers: [PartnerMessageHandler],
  providers: [
    {
      provide: HUB_CODEC,
      inject: [APP_CONFIG],
      useFactory: (config: RouterConfig): Promise<HubCodec> =>
        loadServiceCodec(config.HUB_SCHEMA_REGISTRY_URL),
    },
    {
      provide: MessageClaimRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new MessageClaimRepository(dataSource),
    },
    ClaimRetention,
    {
      provide: ReferenceDataHolder,
      inject: [APP_CONFIG],
      useFactory: (config: RouterConfig) =>
        new ReferenceDataHolder(config.HUB_AGREEMENTS_DIR ?? defaultAgreementsDir()),
    },
    {
      provide: RoutingService,
      inject: [HUB_CODEC, APP_CONFIG, ReferenceDataHolder],
      useFactory: (codec: HubCodec, config: RouterConfig, reference: ReferenceDataHolder) =>
        new RoutingService(
          codec,
          new CitizenPseudonymizer(config.HUB_PSEUDONYM_KEY),
          () => reference.get(),
          new RejectionBuilder(codec, HUB_VERSION),
          () => new Date(),
          config.ROUTER_CLAIMED_TIME_TOLERANCE_MINUTES,
        ),
    },
  ],
})
export class RouterModule {}
