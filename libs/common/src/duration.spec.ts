import { formatDuration } from './duration';

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_000, '12 s'],
    [5 * 60_000, '5 min'],
    [24 * 3_600_000, '24 h'],
    [10_000, '10 s'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
