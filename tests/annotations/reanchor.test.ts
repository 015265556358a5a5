import { describe, expect, it } from 'vitest';

import { describeRange } from '../../src/core/annotations/describe.js';
import { reanchorAll } from '../../src/core/annotations/reanchor.js';

const oldText = 'Alpha beta gamma. Delta epsilon zeta. Eta theta iota. Kappa lambda mu.';
const sel = (exact: string) =>
  describeRange(oldText, oldText.indexOf(exact), oldText.indexOf(exact) + exact.length);

describe('reanchorAll', () => {
  it('re-anchors each annotation and recomputes selectors from the new text', () => {
    const anns = [
      { id: 1, ...sel('Alpha beta gamma') },
      { id: 2, ...sel('Eta theta iota') },
      { id: 3, ...sel('Delta epsilon zeta') },
    ];
    const newText = 'Preface. Alpha beta gamma. Delta epsilon zeta. Kappa lambda mu.';
    const out = reanchorAll(newText, anns);
    expect(out.map((o) => o.id)).toEqual([1, 2, 3]);
    expect(out[0]).toMatchObject({
      status: 'anchored',
      start: 9,
      exact: 'Alpha beta gamma',
      prefix: 'Preface. ',
    });
    expect(out[1]).toEqual({ id: 2, status: 'orphan' });
    expect(out[2]).toMatchObject({ status: 'anchored', start: newText.indexOf('Delta epsilon zeta') });
    expect(out[2]!.status === 'anchored' && out[2]!.suffix).toBe('. Kappa lambda mu.');
  });

  it('orphans a short verbatim quote whose only context was rewritten (it could be a copy elsewhere)', () => {
    // "Alpha beta gamma" opened the text (no prefix); everything after it was replaced.
    const [out] = reanchorAll('Preface. Alpha beta gamma. Omicron pi rho sigma tau.', [
      { id: 1, ...sel('Alpha beta gamma') },
    ]);
    expect(out).toEqual({ id: 1, status: 'orphan' });
  });

  it('an orphan carries no selectors (the stored ones, and its note, stay as they were)', () => {
    const [out] = reanchorAll('Nothing in common here at all.', [{ id: 5, ...sel('Kappa lambda mu') }]);
    expect(Object.keys(out!).sort()).toEqual(['id', 'status']);
  });

  it('re-attaches an orphan (no offsets) when its passage comes back', () => {
    const orphan = {
      id: 6,
      exact: 'Delta epsilon zeta',
      prefix: 'Alpha beta gamma. ',
      suffix: '. Eta theta iota',
      start: null,
      end: null,
    };
    const [out] = reanchorAll(oldText, [orphan]);
    expect(out).toMatchObject({ status: 'anchored', start: oldText.indexOf('Delta'), method: 'exact' });
  });

  it('normalises the new text to NFC before anchoring', () => {
    const vi = 'Xin chào người dân Hà Nội.';
    const at = vi.indexOf('người dân');
    const s = describeRange(vi, at, at + 9);
    const [out] = reanchorAll(vi.normalize('NFD'), [{ id: 8, ...s }]);
    expect(out).toMatchObject({ status: 'anchored', start: at, end: at + 9, exact: 'người dân' });
  });
});
