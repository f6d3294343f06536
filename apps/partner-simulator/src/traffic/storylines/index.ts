import { Prng } from '../prng';
import { SCENARIOS, ScenarioId } from '../cast';
import { hedenstedCitizen } from './hedensted';
import { jobOrderStory } from './job-orders';
import { koebenhavnCitizen } from './koebenhavn';
import { norddjursCitizen } from './norddjurs';
import { AnyDraft, Story, StoryEnv } from './story';
import { unionContactStory } from './union-contact';
import { viborgCitizen } from './viborg';

export type { AnyDraft, Draft, Expectation, StoryEnv } from './story';

/**
 * Storylines: what happens to one citizen over the first six months of unemployment, or to one job
 * order, under one of the four seed agreements - each a short list of dated partner messages, one
 * file per agreement here (norddjurs.ts is seed 001, hedensted.ts 000, viborg.ts 002,
 * koebenhavn.ts 003; job-orders.ts and union-contact.ts across agreements). The workload
 * (../workload.ts) merges many storylines in time order.
 */

/**
 * One storyline, starting on `start` (a Danish date). Which kind of storyline and under which
 * agreement is drawn from the storyline's own generator, so storylines are independent of each other.
 */
export function planStoryline(index: number, start: string, env: StoryEnv): AnyDraft[] {
  const prng = Prng.derive(env.seed, 'story', index);
  const type = prng.weighted({ citizen: 78, jobOrder: 17, unionContact: 5 });
  if (type === 'citizen') {
    const scenario = SCENARIOS[prng.weighted({ norddjurs: 45, hedensted: 20, viborg: 15, koebenhavn: 20 })];
    const story = new Story(prng, env, index, scenario);
    CITIZEN_STORIES[scenario.id](story, start);
    return story.drafts;
  }
  if (type === 'jobOrder') {
    const story = new Story(prng, env, index, SCENARIOS[prng.weighted({ norddjurs: 75, hedensted: 25 })]);
    jobOrderStory(story, start);
    return story.drafts;
  }
  const story = new Story(prng, env, index, SCENARIOS[prng.weighted({ hedensted: 70, viborg: 30 })]);
  unionContactStory(story, start);
  return story.drafts;
}

const CITIZEN_STORIES: Readonly<Record<ScenarioId, (story: Story, start: string) => void>> = {
  norddjurs: norddjursCitizen,
  hedensted: hedenstedCitizen,
  viborg: viborgCitizen,
  koebenhavn: koebenhavnCitizen,
};
