import { Story, jobcenter, union } from './story';
import { inquiry } from './steps';

// ---------------------------------------------------------------------------------- union contact

/**
 * Seed 000 "vejledning-arbejdspladser": the jobcenter asks the union about local workplaces (and the
 * other way round) - about no citizen, so no consent is needed. Seed 002 has the same contact in
 * Viborg (flagged: that agreement ended in 2020).
 */
export function unionContactStory(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const un = union(prng.pick(scenario.unions));
  inquiry(story, jc, un, null, start, scenario.id === 'viborg' ? ['NO_AGREEMENT_IN_FORCE'] : []);
}
