import { Command, Option } from 'commander';
import { declareAcls, declareTopics, INBOUND_TIMESTAMP_TYPES, parseInboundTopic } from '@hub/contracts';
import { alignTopicConfigs, ensureAcls, ensureTopics } from '@hub/kafka';
import { defaultAgreementsDir, loadAgreementCatalog, partnersOf } from '@hub/agreements';

import { brokersOption, hubClock, jsonOption, kafkaFrom, print } from '../cli-support';

export function topicsCommand(): Command {
  const topics = new Command('topics').description('Kafka topics of the hub');
  topics
    .command('create')
    .description(
      "create the hub's topics for every partner in the agreements data (existing ones are kept), and the ACLs that say who may read and write them (on a secured broker). Inbound topics are stamped by the clock HUB_INBOUND_TIMESTAMPS names (log-append-time: the broker's, the default; create-time: the publisher's, local profiles only); an existing inbound topic with the other type is changed to it",
    )
    .addOption(new Option('--agreements <dir>', 'agreements folder').env('HUB_AGREEMENTS_DIR'))
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: { agreements?: string; brokers: string; json?: boolean }) => {
      const catalog = loadAgreementCatalog(options.agreements ?? defaultAgreementsDir());
      const partners = partnersOf(catalog);
      const clock = hubClock();
      const declared = declareTopics(
        partners,
        undefined,
        INBOUND_TIMESTAMP_TYPES[clock.HUB_INBOUND_TIMESTAMPS],
      );
      const kafka = kafkaFrom(options.brokers);
      const created = await ensureTopics(kafka, declared);
      // A topic made under the other setting (or before the setting existed) would let the router
      // refuse to start, or judge on a clock the setting does not say, and a create-time topic made
      // before it kept its records would delete replayed ones unread (declareTopics): it is changed,
      // its other settings kept.
      const retimed = await alignTopicConfigs(
        kafka,
        declared.filter(
          (topic) => parseInboundTopic(topic.name) !== undefined && !created.includes(topic.name),
        ),
      );
      // ACLs first would be as good: a topic nobody may use yet is no risk, nor is an ACL without its topic.
      const acls = declareAcls(partners);
      const aclsWritten = await ensureAcls(kafka, acls);
      print(
        options.json === true,
        {
          declared: declared.length,
          created,
          inboundTimestamps: clock.HUB_INBOUND_TIMESTAMPS,
          retimed,
          acls: aclsWritten ? acls.length : 0,
        },
        `${declared.length} topics declared, ${created.length} created; inbound topics stamped by ${clock.HUB_INBOUND_TIMESTAMPS}` +
          (retimed.length > 0 ? ` (changed: ${retimed.join(', ')})` : '') +
          '; ' +
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
      const type = INBOUND_TIMESTAMP_TYPES[hubClock().HUB_INBOUND_TIMESTAMPS];
      for (const topic of declareTopics(partnersOf(catalog), undefined, type)) {
        print(options.json === true, topic, `${topic.name}\t${topic.partitions} partitions`);
      }
    });
  return topics;
}
