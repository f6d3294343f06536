import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { PRINCIPALS } from '@hub/contracts';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';
import { HubServiceModule } from '@hub/service';

import { checkIngressTransport, INGRESS_CONFIG, IngressConfig } from './ingress.config';
import { PARTNER_CREDENTIALS, SERVICE_NAME } from './ingress.constants';
import { IngressService } from './ingress.service';
import { MessagesController } from './messages.controller';
import { PartnerCredentials } from './partner-credentials';

@Module({
  imports: [
    HubServiceModule.forService({
      name: SERVICE_NAME,
      config: INGRESS_CONFIG,
      crossCheck: checkIngressTransport,
      logLevel: (config) => config.INGRESS_LOG_LEVEL,
      // Ready when the broker answers: an accepted message must go straight onto it. No consumer here.
      kafka: { principal: PRINCIPALS.ingress, readiness: 'broker' },
    }),
  ],
  controllers: [MessagesController],
  providers: [
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
