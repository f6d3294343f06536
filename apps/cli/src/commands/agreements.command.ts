import { Command, Option } from 'commander';
import {
  AgreementFileError,
  DanishWorkingDayCalendar,
  defaultAgreementsDir,
  describeAgreements,
  formatAgreementDescriptions,
  isIsoDate,
  loadAgreementCatalog,
} from '@hub/agreements';
import { Channel, ChannelValues, loadHubCodec, PartnerMessageKind, PartyRef } from '@hub/contracts';
import { judgeMessage, Reception } from '@hub/judging';
import { kindDefinitionOf, PARTNER_KINDS, type PartnerMessageValue } from '@hub/kinds';

import { jsonOption, parseParty, print, readMessageInput, UsageError } from '../cli-support';

const agreementsDirOption = (): Option =>
  new Option('--dir <folder>', "agreements folder (default: the repository's agreements/)").env(
    'HUB_AGREEMENTS_DIR',
  );

function loadCatalog(dir: string | undefined) {
  try {
    return loadAgreementCatalog(dir ?? defaultAgreementsDir());
  } catch (error) {
    // Invalid agreement data is bad input, not a failure of the tool: exit 2 with every problem named.
    if (error instanceof AgreementFileError) throw new UsageError(error.message);
    throw error;
  }
}

interface JudgeOptions {
  file: string;
  as?: string;
  channel?: Channel;
  dir?: string;
  json?: boolean;
  receivedAt?: string;
  toleranceMinutes: string;
}

export function agreementsCommand(): Command {
  const agreements = new Command('agreements').description(
    'the cooperation agreements the hub judges exchanges against',
  );

  agreements
    .command('validate')
    .description(
      "validate the agreement files and print each agreement's parties, period, clauses and targets",
    )
    .addOption(agreementsDirOption())
    .option('--as-of <date>', 'say which agreements are in force on this date (YYYY-MM-DD)')
    .addOption(jsonOption())
    .action((options: { dir?: string; asOf?: string; json?: boolean }) => {
      if (options.asOf !== undefined && !isIsoDate(options.asOf))
        throw new UsageError(`--as-of must be a date YYYY-MM-DD (got "${options.asOf}")`);
      const descriptions = describeAgreements(loadCatalog(options.dir), options.asOf);
      if (options.json) {
        for (const description of descriptions) print(true, description, '');
        return;
      }
      process.stdout.write(
        `${formatAgreementDescriptions(descriptions)}\n\n${descriptions.length} agreement(s) valid\n`,
      );
    });

  agreements
    .command('judge')
    .description(
      'judge one message given as JSON against the agreements, as the router would, and print the findings',
    )
    .requiredOption(
      '-f, --file <path>',
      'JSON file {"kind": ..., "value": {...}} (as in schemas/examples), or - for standard input',
    )
    .option(
      '--as <party>',
      "the sender the hub would see (the inbound topic's owner); default: the envelope's sender",
    )
    .addOption(
      new Option('--channel <channel>', "the channel it arrives on (default: the kind's own)").choices([
        ...ChannelValues,
      ]),
    )
    .option(
      '--received-at <time>',
      "judge it as received by the hub at this time (ISO 8601 with zone), as the router does with the record's timestamp: the exchange date is then that day and envelope.queuedAt is checked against it (CLAIMED_TIME_DIVERGES, tolerance --tolerance-minutes); default: received when its queuedAt says",
    )
    .option('--tolerance-minutes <minutes>', 'how far queuedAt may be from --received-at', '15')
    .addOption(agreementsDirOption())
    .addOption(jsonOption())
    .action((options: JudgeOptions) => {
      const reception = receptionOf(options.receivedAt, options.toleranceMinutes);
      const { kind, json } = readMessageInput(options.file, undefined);
      if (!kindDefinitionOf(kind)) {
        throw new UsageError(`${kind} is not a partner message kind: ${PARTNER_KINDS.join(', ')}`);
      }
      const codec = loadHubCodec();
      let value: PartnerMessageValue;
      try {
        value = codec.fromJson(kind as PartnerMessageKind, json) as unknown as PartnerMessageValue;
      } catch (error) {
        throw new UsageError(`not a valid ${kind}: ${(error as Error).message}`);
      }
      const sender: PartyRef = options.as ? parseParty(options.as) : value.envelope.sender;
      const channel = options.channel ?? (kind.split('.')[0] as Channel);
      const catalog = loadCatalog(options.dir);
      const { exchangeDate, judgement } = judgeMessage(
        { kind: kind as PartnerMessageKind, value, channel, sender },
        { catalog, calendar: new DanishWorkingDayCalendar() },
        reception,
      );
      const human = [
        `${kind} from ${sender.kind}:${sender.id} on ${exchangeDate} via ${channel}`,
        `agreement: ${judgement.agreement ? `${judgement.agreement.id} (${judgement.agreement.clauseRef})` : 'none in force'}`,
        `verdict: ${judgement.verdict}`,
        ...(judgement.findings.length === 0
          ? ['findings: none']
          : judgement.findings.map(
              (f) => `- ${f.code} [${f.severity}] ${f.clauseRef}\n    ${f.messageEn}\n    ${f.messageDa}`,
            )),
      ].join('\n');
      print(options.json === true, { kind, sender, channel, exchangeDate, ...judgement }, human);
    });

  return agreements;
}

/** The router's view of when a message arrived, from --received-at; none without it. */
function receptionOf(receivedAt: string | undefined, toleranceMinutes: string): Reception | undefined {
  if (receivedAt === undefined) return undefined;
  const at = Date.parse(receivedAt);
  if (Number.isNaN(at) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(receivedAt)) {
    throw new UsageError(
      `--received-at must be an ISO 8601 time with a zone, e.g. 2025-03-03T09:15:00+01:00 (got "${receivedAt}")`,
    );
  }
  const tolerance = Number(toleranceMinutes);
  if (!Number.isInteger(tolerance) || tolerance < 0) {
    throw new UsageError(
      `--tolerance-minutes must be a whole number of 0 or more (got "${toleranceMinutes}")`,
    );
  }
  return { receivedAt: at, claimedTimeToleranceMinutes: tolerance };
}
