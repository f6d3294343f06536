import { CPR_REDACTED, redactCpr, redactCprInText } from './redact';

describe(redactCprInText.name, () => {
  it.each([
    ['citizen 010190-1234 moved', `citizen ${CPR_REDACTED} moved`],
    ['cpr=0101901234;', `cpr=${CPR_REDACTED};`],
    ['311299-0000', CPR_REDACTED],
  ])('redacts a CPR number in %p', (input, expected) => {
    expect(redactCprInText(input)).toBe(expected);
  });

  it.each(['order 12345678', 'offset 0000001234567', '2025-03-03T08:15:00.000Z', 'kommune 707'])(
    'leaves %p alone',
    (input) => {
      expect(redactCprInText(input)).toBe(input);
    },
  );
});

describe(redactCpr.name, () => {
  it('redacts CPR numbers anywhere in a logged object, including error messages', () => {
    const logged = redactCpr({
      msg: 'x',
      nested: { list: ['150385-4321'] },
      error: new Error('bad cpr 1503854321'),
    });
    expect(JSON.stringify({ ...logged, error: logged.error.message })).not.toMatch(/1503854321|150385-4321/);
  });
});
