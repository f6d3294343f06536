import { CPR_REDACTED, redactCpr, redactCprInJsonLine, redactCprInText } from './redact';

describe(redactCprInText.name, () => {
  it.each([
    ['no separator', '0101901234'],
    ['hyphen', '010190-1234'],
    ['space', '150385 4321'],
    ['two spaces', '150385  4321'],
    ['no-break space', '150385\u00a04321'],
    ['tab', '150385\t4321'],
    ['en dash', '150385\u20134321'],
    ['em dash', '150385\u20144321'],
    ['minus sign', '150385\u22124321'],
    ['non-breaking hyphen', '150385\u20114321'],
    ['slash', '150385/4321'],
    ['spaced hyphen', '150385 - 4321'],
    ['spaced en dash', '150385 \u2013 4321'],
    ['dotted date, hyphen', '15.03.85-4321'],
    ['dotted date, space', '15.03.85 4321'],
    ['dotted date, en dash', '15.03.85\u20134321'],
    ['dotted date, slash', '15.03.85/4321'],
    ['dotted date, run together', '15.03.854321'],
    ['hyphenated date', '15-03-85-4321'],
    ['slashed date', '15/03/85-4321'],
    ['spaced date', '15 03 85 4321'],
    ['URL-encoded space', '150385%204321'],
    ['query-string space', '150385+4321'],
    ['URL-encoded en dash', '150385%E2%80%934321'],
    ['URL-encoded en dash, lower case', '150385%e2%80%934321'],
    ['URL-encoded slash', '150385%2F4321'],
    ['29 February', '290200-1234'],
    ['31 December', '311299-0000'],
  ])('redacts a CPR number written with %s', (_spelling, cpr) => {
    expect(redactCprInText(cpr)).toBe(CPR_REDACTED);
    expect(redactCprInText(`citizen ${cpr} moved`)).toBe(`citizen ${CPR_REDACTED} moved`);
    expect(redactCprInText(`/api/exchanges?citizen=${cpr}&x=1`)).toBe(
      `/api/exchanges?citizen=${CPR_REDACTED}&x=1`,
    );
  });

  it('redacts every CPR number in a text', () => {
    expect(redactCprInText('cpr=0101901234;other=15.03.85-4321')).toBe(
      `cpr=${CPR_REDACTED};other=${CPR_REDACTED}`,
    );
  });

  it.each([
    ['an id whose first digits are no day', '4512345678'],
    ['an id whose month would be 34', '1234567890'],
    ['an id whose date would be 31 February', '3102851234'],
    ['an id whose date would be 31 April', '310485-1234'],
    ['an id whose day would be 00', '0003851234'],
    ['a longer number', 'offset 0000001234567'],
    ['eleven digits', '15038543210'],
    ['a CPR-shaped run inside a longer number', '91503854321'],
    ['a short id', 'order 12345678'],
    ['an ISO timestamp', '2025-03-03T08:15:00.000Z'],
    ['a date and a time', '15.03.2025 14:30'],
    ['a four-digit year', '15.03.1985-4321'],
    ['a date in mixed spellings', '15.03-85-4321'],
    ['a phone number', '+45 12 34 56 78'],
    ['a municipality code', 'kommune 707'],
    ['a line break between date and serial', '150385\n4321'],
  ])('leaves %s alone (%p)', (_case, input) => {
    expect(redactCprInText(input)).toBe(input);
  });
});

describe(redactCprInJsonLine.name, () => {
  it.each([
    '{"level":"info","msg":"request completed","responseTime":3}\n',
    '{"msg":"committed","offset":1503854321,"id":"3102851234"}\n',
  ])('returns a line with no CPR number in a string as it is: %p', (line) => {
    expect(redactCprInJsonLine(line)).toBe(line);
  });

  it('redacts inside string values and keys, leaves numbers, and keeps the line valid JSON', () => {
    const line = `${JSON.stringify({
      msg: 'GET /api/exchanges?citizen=150385\u20134321',
      offset: 1503854321,
      byCitizen: { '010190-1234': 1 },
      quoted: 'say "010190 1234"',
    })}\n`;
    const redacted = redactCprInJsonLine(line);
    expect(redacted.endsWith('\n')).toBe(true);
    expect(JSON.parse(redacted)).toEqual({
      msg: `GET /api/exchanges?citizen=${CPR_REDACTED}`,
      offset: 1503854321,
      byCitizen: { [CPR_REDACTED]: 1 },
      quoted: `say "${CPR_REDACTED}"`,
    });
  });
});

