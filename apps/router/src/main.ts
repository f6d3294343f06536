import 'reflect-metadata';

import { partnersOf } from '@hub/agreements';
import { runHubService } from '@hub/service';

import { prepareInboundTopics } from './inbound/inbound-topics';
import type { RouterConfig } from './router.config';
import { SERVICE_NAME } from './router.constants';
import { routerConsumer } from './router.consumer';
import { RouterModule } from './router.module';
import { ReferenceDataHolder } from './routing/reference-data.holder';

/** The router: consume the inbound channels, judge each message, route it or reject it. */
void runHubService<RouterConfig>({
  name: SERVICE_NAME,
  module: RouterModule,
  httpPort: (config) => config.ROUTER_HTTP_PORT,
  topics: ({ app, kafka, config }) =>
    prepareInboundTopics(kafka, config, partnersOf(app.get(ReferenceDataHolder).catalog)),
  // SIGHUP reloads the agreements (a shutdown is SIGTERM or SIGINT only).
  prepare: ({ app }) => {
    const reference = app.get(ReferenceDataHolder);
    process.on('SIGHUP', () => reference.reload());
  },
  consumer: routerConsumer,
});
