import { stackService } from '../support/local-stack';
import {
  expectNothingLostOrDuplicated,
  expectReadyAgainInTime,
  faultUnderLoad,
  recoverySummary,
  startWorkloadHub,
  stopWorkloadHub,
  WorkloadHub,
} from '../support/workload-audit';

/** How long PostgreSQL stays stopped: a restart as an operator does one, with the hub busy meanwhile. */
const DOWN_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 13, items 5 and 6, the CI-sized PostgreSQL row of the fault matrix: the database really
 * stopped (infra/bin/stack stop postgres: pg_ctl stop -m fast, every connection cut) for 10 s and
 * started again while 1,000 messages of the simulator's workload flow through every hub service.
 * Every message is audited with faults/audit.ts, as the fault matrix does (test/support/workload-audit.ts):
 * routed once, delivered once to each receiver, one exchange-log row with one timeline step per
 * event, no mail twice, each citizen's order kept; and every service ready again within 60 s of the
 * database's return.
 */
describe('PostgreSQL restarted under load', () => {
  let hub: WorkloadHub;

  beforeAll(async () => {
    hub = await startWorkloadHub();
  }, 480_000);

  afterAll(async () => {
    await stopWorkloadHub(hub, ['postgres']);
  }, 180_000);

  it('PostgreSQL stopped for 10 s mid-load and started again: nothing lost or duplicated, order kept, every service ready within 60 s', async () => {
    const run = await faultUnderLoad(hub, {
      seed: 1305,
      // The broker stays up: a failed send is not this fault's, so a minute of retries is plenty.
      publishRetries: 60,
      fault: async () => {
        await stackService.stop('postgres');
        // The outage itself is the fault: its length is the point, not a wait for something to happen.
        await sleep(DOWN_MS);
        await stackService.start('postgres');
      },
    });
    expectReadyAgainInTime(run);
    await expectNothingLostOrDuplicated(hub, run);
    console.info(recoverySummary(`PostgreSQL stopped ${DOWN_MS / 1000} s`, run));
  }, 900_000);
});
