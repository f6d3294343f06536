import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { HEADERS, TOPICS } from '@hub/contracts';
import type { Admin } from '@hub/kafka';

import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, REPO_ROOT, stackSettings } from '../support/local-stack';

const run = promisify(execFile);

/**
 * Issue 16: every `hub` command that read a topic (`hub deadletters list`, `hub tail`) left its
 * consumer group on the broker, and the monitor showed each one as lag of a `hub-*` group. Against
 * the real broker: the groups the broker lists before and after a run are the same.
 */
describe('hub CLI: reading a topic leaves no consumer group behind', () => {
  const stack = stackSettings();
  const kafka = testKafka();
  const env = { HUB_KAFKA_BROKERS: stack.brokers };
  const reason = `E2E_GROUPS_${randomUUID().slice(0, 8).toUpperCase()}`;
  let admin: Admin;

  const cliGroups = async (): Promise<string[]> =>
    (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith('hub-cli-'));

  beforeAll(async () => {
    assertStackUp();
    admin = kafka.admin();
    await admin.connect();
    // Something to read: a dead letter of our own (bytes that are no hub message, so no CPR either).
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.deadLetters,
      messages: [
        {
          key: null,
          value: Buffer.from('not a hub message'),
          headers: { [HEADERS.reasonCode]: reason, [HEADERS.reasonText]: 'consumer group check' },
        },
      ],
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('hub deadletters list reads the topic and leaves the groups as they were', async () => {
    const before = await cliGroups();
    const listed = JSON.parse(hubCli(['deadletters', 'list', '--reason', reason, '--json'], env)) as unknown;
    // It did read the topic (through a group of its own): our dead letter is listed.
    expect(JSON.stringify(listed)).toContain(reason);
    expect(await cliGroups()).toEqual(before);
  });

  it('hub tail has a group while it reads, and none once it has stopped', async () => {
    const before = await cliGroups();
    const tail = run(
      'node',
      [
        join(REPO_ROOT, 'dist/apps/cli/src/main.js'),
        'tail',
        TOPICS.deadLetters,
        '--from-beginning',
        '--timeout',
        '5',
        '--json',
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
    );
    // While it runs the broker knows its group: so the check below sees a deletion, not an absence.
    const during = await eventually('the tail joined a group', async () => {
      const groups = (await cliGroups()).filter((id) => !before.includes(id));
      return groups.some((id) => id.startsWith('hub-cli-tail-')) ? groups : undefined;
    });
    const { stdout } = await tail;
    expect(stdout).toContain(reason);
    const after = await cliGroups();
    expect(after).toEqual(before);
    expect(after).not.toEqual(expect.arrayContaining(during));
  });
});
