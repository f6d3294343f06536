import 'reflect-metadata';

import type { ConsumedRecord, HandlerResult } from './records';

/** One decoded record handed to a chunk handler: the decoded value and the record it came from. */
export interface ChunkEntry<T = unknown> {
  readonly data: T;
  readonly record: ConsumedRecord;
  /** The pattern the decoder gave the record (normally its message kind). */
  readonly pattern: string;
}

/**
 * A handler takes a run of consecutive records of its kinds (in consumed order, possibly from several
 * partitions) and returns one result per entry, in the same order. It throws `TransientError` when the
 * whole run may work later (the database restarting): the loop calls it again with the same run. Any
 * other error is permanent: the loop calls the handler again one entry at a time to find the records
 * that cannot be processed and sends only those to the poison path, with the error's own text.
 * So a handler must be idempotent per entry (deterministic ids), as it already is for redelivery.
 */
export type ChunkHandlerFn<T = unknown> = (
  entries: readonly ChunkEntry<T>[],
) => Promise<readonly HandlerResult[]> | readonly HandlerResult[];

const CHUNK_HANDLER_PATTERNS = Symbol('hub:chunk-handler-patterns');

/**
 * Declares a method as the handler of every record of these kinds, called directly by the consumer
 * loop with a chunk at a time (no per-record dispatch, interceptors or exception filters in between:
 * a handler's own error reaches the loop, so a `TransientError` is retried and never dead-lettered).
 */
export function HandlesChunk(patterns: string | readonly string[]): MethodDecorator {
  const list = typeof patterns === 'string' ? [patterns] : [...patterns];
  return (_target, _key, descriptor: PropertyDescriptor) => {
    Reflect.defineMetadata(CHUNK_HANDLER_PATTERNS, list, descriptor.value as object);
    return descriptor;
  };
}

/** The patterns a method was declared for with `@HandlesChunk`, if any. */
export function chunkHandlerPatterns(method: unknown): readonly string[] | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getMetadata(CHUNK_HANDLER_PATTERNS, method) as readonly string[] | undefined;
}

/** Every `@HandlesChunk` method of these objects, bound to its object, by pattern. */
export function chunkHandlersOf(hosts: readonly object[]): Map<string, ChunkHandlerFn> {
  const handlers = new Map<string, ChunkHandlerFn>();
  for (const host of new Set(hosts)) {
    for (const [name, method] of methodsOf(host)) {
      const patterns = chunkHandlerPatterns(method);
      if (!patterns) continue;
      for (const pattern of patterns) {
        if (handlers.has(pattern)) {
          throw new Error(
            `two handlers for message kind ${pattern} (one is ${host.constructor.name}.${name})`,
          );
        }
        handlers.set(pattern, (method as ChunkHandlerFn).bind(host));
      }
    }
  }
  return handlers;
}

/** The methods along an object's prototype chain, read from their descriptors (no getter is run). */
function methodsOf(host: object): Map<string, unknown> {
  const methods = new Map<string, unknown>();
  for (let proto = Object.getPrototypeOf(host) as object | null; proto && proto !== Object.prototype; ) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name !== 'constructor' && !methods.has(name) && typeof descriptor.value === 'function')
        methods.set(name, descriptor.value);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return methods;
}

/**
 * For handlers whose work is per record (an HTTP-free queue insert, a mail plan): runs `handle` for
 * each entry in order. A failure stops the run and reaches the loop as it is (retried or isolated).
 */
export async function eachEntry<T>(
  entries: readonly ChunkEntry<T>[],
  handle: (entry: ChunkEntry<T>) => Promise<HandlerResult> | HandlerResult,
): Promise<HandlerResult[]> {
  const results: HandlerResult[] = [];
  for (const entry of entries) results.push(await handle(entry));
  return results;
}
