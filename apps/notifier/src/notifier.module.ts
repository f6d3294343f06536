import { Module } from '@nestjs/common';
import { APP_CONFIG, HubConfigModule, kafkaSecurityOf } from '@hub/config';
import { HUB_VERSION, HubCodec, loadHubCodec, PRINCIPALS } from '@hub/contracts';
import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

import { DigestComposer } from './digest/digest-composer.service';
import { NOTIFIER_CONFIG, NotifierConfig } from './notifier.config';
import { NOTIFICATION_DIRECTORY, NOTIFIER_CODEC, OUTBOX_GAUGES } from './notifier.tokens';
import { registerOutboxGauges } from './outbox/outbox-metrics';
import { OutboxSender } from './outbox/outbox-sender.service';
import { CatalogNotificationDirectory } from './planning/catalog-notification-directory';
import { DeadlineRemindersController } from './planning/deadline-reminders.controller';
import { NotificationsController } from './planning/notifications.controller';

export const SERVICE_NAME = 'notifier';

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, NOTIFIER_CONFIG),
    HubLoggingModule.forService<NotifierConfig>({
      service: SERVICE_NAME,
      version: HUB_VERSION,
      level: (c) => c.NOTIFIER_LOG_LEVEL,
    }),
    KafkaModule.forRootAsync<NotifierConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({
        clientId: SERVICE_NAME,
        brokers: config.HUB_KAFKA_BROKERS,
        security: kafkaSecurityOf(SERVICE_NAME, config, PRINCIPALS.notifier),
        compression: config.HUB_KAFKA_COMPRESSION,
      }),
    }),
    PersistenceModule.forRootAsync<NotifierConfig>({
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
  controllers: [NotificationsController, DeadlineRemindersController],
  providers: [
    { provide: NOTIFIER_CODEC, useFactory: (): HubCodec => loadHubCodec() },
    {
      provide: NOTIFICATION_DIRECTORY,
      inject: [APP_CONFIG],
      useFactory: (config: NotifierConfig) =>
        new CatalogNotificationDirectory(
          loadAgreementCatalog(config.HUB_AGREEMENTS_DIR ?? defaultAgreementsDir()),
          new DanishWorkingDayCalendar(),
        ),
    },
    DigestComposer,
    OutboxSender,
    {
      // The outbox's depth and oldest age on /metrics, read from the table at scrape time.
      provide: OUTBOX_GAUGES,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): true => {
        registerOutboxGauges(dataSource);
        return true;
      },
    },
  ],
})
export class NotifierModule {}
