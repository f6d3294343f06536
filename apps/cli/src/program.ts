import { Command } from 'commander';
import { HUB_VERSION } from '@hub/contracts';

import { agreementsCommand } from './commands/agreements.command';
import { configCommand } from './commands/config.command';
import { dbCommand } from './commands/db.command';
import { deadlettersCommand } from './commands/deadletters.command';
import { mailsCommand } from './commands/mails.command';
import { publishCommand } from './commands/publish.command';
import { schemasCommand } from './commands/schemas.command';
import { tailCommand } from './commands/tail.command';
import { topicsCommand } from './commands/topics.command';

/**
 * `hub`: the operator's command-line tool. `npm run hub -- <command> --help` for each command.
 * Exit codes: 0 done, 1 failed, 2 bad usage or input.
 */
export function buildProgram(): Command {
  const program = new Command('hub')
    .description('operate the a-kasse ⇄ jobcenter integration hub')
    .version(HUB_VERSION)
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(publishCommand());
  program.addCommand(tailCommand());
  program.addCommand(dbCommand());
  program.addCommand(topicsCommand());
  program.addCommand(agreementsCommand());
  program.addCommand(deadlettersCommand());
  program.addCommand(mailsCommand());
  program.addCommand(configCommand());
  program.addCommand(schemasCommand());
  return program;
}
