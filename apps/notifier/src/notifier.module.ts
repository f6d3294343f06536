import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { PRINCIPALS } from '@hub/contracts';
import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { HubServiceModule } from '@hub/service';
import { DataSource } from 'typeorm';

import { DigestComposer } from './digest/digest-composer.service';
import { NOTIFIER_CONFIG, NotifierConfig } from './notifier.config';
import { NOTIFICATION_DIRECTORY, OUTBOX_GAUGES } from './notifier.tokens';
import { registerOutboxGauges } from './outbox/outbox-metrics';
import { OutboxSender } from './outbox/outbox-sender.service';
import { CatalogNotificationDirectory } from './planning/catalog-notification-directory';
import { DeadlineRemindersController } from './planning/deadline-reminders.controller';
import { NotificationsController } from './planning/notifications.controller';

export const SERVICE_NAME = 'notifier';

@Module({
  imports: [
    HubServiceModule.forService({
      name: SERVICE_NAME,
      config: NOTIFIER_CONFIG,
      logLevel: (config) => config.NOTIFIER_LOG_LEVEL,
      kafka: { principal: PRINCIPALS.notifier, readiness: 'consumer' },
      databaseUrl: (config) => config.HUB_DATABASE_URL,
    }),
  ],
  controllers: [NotificationsController, DeadlineRemindersController],
  providers: [
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
