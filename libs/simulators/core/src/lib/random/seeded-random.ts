import { randomInt } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** One step of mulberry32: the next state and a float in [0, 1) drawn from it. */
export function mulberry32(state: number): { state: number; value: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, value: ((t ^ (t >>> 14)) >>> 0) / 4294967296 };
}

/** One reproducible sequence (mulberry32). */
export class RandomStream {
  private state = 0;

  constructor(seed: number) {
    this.reset(seed);
  }

  reset(seed: number): void {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    const { state, value } = mulberry32(this.state);
    this.state = state;
    return value;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return this.next() < probability;
  }

  string(length: number, alphabet = ALPHANUMERIC): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/**
 * The simulator's randomness, reproducible from one seed. Each concern draws from its own named
 * stream (ids, faults, webhooks, ...), so asynchronous webhook decisions cannot shift the ids a
 * test sees, and `seed(n)` restarts every stream at once.
 */
export class SeededRandom {
  private seedValue: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number = randomInt(0, 2 ** 31)) {
    this.seedValue = seed >>> 0;
  }

  get currentSeed(): number {
    return this.seedValue;
  }

  seed(seed: number): void {
    if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
    this.seedValue = seed >>> 0;
    for (const [name, stream] of this.streams) stream.reset(deriveSeed(this.seedValue, name));
  }

  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(deriveSeed(this.seedValue, name));
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** FNV-1a over the stream name, mixed with the seed, so streams are independent but fixed. */
function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
