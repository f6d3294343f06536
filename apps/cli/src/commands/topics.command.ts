import { Command, Option } from 'commander';
import { declareAcls, declareTopics } from '@hub/contracts';
import { ensureAcls, ensureTopics } from '@hub/kafka';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';

import { brokersOption, jsonOption, kafkaFrom, print } from '../cli-support';

export function topicsCommand(): Command {
  const topics = new Command('topics').description('Kafka topics of the hub');
  topics
    .command('create')
    .description(
      "create the hub's topics for every partner in the agreements data (existing ones are kept), and the ACLs that say who may read and write them (on a secured broker)",
    )
    .addOption(new Option('--agreements <dir>', 'agreements folder').env('HUB_AGREEMENTS_DIR'))
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: { agreements?: string; brokers: string; json?: boolean }) => {
      const catalog = loadAgreementCatalog(options.agreements ?? defaultAgreementsDir());
      const partners = partnersOf(catalog);
      const declared = declareTopics(partners);
      const kafka = kafkaFrom(options.brokers);
      const created = await ensureTopics(kafka, declared);
      // ACLs first would be as good: a topic nobody may use yet is no risk, nor is an ACL without its topic.
      const acls = declareAcls(partners);
      const aclsWritten = await ensureAcls(kafka, acls);
      print(
        options.json === true,
        { declared: declared.length, created, acls: aclsWritten ? acls.length : 0 },
        `${declared.length} topics declared, ${created.length} created; ` +
          (aclsWritten ? `${acls.length} ACLs in place` : 'no ACLs (the broker has no authorizer)'),
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
