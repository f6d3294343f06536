import 'reflect-metadata';

import { readFileSync } from 'node:fs';

import { loadConfigBeforeApp } from '@hub/config';
import { declareTopics, INBOUND_TIMESTAMP_TYPES } from '@hub/contracts';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';
import { ensureTopics } from '@hub/kafka';
import { runHubService } from '@hub/service';

import { checkIngressTransport, INGRESS_CONFIG, IngressConfig } from './ingress.config';
import { SERVICE_NAME } from './ingress.constants';
import { IngressModule } from './ingress.module';
import { API_KEY_SCHEME } from './messages.controller';
import { API_KEY_HEADER } from './partner-credentials';

/**
 * The server's TLS settings. Read here, before Nest builds the server (no module exists yet), with the
 * same schema HubServiceModule then validates the whole configuration with.
 */
function httpsOptions() {
  const config = loadConfigBeforeApp(SERVICE_NAME, INGRESS_CONFIG, checkIngressTransport);
  if (!config.INGRESS_TLS_CERT_FILE || !config.INGRESS_TLS_KEY_FILE) return undefined;
  const clientCa = config.INGRESS_TLS_CLIENT_CA_FILE;
  return {
    cert: readFileSync(config.INGRESS_TLS_CERT_FILE),
    key: readFileSync(config.INGRESS_TLS_KEY_FILE),
    minVersion: 'TLSv1.2' as const,
    // A certificate is asked for, not required: a partner may use its API key instead. One that is
    // given but does not chain to the CA is refused by the credentials check (401), not by TLS.
    ...(clientCa ? { ca: readFileSync(clientCa), requestCert: true, rejectUnauthorized: false } : {}),
  };
}

/** The HTTP ingress: partner systems without Kafka post their messages; they land on their inbound topics. */
void runHubService<IngressConfig>({
  name: SERVICE_NAME,
  module: IngressModule,
  httpPort: (config) => config.INGRESS_HTTP_PORT,
  http: { bodyParser: false, httpsOptions },
  // The partners' inbound topics, as the router declares them (idempotent): the ingress works on a
  // fresh broker before the router has started.
  topics: ({ kafka, config }) =>
    ensureTopics(
      kafka,
      declareTopics(
        partnersOf(loadAgreementCatalog(config.HUB_AGREEMENTS_DIR ?? defaultAgreementsDir())),
        undefined,
        INBOUND_TIMESTAMP_TYPES[config.HUB_INBOUND_TIMESTAMPS],
      ),
    ),
  openApi: {
    title: 'The hub: HTTP ingress',
    description:
      'For partner systems that speak HTTPS, not Kafka: POST a message and it is published on your own inbound ' +
      `topic, as if you had produced it. Authenticate with your API key (${API_KEY_HEADER} header) or a client ` +
      'certificate the hub issued (subject CN <kind>:<id>).',
    apiKey: { header: API_KEY_HEADER, scheme: API_KEY_SCHEME },
  },
});
