import { readCorrelationIdHeader, storableHeaderText } from './header-text';

describe(readCorrelationIdHeader.name, () => {
  it('accepts a UUID or another id-shaped text, as bytes or string', () => {
    const id = '0b7a3c1e-2f4d-4c5b-9a8e-1d2c3b4a5f60';
    expect(readCorrelationIdHeader(Buffer.from(id))).toEqual({ ok: true, value: id });
    expect(readCorrelationIdHeader('sag/2025:17-ÆØÅ')).toEqual({ ok: true, value: 'sag/2025:17-ÆØÅ' });
    expect(readCorrelationIdHeader([Buffer.from('first'), Buffer.from('second')])).toEqual({
      ok: true,
      value: 'first',
    });
  });

  it('is undefined for an absent header', () => {
    expect(readCorrelationIdHeader(undefined)).toBeUndefined();
  });

  it.each([
    ['binary bytes', Buffer.from([0xc3, 0x28, 0xff, 0x00]), 'not valid UTF-8'],
    ['a NUL', Buffer.from('abc\u0000def'), 'NUL'],
    ['a space', Buffer.from('abc def'), 'spaces'],
    ['a line break', Buffer.from('abc\r\nX-Injected: 1'), 'control'],
    ['nothing', Buffer.alloc(0), 'empty'],
    ['129 characters', Buffer.from('x'.repeat(129)), '129 characters'],
    ['a megabyte', Buffer.alloc(1 << 20, 0x61), '1048576 bytes'],
  ])('refuses %s, saying why without quoting it', (_what, raw, problem) => {
    const reading = readCorrelationIdHeader(raw);
    expect(reading).toEqual({ ok: false, problem: expect.stringContaining(problem) as string });
  });
});

describe(storableHeaderText.name, () => {
  it('keeps clean UTF-8 text as it is', () => {
    expect(storableHeaderText(Buffer.from('Jobcenter Århus \\ 751'), 100)).toEqual({
      text: 'Jobcenter Århus \\ 751',
      escaped: false,
      cut: false,
    });
  });

  it('escapes NUL, stray bytes and backslashes so the bytes can be read back, and keeps valid characters', () => {
    const raw = Buffer.concat([Buffer.from('a\u0000b\\'), Buffer.from([0xff, 0xc3]), Buffer.from('Ø')]);
    expect(storableHeaderText(raw, 100)).toEqual({
      text: 'a\\x00b\\\\\\xff\\xc3Ø',
      escaped: true,
      cut: false,
    });
  });

  it('escapes overlong forms and encoded surrogates, which strict UTF-8 refuses', () => {
    expect(storableHeaderText(Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80]), 100)?.text).toBe(
      '\\xc0\\x80\\xed\\xa0\\x80',
    );
  });

  it('cuts a long value at a character, marking the cut, and does not call cut clean text escaped', () => {
    const long = 'ø'.repeat(5000);
    expect(storableHeaderText(long, 10)).toEqual({ text: `${'ø'.repeat(10)}…`, escaped: false, cut: true });
    const result = storableHeaderText(Buffer.concat([Buffer.alloc(3000, 0), Buffer.from('tail')]), 8);
    expect(result).toEqual({ text: `${'\\x00'.repeat(2)}…`, escaped: true, cut: true });
  });

  it('never returns a NUL or a lone surrogate, whatever the bytes', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => (seed * 31 + i * 97) % 256));
      const { text } = storableHeaderText(bytes, 1000) ?? { text: '' };
      expect(text.includes('\u0000')).toBe(false);
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    }
  });
});