describe(redactCpr.name, () => {
  it('redacts CPR numbers anywhere in a logged object, including keys and error messages', () => {
    const logged = redactCpr({
      msg: 'x',
      nested: { list: ['150385-4321'] },
      byCitizen: { '15.03.85-4321': 'seen' },
      error: new Error('bad cpr 1503854321'),
    });
    expect(JSON.stringify({ ...logged, error: logged.error.message })).not.toMatch(/4321/);
    expect(logged.nested.list).toEqual([CPR_REDACTED]);
    expect(logged.byCitizen).toEqual({ [CPR_REDACTED]: 'seen' });
  });

  it.each([9, 10, 100, 100_000])('redacts a string nested %p levels deep', (depth) => {
    type Nested = { cpr: string; next?: Nested };
    const root: Nested = { cpr: '150385 4321' };
    let deepest = root;
    for (let level = 1; level < depth; level += 1) {
      deepest.next = { cpr: '150385 4321' };
      deepest = deepest.next;
    }
    let node: Nested | undefined = redactCpr(root);
    let levels = 0;
    for (; node !== undefined; node = node.next) {
      expect(node.cpr).toBe(CPR_REDACTED);
      levels += 1;
    }
    expect(levels).toBe(depth);
  });

  it('redacts in arrays nested deeper than the old limit of 8', () => {
    let nested: unknown = ['010190-1234'];
    for (let level = 0; level < 20; level += 1) nested = [nested];
    expect(JSON.stringify(redactCpr(nested))).not.toContain('1234');
  });

  it('ends on a cycle, keeping its shape, and copies a shared object once', () => {
    const shared = { cpr: '010190-1234' };
    const cyclic: { cpr: string; self?: unknown; list: unknown[]; a: object; b: object } = {
      cpr: '150385/4321',
      list: [],
      a: shared,
      b: shared,
    };
    cyclic.self = cyclic;
    cyclic.list.push(cyclic, cyclic.list);
    const redacted = redactCpr(cyclic);
    expect(redacted).not.toBe(cyclic);
    expect(redacted.cpr).toBe(CPR_REDACTED);
    expect(redacted.self).toBe(redacted);
    expect(redacted.list[0]).toBe(redacted);
    expect(redacted.list[1]).toBe(redacted.list);
    expect(redacted.a).toEqual({ cpr: CPR_REDACTED });
    expect(redacted.a).toBe(redacted.b);
    expect(cyclic.cpr).toBe('150385/4321'); // The logged value itself is never changed.
  });

  it('ends on an error whose cause is itself', () => {
    const error = new Error('citizen 150385-4321') as Error & { cause?: unknown };
    error.cause = error;
    const redacted = redactCpr<Error & { cause?: unknown }>(error);
    expect(redacted.message).toBe(`citizen ${CPR_REDACTED}`);
    expect(redacted.cause).toBe(redacted);
  });

  it.each([
    ['a Buffer', Buffer.from('0101901234'), '[Buffer: 10 bytes]'],
    ['an empty Buffer', Buffer.alloc(0), '[Buffer: 0 bytes]'],
    ['a Uint8Array', new Uint8Array(4), '[Uint8Array: 4 bytes]'],
    ['an ArrayBuffer', new ArrayBuffer(3), '[ArrayBuffer: 3 bytes]'],
  ])('describes %s by its length instead of its bytes', (_case, binary, described) => {
    expect(redactCpr(binary)).toBe(described);
    expect(redactCpr({ payload: { value: binary } })).toEqual({ payload: { value: described } });
  });

  it('keeps an error its class, and redacts its message, stack, fields and cause', () => {
    class QueryFailedError extends Error {
      constructor(
        message: string,
        readonly detail: string,
      ) {
        super(message);
      }
    }
    const error = new QueryFailedError('duplicate key 010190-1234', 'Key (cpr)=(010190 1234) exists');
    // As `new Error(message, { cause })` sets it: an own property that is not enumerable.
    Object.defineProperty(error, 'cause', { value: new Error('from 150385/4321'), enumerable: false });
    const redacted = redactCpr(error);
    expect(redacted).toBeInstanceOf(QueryFailedError);
    expect(redacted.message).toBe(`duplicate key ${CPR_REDACTED}`);
    expect(redacted.stack).toContain(`duplicate key ${CPR_REDACTED}`);
    expect(redacted.stack).not.toContain('1234');
    expect(redacted.detail).toBe(`Key (cpr)=(${CPR_REDACTED}) exists`);
    expect((redacted.cause as Error).message).toBe(`from ${CPR_REDACTED}`);
  });

  it('prints what an object with toJSON prints, redacted, and leaves dates as they are', () => {
    const at = new Date('2025-03-15T12:00:00.000Z');
    const redacted = redactCpr({ url: new URL('http://hub/api/exchanges?citizen=150385+4321'), at });
    expect(redacted.url).toBe(`http://hub/api/exchanges?citizen=${CPR_REDACTED}`);
    expect(redacted.at).toBe(at);
  });

  it('leaves numbers, booleans and null as they are', () => {
    expect(redactCpr({ n: 1503854321, b: true, z: null })).toEqual({ n: 1503854321, b: true, z: null });
  });
});
