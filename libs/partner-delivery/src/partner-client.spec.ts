import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { classifyAnswer, PartnerClient } from './partner-client';
import type { PartnerTarget } from './partner-directory';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signDelivery } from './signature';

describe(classifyAnswer.name, () => {
  it('takes 2xx as delivered, with the partner reference when it returns one', () => {
    expect(classifyAnswer(200, '{"reference":"SIM-1"}')).toEqual({
      outcome: 'delivered',
      httpStatus: 200,
      partnerReference: 'SIM-1',
    });
    expect(classifyAnswer(204, '')).toEqual({
      outcome: 'delivered',
      httpStatus: 204,
      partnerReference: null,
    });
  });

  it("takes 4xx as refused for good, keeping the partner's reason", () => {
    expect(classifyAnswer(422, '{"message":"unknown offer type"}')).toEqual({
      outcome: 'refused',
      httpStatus: 422,
      reason: 'partner refused the document (422): {"message":"unknown offer type"}',
    });
  });

  it('retries 5xx, 408 and 429', () => {
    for (const status of [500, 502, 503, 408, 429]) {
      expect(classifyAnswer(status, 'busy').outcome).toBe('unavailable');
    }
  });
});

describe(PartnerClient.name, () => {
  let server: Server;
  let base: string;
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  let handler: (response: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        handler(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const target = (overrides: Partial<PartnerTarget> = {}): PartnerTarget => ({
    partner: 'jobcenter:707',
    endpoint: `${base}/inbox`,
    hmacSecret: 'h'.repeat(64),
    timeoutMs: 2_000,
    parking: { afterAttempts: 50, afterMs: 86_400_000 },
    ...overrides,
  });

  it('posts the exact body with the delivery id as idempotency key, signed with the partner secret over time, key and body', async () => {
    handler = (response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"reference":"R1"}');
    const body = '{"deliveryId":"d-1","message":{"x":1}}';
    const result = await new PartnerClient(() => 1_760_000_000_999).deliver(target(), 'd-1', body);
    expect(result).toEqual({ outcome: 'delivered', httpStatus: 200, partnerReference: 'R1' });
    const request = seen[seen.length - 1];
    expect(request.body).toBe(body);
    expect(request.headers[IDEMPOTENCY_HEADER]).toBe('d-1');
    expect(request.headers[SIGNATURE_HEADER]).toBe(
      signDelivery('h'.repeat(64), { timestamp: 1_760_000_000, idempotencyKey: 'd-1', body }),
    );
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('takes a partner that does not answer in time as unavailable', async () => {
    handler = () => undefined; // Never answers.
    const result = await new PartnerClient().deliver(target({ timeoutMs: 200 }), 'd-2', '{}');
    expect(result).toEqual({ outcome: 'unavailable', httpStatus: null, reason: 'no answer within 200 ms' });
  });

  it('takes a partner nobody listens for as unavailable', async () => {
    const result = await new PartnerClient().deliver(
      target({ endpoint: 'http://127.0.0.1:1/inbox' }),
      'd-3',
      '{}',
    );
    expect(result.outcome).toBe('unavailable');
    expect(result).toMatchObject({
      httpStatus: null,
      reason: expect.stringContaining('unreachable') as string,
    });
  });
});
