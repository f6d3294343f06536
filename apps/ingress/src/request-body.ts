import type { Readable } from 'node:stream';

import { Refusal } from './submission';

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length over the limit is refused
 * before a byte is read; a body that grows past it while streaming is refused as soon as it does, so
 * an oversized upload never sits whole in memory.
 */
export async function readBody(
  request: Readable & { headers: Record<string, string | string[] | undefined> },
  limit: number,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed on leaving the loop early: the request's socket still has to carry the 413 answer
  // (Node reads and discards the rest of the upload once the answer is sent).
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > limit) throw tooLarge(size, limit, 'at least ');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(size: number, limit: number, qualifier = ''): Refusal {
  return new Refusal(
    413,
    'TOO_LARGE',
    `the request body is ${qualifier}${size} bytes; the ingress reads at most ${limit}`,
  );
}
