import { createHash } from 'node:crypto';

/**
 * A small seeded pseudo-random generator (mulberry32: 32-bit state, good spread, fast). Not for
 * secrets; for simulated traffic that must come out the same for the same seed on every machine.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator for one part of the work (a storyline, the bad-message draw), independent of the rest. */
  static derive(seed: number, ...parts: (string | number)[]): Prng {
    const digest = createHash('sha256')
      .update([seed, ...parts].join('\u001f'))
      .digest();
    return new Prng(digest.readUInt32LE(0));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = this.next() * total;
    for (const [key, weight] of entries) {
      draw -= weight;
      if (draw < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

/** A deterministic number in [0, 1) from text: the simulated partners' "judgement" on a message. */
export function unitHash(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u001f')).digest().readUInt32LE(0) / 4294967296;
}
