import { Command, Option } from 'commander';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { jsonOption, print, UsageError } from '../cli-support';

const databaseUrlOption = (): Option =>
  new Option('--database-url <url>', 'postgres:// URL').env('HUB_DATABASE_URL').makeOptionMandatory();

async function withDatabase<T>(url: string, work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = await new DataSource(dataSourceOptions(url, 'hub-cli')).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `hub mails`: the caseworker mails the SMTP server refused for good (a 5xx: a mailbox that no
 * longer exists, a sender it will not take). The notifier sets them aside as `failed` with the
 * server's answer instead of retrying them forever; once the cause is fixed, `retry` sends them.
 */
export function mailsCommand(): Command {
  const mails = new Command('mails').description("the notifier's mails the SMTP server refused for good");
  mails
    .command('failed')
    .description('list the refused mails, newest first, with the server’s answer')
    .addOption(databaseUrlOption())
    .addOption(new Option('--limit <n>', 'at most this many').default('100'))
    .addOption(jsonOption())
    .action(async (options: { databaseUrl: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit must be a positive whole number');
      const failed = await withDatabase(options.databaseUrl, (db) =>
        MailOutboxRepository.failed(db.manager, limit),
      );
      if (options.json === true) {
        for (const mail of failed) print(true, mail, '');
        return;
      }
      print(
        false,
        failed,
        failed.length === 0
          ? 'no refused mails'
          : failed
              .map(
                (mail) =>
                  `${mail.mailId}  ${mail.mailbox}  ${mail.createdAt.toISOString()}\n  ${mail.reason}`,
              )
              .join('\n'),
      );
    });
  mails
    .command('retry')
    .description('send refused mails again (after fixing the mailbox or the server)')
    .addOption(databaseUrlOption())
    .addOption(
      new Option('--id <mailId...>', 'mail ids, as `hub mails failed` lists them').makeOptionMandatory(),
    )
    .addOption(jsonOption())
    .action(async (options: { databaseUrl: string; id: string[]; json?: boolean }) => {
      const invalid = options.id.filter((id) => !UUID.test(id));
      if (invalid.length > 0) throw new UsageError(`not a mail id: ${invalid.join(', ')}`);
      const retried = await withDatabase(options.databaseUrl, (db) =>
        MailOutboxRepository.retryFailed(db.manager, options.id),
      );
      const notFailed = options.id.filter((id) => !retried.includes(id.toLowerCase()));
      print(
        options.json === true,
        { retried, notFailed },
        `${retried.length} mail(s) pending again` +
          (notFailed.length > 0 ? `; not refused mails, left as they are: ${notFailed.join(', ')}` : ''),
      );
      if (notFailed.length > 0) process.exitCode = 1;
    });
  return mails;
}
