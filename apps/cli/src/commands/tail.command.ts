import { Command } from 'commander';
import { CodecError, loadServiceCodec } from '@hub/contracts';
import { redactCpr } from '@hub/observability';

import { brokersOption, jsonOption, kafkaFrom, print } from '../cli-support';
import { withThrowawayGroup } from '../topic-reader';

interface TailOptions {
  fromBeginning?: boolean;
  max?: string;
  timeout?: string;
  showCpr?: boolean;
  brokers: string;
  json?: boolean;
}

export function tailCommand(): Command {
  return new Command('tail')
    .description('decode and print what passes on a topic (CPR numbers masked unless --show-cpr)')
    .argument('<topic>', 'topic name, e.g. hub.outbound.jobcenter.v1')
    .option('--from-beginning', 'start at the oldest record instead of new ones')
    .option('-n, --max <count>', 'stop after this many records')
    .option('--timeout <seconds>', 'stop when nothing arrives for this long')
    .option('--show-cpr', 'print CPR numbers in clear (you are responsible for where the output goes)')
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (topic: string, options: TailOptions) => {
      // Routed payloads may be in schema-registry framing: the ids of the registry the services use.
      const codec = await loadServiceCodec(process.env.HUB_SCHEMA_REGISTRY_URL || undefined);
      const max = options.max === undefined ? Infinity : Number(options.max);
      const idleMs = options.timeout === undefined ? Infinity : Number(options.timeout) * 1000;
      await withThrowawayGroup(kafkaFrom(options.brokers), 'tail', async (consumer) => {
        await consumer.subscribe({ topic, fromBeginning: options.fromBeginning === true });
        let seen = 0;
        let idle: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve, reject) => {
          const armIdle = (): void => {
            if (idle) clearTimeout(idle);
            if (Number.isFinite(idleMs)) idle = setTimeout(resolve, idleMs);
          };
          armIdle();
          process.once('SIGINT', () => resolve());
          consumer
            .run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                armIdle();
                const headers = Object.fromEntries(
                  Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
                );
                let kind = '(not decodable)';
                let value: unknown = message.value?.toString('hex').slice(0, 64) ?? null;
                try {
                  const decoded = codec.decode(message.value ?? Buffer.alloc(0));
                  kind = decoded.kind;
                  value = decoded.value;
                  if (Buffer.isBuffer((value as { payload?: unknown }).payload)) {
                    value = {
                      ...(value as object),
                      payload: codec.decode((value as { payload: Buffer }).payload).value,
                    };
                  }
                } catch (error) {
                  if (!(error instanceof CodecError)) throw error;
                  kind = `(not decodable: ${error.code})`;
                }
                const shown = options.showCpr ? value : redactCpr(value);
                const entry = {
                  topic,
                  partition,
                  offset: message.offset,
                  key: message.key?.toString() ?? null,
                  kind,
                  headers,
                  value: shown,
                };
                print(
                  options.json === true,
                  entry,
                  `${partition}@${message.offset} ${kind}\n${JSON.stringify(shown, null, 2)}`,
                );
                seen += 1;
                if (seen >= max) resolve();
              },
            })
            .catch(reject);
        });
        if (idle) clearTimeout(idle);
      });
    });
}
