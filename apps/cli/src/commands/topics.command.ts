import { Command, Option } from 'commander';
import { declareTopics } from '@hub/contracts';
import { ensureTopics } from '@hub/kafka';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';

import { brokersOption, jsonOption, kafkaFrom, print } from '../cli-support';

export function topicsCommand(): Command {
  const topics = new Command('topics').description('Kafka topics of the hub');
  topics
    .command('create')
    .description("create the hub's topics for every partner in the agreements data (existing ones are kept)")
    .addOption(new Option('--agreements <dir>', 'agreements folder').env('HUB_AGREEMENTS_DIR'))
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: { agreements?: string; brokers: string; json?: boolean }) => {
      const catalog = loadAgreementCatalog(options.agreements ?? defaultAgreementsDir());
      const declared = declareTopics(partnersOf(catalog));
      const created = await ensureTopics(kafkaFrom(options.brokers), declared);
      print(
        options.json === true,
        { declared: declared.length, created },
        `${declared.length} topics declared, ${created.length} created`,
      );
    });
  topics
    .command('list')
    .description("list the hub's topics as declared for the agreements data")
    .addOption(new Option('--agreements <dir>', 'agreements folder').env('HUB_AGREEMENTS_DIR'))
    .addOption(jsonOption())
    .action((options: { agreements?: string; json?: boolean }) => {
      const catalog = loadAgreementCatalog(options.agreements ?? defaultAgreementsDir());
      for (const topic of declareTopics(partnersOf(catalog))) {
        print(options.json === true, topic, `${topic.name}\t${topic.partitions} partitions`);
      }
    });
  return topics;
}
