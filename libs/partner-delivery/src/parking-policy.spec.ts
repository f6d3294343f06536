import { DEFAULT_PARKING, parkingReason } from './parking-policy';

describe('parkingReason', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const minutesAgo = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

  it('keeps retrying below both limits', () => {
    expect(
      parkingReason(
        DEFAULT_PARKING,
        { attempts: 49, firstFailedAt: minutesAgo(60 * 23), httpStatus: 503, transportError: '' },
        now,
      ),
    ).toBeNull();
    expect(
      parkingReason(
        DEFAULT_PARKING,
        { attempts: 1, firstFailedAt: null, httpStatus: 500, transportError: '' },
        now,
      ),
    ).toBeNull();
  });

  it('parks at the attempt limit, naming it and the last status', () => {
    expect(
      parkingReason(
        DEFAULT_PARKING,
        { attempts: 50, firstFailedAt: minutesAgo(90), httpStatus: 503, transportError: '' },
        now,
      ),
    ).toBe(
      "parked after 50 attempts over 90 min: reached the partner's limit of 50 attempts; last: the partner answered HTTP 503",
    );
  });

  it('parks at the time limit, counted from the first failure', () => {
    expect(
      parkingReason(
        DEFAULT_PARKING,
        {
          attempts: 20,
          firstFailedAt: minutesAgo(24 * 60),
          httpStatus: null,
          transportError: 'no answer within 5000 ms',
        },
        now,
      ),
    ).toBe(
      "parked after 20 attempts over 24 h: reached the partner's limit of 24 h of failures; last: no answer within 5000 ms",
    );
  });

  it('takes whichever limit comes first, with per-partner limits', () => {
    const limits = { afterAttempts: 3, afterMs: 10_000 };
    expect(
      parkingReason(
        limits,
        { attempts: 2, firstFailedAt: new Date(now.getTime() - 10_000), httpStatus: 500, transportError: '' },
        now,
      ),
    ).toContain('limit of 10 s of failures');
    expect(
      parkingReason(
        limits,
        { attempts: 3, firstFailedAt: new Date(now.getTime() - 1_000), httpStatus: 500, transportError: '' },
        now,
      ),
    ).toContain('limit of 3 attempts');
  });

  it("never quotes the partner's answer body", () => {
    const reason = parkingReason(
      { afterAttempts: 1, afterMs: 1 },
      { attempts: 1, firstFailedAt: null, httpStatus: 500, transportError: 'unused' },
      now,
    );
    expect(reason).toBe(
      "parked after 1 attempt over 0 ms: reached the partner's limit of 1 attempt; last: the partner answered HTTP 500",
    );
  });
});
