import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableKeyOrder } from '../../src/core/search/segment-builder.js';

describe('stableKeyOrder (grouping a stream of word pairs by key)', () => {
  it('orders by key, equal keys by position, like a stable comparison sort (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        // few distinct low bits, so equal keys are common; a stream's keys share their top 8 bits
        fc.array(
          fc.integer({ min: 0, max: 0xffffff }).map((x) => x & 0xf0f00f),
          { maxLength: 400 },
        ),
        (stream, lows) => {
          const keys = Uint32Array.from(lows, (l) => ((stream << 24) | l) >>> 0);
          const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
          expect([...stableKeyOrder(keys, keys.length)]).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 20261203 },
    );
  });
  it('reads only the first n keys of a larger buffer', () => {
    const keys = Uint32Array.from([5, 3, 5, 1, 0, 0]);
    expect([...stableKeyOrder(keys, 4)]).toEqual([3, 1, 0, 2]);
  });
});
