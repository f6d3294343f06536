import { danishLocalTime, digestDateFor, dueDigestDate, parseLocalTime } from './digest-schedule';

describe('digest schedule (Europe/Copenhagen)', () => {
  const seven = parseLocalTime('07:00');

  it('reads HH:MM and HH:MM:SS and refuses anything else', () => {
    expect(parseLocalTime('07:00')).toBe(7 * 3600);
    expect(parseLocalTime('23:59:30')).toBe(23 * 3600 + 59 * 60 + 30);
    expect(() => parseLocalTime('7:00')).toThrow();
    expect(() => parseLocalTime('24:00')).toThrow();
  });

  it('tells the Danish date and time of an instant, in winter (UTC+1) and summer (UTC+2)', () => {
    expect(danishLocalTime(new Date('2025-01-15T23:30:00Z'))).toEqual({
      date: '2025-01-16',
      secondsOfDay: 30 * 60,
    });
    expect(danishLocalTime(new Date('2025-07-15T05:00:00Z'))).toEqual({
      date: '2025-07-15',
      secondsOfDay: 7 * 3600,
    });
  });

  it('puts an item into the first digest sent after it: today before 07:00, tomorrow from 07:00', () => {
    expect(digestDateFor(new Date('2025-03-05T05:59:59Z'), seven)).toBe('2025-03-05'); // 06:59:59 local
    expect(digestDateFor(new Date('2025-03-05T06:00:00Z'), seven)).toBe('2025-03-06'); // 07:00:00 local
    expect(digestDateFor(new Date('2025-03-05T22:30:00Z'), seven)).toBe('2025-03-06'); // 23:30 local
    expect(digestDateFor(new Date('2025-03-05T23:30:00Z'), seven)).toBe('2025-03-06'); // 00:30 local, next day
  });

  it("makes today's digest due from its send time, yesterday's before it", () => {
    expect(dueDigestDate(new Date('2025-03-05T05:59:59Z'), seven)).toBe('2025-03-04');
    expect(dueDigestDate(new Date('2025-03-05T06:00:00Z'), seven)).toBe('2025-03-05');
  });

  it('never lets an item miss its digest: when its digest is due, it is among the due ones', () => {
    const start = Date.parse('2025-03-29T00:00:00Z'); // over the change to summer time (30 March)
    for (let t = start; t < start + 3 * 86_400_000; t += 17 * 60_000) {
      const item = digestDateFor(new Date(t), seven);
      // A composer running any time later sees the item as due exactly from its digest's send time.
      expect(dueDigestDate(new Date(t), seven) < item).toBe(true);
      const later = new Date(t + 86_400_000);
      expect(dueDigestDate(later, seven) >= item).toBe(true);
    }
  });
});
