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

/**
 * Issue 13, items 4-6, the CI-sized Kafka row of the fault matrix: the broker really killed and
 * started again (infra/bin/stack kill|start, not a proxy) while 1,000 messages of the simulator's
 * workload flow through every hub service (PostgreSQL's row is test/e2e/database-restart.e2e-spec.ts).
 * Every message is audited with faults/audit.ts, as the fault matrix does (test/support/workload-audit.ts):
 * routed once (once per receiver on the outbound topics), delivered once to each receiving partner
 * system, one exchange-log row with one step per event, no mail twice; per citizen the order the
 * hub promises ("Order per citizen" in README.md); and every service ready again within 60 s of the
 * fault's end.
 */
describe('the Kafka broker restarted under load', () => {
  let hub: WorkloadHub;

  beforeAll(async () => {
    hub = await startWorkloadHub();
  }, 480_000);

  afterAll(async () => {
    await stopWorkloadHub(hub, ['kafka']);
  }, 180_000);

  it('Kafka broker SIGKILLed and started again mid-load: nothing lost or duplicated, order kept, every service ready within 60 s', async () => {
    const run = await faultUnderLoad(hub, {
      seed: 1302,
      // A broker restarting after SIGKILL recovers its logs first: keep retrying for three minutes.
      publishRetries: 180,
      fault: async () => {
        await stackService.kill('kafka');
        await stackService.start('kafka');
      },
    });
    expectReadyAgainInTime(run);
    await expectNothingLostOrDuplicated(hub, run);
    console.info(recoverySummary('Kafka broker SIGKILL', run));
  }, 600_000);
});
