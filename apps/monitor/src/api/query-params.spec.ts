import { BadRequestException } from '@nestjs/common';

import { MAX_OFFSET, MAX_TEXT_LENGTH, params } from './query-params';

/** The message a 400 carries, or undefined when the check passed. */
function refusal(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.message;
  }
}

describe('params (the monitor API query checks)', () => {
  it('takes whole numbers within bounds and refuses what Number() would have let through', () => {
    expect(params.limit('limit', '25', 100, 1000)).toBe(25);
    expect(params.limit('limit', undefined, 100, 1000)).toBe(100);
    expect(params.offset('offset', '0')).toBe(0);
    expect(params.offset('offset', String(MAX_OFFSET))).toBe(MAX_OFFSET);
    for (const given of [
      '1e300',
      '1e3',
      '99999999999999999999',
      '0x10',
      '5.0',
      '-1',
      ' 5',
      '+5',
      'Infinity',
    ]) {
      expect(refusal(() => params.offset('offset', given))).toBe(
        `offset must be a whole number from 0 to ${MAX_OFFSET}`,
      );
    }
    expect(refusal(() => params.offset('offset', String(MAX_OFFSET + 1)))).toContain('offset must be');
    expect(refusal(() => params.limit('limit', '99999999999999999999', 100, 1000))).toBe(
      'limit must be a whole number from 1 to 1000',
    );
    expect(refusal(() => params.limit('minutes', '0', 60, 1440))).toBe(
      'minutes must be a whole number from 1 to 1440',
    );
  });

  it('refuses a parameter given twice or as an object, naming it', () => {
    expect(refusal(() => params.limit('limit', ['1', '2'], 100, 1000))).toBe(
      'limit must be given once, as plain text',
    );
    expect(refusal(() => params.text('kind', { a: 'b' }))).toBe('kind must be given once, as plain text');
  });

  it('takes only real calendar dates and months PostgreSQL can read', () => {
    expect(params.date('from', '2024-02-29')).toBe('2024-02-29');
    for (const given of [
      '2025-02-29',
      '2025-13-01',
      '2025-04-31',
      '0000-01-01',
      '2025-3-1',
      '2025-03-01T00:00',
    ]) {
      expect(refusal(() => params.date('from', given))).toBe('from must be a real calendar date YYYY-MM-DD');
    }
    expect(params.month('to', '2025-12')).toBe('2025-12');
    for (const given of ['2025-13', '0000-01', '2025-1']) {
      expect(refusal(() => params.month('to', given))).toBe('to must be a month YYYY-MM, from 1900-01');
    }
  });

  it('refuses text with control characters or of unbounded length, without echoing it', () => {
    expect(params.text('kind', 'beskedmodul.Inquiry')).toBe('beskedmodul.Inquiry');
    expect(params.text('pseudonym', 'æøå-Ä')).toBe('æøå-Ä');
    for (const given of ['a\u0000b', 'a\nb', 'a\u007fb', 'a\u0085b']) {
      expect(refusal(() => params.text('finding', given))).toBe(
        'finding must not contain control characters (such as NUL)',
      );
    }
    expect(refusal(() => params.text('agreement', 'x'.repeat(MAX_TEXT_LENGTH + 1)))).toBe(
      `agreement must be at most ${MAX_TEXT_LENGTH} characters`,
    );
    expect(refusal(() => params.text('kind', 'a\ud800b'))).toBe('kind must be valid UTF-8 text');
    expect(refusal(() => params.party('party', 'akasse:3F\u0000'))).toBe(
      'party must not contain control characters (such as NUL)',
    );
    expect(refusal(() => params.party('party', 'akasse'))).toContain('party must be <kind>:<id>');
  });

  it('refuses a parameter the endpoint does not take, naming the ones it does', () => {
    expect(refusal(() => params.only({ reason: 'X', limit: '5' }, ['reason', 'limit']))).toBeUndefined();
    expect(refusal(() => params.only({ reasn: 'X' }, ['reason', 'limit']))).toBe(
      'unknown query parameter reasn; this endpoint takes reason, limit',
    );
    expect(refusal(() => params.only({ 'x\u0000': '1' }, []))).toBe(
      'unknown query parameter (unreadable); this endpoint takes none',
    );
  });
});
