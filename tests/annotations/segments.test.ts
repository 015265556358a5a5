import { describe, expect, it } from 'vitest';

import { segmentsForHighlights } from '../../src/core/annotations/segments.js';

describe('segmentsForHighlights', () => {
  it('splits overlapping highlights into flat segments with every covering id', () => {
    expect(
      segmentsForHighlights([
        { id: 1, start: 0, end: 10 },
        { id: 2, start: 5, end: 15 },
      ]),
    ).toEqual([
      { start: 0, end: 5, ids: [1] },
      { start: 5, end: 10, ids: [1, 2] },
      { start: 10, end: 15, ids: [2] },
    ]);
  });

  it('handles nesting, identical ranges and input order', () => {
    expect(
      segmentsForHighlights([
        { id: 9, start: 2, end: 4 },
        { id: 3, start: 0, end: 8 },
        { id: 4, start: 2, end: 4 },
      ]),
    ).toEqual([
      { start: 0, end: 2, ids: [3] },
      { start: 2, end: 4, ids: [3, 4, 9] },
      { start: 4, end: 8, ids: [3] },
    ]);
  });

  it('keeps adjacent highlights apart and leaves gaps out', () => {
    expect(
      segmentsForHighlights([
        { id: 1, start: 0, end: 3 },
        { id: 2, start: 3, end: 6 },
        { id: 3, start: 10, end: 12 },
      ]),
    ).toEqual([
      { start: 0, end: 3, ids: [1] },
      { start: 3, end: 6, ids: [2] },
      { start: 10, end: 12, ids: [3] },
    ]);
  });

  it('skips orphans (no offsets) and empty ranges', () => {
    expect(
      segmentsForHighlights([
        { id: 1, start: null, end: null },
        { id: 2, start: 4, end: 4 },
        { id: 3, start: 1, end: 2 },
      ]),
    ).toEqual([{ start: 1, end: 2, ids: [3] }]);
    expect(segmentsForHighlights([])).toEqual([]);
  });
});
