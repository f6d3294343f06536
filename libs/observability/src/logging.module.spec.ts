import { Controller, Get, Global, INestApplication, Module, Param, Query } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { bootstrapService } from './bootstrap';
import { HubLoggingModule } from './logging.module';
import { CPR_REDACTED } from './redact';

interface LogLine {
  msg?: string;
  req?: { url?: string; query?: Record<string, unknown>; params?: Record<string, unknown> };
  res?: { statusCode?: number };
  err?: { message?: string; stack?: string };
  citizen?: unknown;
  boundCitizen?: unknown;
}

/** Every line the logger writes, as written. */
const written: string[] = [];

@Global()
@Module({ providers: [{ provide: APP_CONFIG, useValue: { LOG_LEVEL: 'info' } }], exports: [APP_CONFIG] })
class TestConfigModule {}

/** Routes like the monitor's exchange log API, which log what a caseworker typed. */
@Controller('api/exchanges')
class ExchangesProbeController {
  constructor(@InjectPinoLogger('ExchangesProbe') private readonly logger: PinoLogger) {}

  @Get()
  list(@Query('citizen') citizen: string): { found: number } {
    this.logger.info({ citizen }, 'listing the exchanges of %s', citizen);
    // Bound to the request's later lines: a binding, which the log call's hook never sees.
    this.logger.assign({ boundCitizen: citizen });
    this.logger.info('listed');
    return { found: 0 };
  }

  @Get(':citizen')
  one(@Param('citizen') citizen: string): never {
    throw new Error(`no exchanges for citizen ${citizen}`);
  }
}

@Module({
  imports: [
    TestConfigModule,
    HubLoggingModule.forService<{ LOG_LEVEL: string }>({
      service: 'logging-probe',
      version: 'test',
      level: (config) => config.LOG_LEVEL,
      destination: { write: (line: string) => void written.push(line) },
    }),
  ],
  controllers: [ExchangesProbeController],
})
class ProbeModule {}

/**
 * Issue 16: a real HTTP request through the services' own start-up (bootstrapService) and logging
 * module, with a CPR number in the path, the query string and a header, spelled the ways a
 * caseworker types them. pino-http logs the URL, query, route parameters and headers; the app logs
 * the value and Nest logs the error that carries it. No line may hold the number in clear.
 */
describe('HubLoggingModule: HTTP request logs', () => {
  let app: INestApplication | undefined;
  let base: string;

  const requests = [
    { path: '/api/exchanges?citizen=010190-1234', status: 200 },
    { path: '/api/exchanges?citizen=150385+4321', status: 200 },
    { path: '/api/exchanges?citizen=150385%E2%80%934321', status: 200 },
    { path: '/api/exchanges?citizen=15.03.85%2F4321&page=2', status: 200 },
    { path: '/api/exchanges/15.03.85-4321', status: 500 },
    { path: '/api/exchanges/150385%204321', status: 500 },
    { path: '/api/exchanges/150385/4321', status: 404 },
  ];

  const parsed = (): LogLine[] => written.map((line) => JSON.parse(line) as LogLine);
  const completed = (): LogLine[] => parsed().filter((line) => line.res?.statusCode !== undefined);

  beforeAll(async () => {
    app = await bootstrapService('logging-probe', ProbeModule, (started) => started.listen(0, '127.0.0.1'));
    const server = app?.getHttpServer() as { address(): { port: number } };
    base = `http://127.0.0.1:${server.address().port}`;
    for (const request of requests) {
      const response = await fetch(`${base}${request.path}`, {
        headers: { 'x-citizen': '0101901234', referer: `${base}/search?citizen=010190 1234` },
      });
      expect([request.path, response.status]).toEqual([request.path, request.status]);
    }
    // pino-http writes its line when the response has finished, which may be after the client has it.
    for (let waited = 0; completed().length < requests.length && waited < 5_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('logs every request, as JSON', () => {
    expect(completed()).toHaveLength(requests.length);
  });

  it('holds no CPR number in clear in any line', () => {
    // Independent of the redactor's own pattern: the birth dates used, in every spelling sent.
    const clear = written.filter((line) => /010190|150385|15\.03\.85/.test(line));
    expect(clear).toEqual([]);
  });

  it('logs the path and query string with the CPR number redacted', () => {
    const urls = completed().map((line) => line.req?.url);
    expect(urls).toEqual([
      `/api/exchanges?citizen=${CPR_REDACTED}`,
      `/api/exchanges?citizen=${CPR_REDACTED}`,
      `/api/exchanges?citizen=${CPR_REDACTED}`,
      `/api/exchanges?citizen=${CPR_REDACTED}&page=2`,
      `/api/exchanges/${CPR_REDACTED}`,
      `/api/exchanges/${CPR_REDACTED}`,
      `/api/exchanges/${CPR_REDACTED}`,
    ]);
    for (const line of completed().slice(0, 4))
      expect(line.req?.query).toMatchObject({ citizen: CPR_REDACTED });
    // The middleware's params are the path in segments, which would split `150385/4321` in two.
    for (const line of completed()) expect(line.req?.params).toBeUndefined();
  });

  it('redacts what the app logs from the request, and the error that carries it', () => {
    const listed = parsed().filter((line) => line.msg?.startsWith('listing the exchanges'));
    expect(listed).toHaveLength(4);
    for (const line of listed) {
      expect(line.msg).toBe(`listing the exchanges of ${CPR_REDACTED}`);
      expect(line.citizen).toBe(CPR_REDACTED);
    }
    const bound = parsed().filter((line) => line.msg === 'listed');
    expect(bound.map((line) => line.boundCitizen)).toEqual(Array(4).fill(CPR_REDACTED));
    const failed = completed().filter((line) => line.res?.statusCode === 500);
    expect(failed).toHaveLength(2);
    const messages = parsed().flatMap((line) => (line.err?.message ? [line.err.message] : []));
    expect(messages).toContain(`no exchanges for citizen ${CPR_REDACTED}`);
  });

  it('redacts the request headers', () => {
    const withHeaders = written.filter((text) => text.includes('"x-citizen"'));
    expect(withHeaders.length).toBeGreaterThanOrEqual(requests.length);
    for (const line of withHeaders) {
      const { req } = JSON.parse(line) as { req: { headers: Record<string, string> } };
      expect(req.headers['x-citizen']).toBe(CPR_REDACTED);
      expect(req.headers.referer).toBe(`${base}/search?citizen=${CPR_REDACTED}`);
    }
  });
});
