import { Command } from 'commander';
import { ConfigError, loadConfig, ServiceSettings, settingsReference } from '@hub/config';
import { configShape } from '@hub/partner-delivery';

import { INGRESS_CONFIG } from '../../../ingress/src/ingress.config';
import { MONITOR_CONFIG } from '../../../monitor/src/monitor.config';
import { NOTIFIER_CONFIG } from '../../../notifier/src/notifier.config';
import { SIMULATOR_CONFIG } from '../../../partner-simulator/src/simulator.config';
import { ROUTER_CONFIG } from '../../../router/src/router.config';
import { UsageError } from '../cli-support';

/** Every service's settings, as the service validates them at start-up. */
export const SERVICE_SETTINGS: readonly ServiceSettings[] = [
  { service: 'router', shape: ROUTER_CONFIG },
  {
    service: 'partner-delivery',
    shape: configShape('<KIND>_ADAPTER'),
    note:
      'One process per receiver kind (`PARTNER_DELIVERY_KIND=jobcenter|akasse|union|company`); ' +
      '`<KIND>` is that kind in capitals: `JOBCENTER_ADAPTER_HTTP_PORT`, `AKASSE_ADAPTER_HTTP_PORT`, ...',
  },
  { service: 'notifier', shape: NOTIFIER_CONFIG },
  { service: 'monitor', shape: MONITOR_CONFIG },
  { service: 'ingress', shape: INGRESS_CONFIG },
  {
    service: 'partner-simulator',
    shape: SIMULATOR_CONFIG,
    note: 'Simulated partners for the demo, the tests and the benchmark; not part of a deployment.',
  },
];

const KINDS = ['jobcenter', 'akasse', 'union', 'company'] as const;

/** The settings of one service by the name an operator uses (`akasse-adapter` for partner delivery). */
function settingsOf(name: string): ServiceSettings {
  const adapter = /^(jobcenter|akasse|union|company)-adapter$/.exec(name);
  if (adapter) return { service: name, shape: configShape(`${adapter[1].toUpperCase()}_ADAPTER`) };
  const found = SERVICE_SETTINGS.find(
    (settings) => settings.service === name && settings.service !== 'partner-delivery',
  );
  if (found) return found;
  const names = [
    ...SERVICE_SETTINGS.filter((s) => s.service !== 'partner-delivery').map((s) => s.service),
    ...KINDS.map((kind) => `${kind}-adapter`),
  ];
  throw new UsageError(`unknown service "${name}"; one of: ${names.join(', ')}`);
}

export function configCommand(): Command {
  const config = new Command('config').description("the services' settings (environment variables)");

  config
    .command('reference')
    .description("print every service's settings as Markdown (what docs/configuration.md holds)")
    .action(() => {
      process.stdout.write(settingsReference(SERVICE_SETTINGS));
    });

  config
    .command('check')
    .argument('<service>', 'router, notifier, monitor, ingress, partner-simulator or <kind>-adapter')
    .description(
      'validate this environment as the service would at start-up, without starting it: prints every problem, exit 2 if any',
    )
    .action((name: string) => {
      const { service, shape } = settingsOf(name);
      try {
        loadConfig(service, shape, process.env);
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
      }
      process.stdout.write(`${service}: the environment is valid\n`);
    });

  return config;
}
