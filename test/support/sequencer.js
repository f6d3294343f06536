/**
 * Runs the suites in a fixed order: light ones first, the volume tests (3,000 messages through the
 * hub while PostgreSQL and Kafka restart; 3,000 through the router) last. Suites share one stack,
 * and a large backlog left on an outbound topic would make the services that later suites start
 * work through it first, turning their time limits into flakes.
 */
const Sequencer = require('@jest/test-sequencer').default;

const LAST = ['service-restarts.e2e-spec.ts', 'router-guarantees.e2e-spec.ts'];

class HubSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => LAST.findIndex((name) => test.path.endsWith(name));
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = HubSequencer;
