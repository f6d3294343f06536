import { Module } from '@nestjs/common';
import { APP_CONFIG, hubClockProblems } from '@hub/config';
import { HUB_CODEC, HUB_VERSION, HubCodec, PRINCIPALS } from '@hub/contracts';
import { defaultAgreementsDir } from '@hub/agreements';
import { MessageClaimRepository } from '@hub/persistence';
import { CitizenPseudonymizer } from '@hub/privacy';
import { HubServiceModule } from '@hub/service';
import { DataSource } from 'typeorm';

import { ClaimRetention } from './dedup/claim-retention.service';
import { PartnerMessageHandler } from './handlers/partner-message.handler';
import { ROUTER_CONFIG, RouterConfig } from './router.config';
import { SERVICE_NAME } from './router.constants';
import { ReferenceDataHolder } from './routing/reference-data.holder';
import { RejectionBuilder } from './routing/rejection';
import { RoutingService } from './routing/routing.service';

@Module({
  imports: [
    HubServiceModule.forService({
      name: SERVICE_NAME,
      config: ROUTER_CONFIG,
      crossCheck: hubClockProblems,
      logLevel: (config) => config.ROUTER_LOG_LEVEL,
      kafka: {
        principal: PRINCIPALS.router,
        clientId: (config) => `${SERVICE_NAME}-${config.ROUTER_INSTANCE_ID}`,
        readiness: 'consumer',
      },
      databaseUrl: (config) => config.HUB_DATABASE_URL,
    }),
  ],
  controllers: [PartnerMessageHandler],
  providers: [
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
