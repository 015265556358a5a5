/**
 * Re-anchors every annotation of an article whose text changed. Found ones get fresh selectors from the
 * new text (a fuzzy match takes the new wording as `exact`); the rest become orphans, which keep their old
 * selectors and note in storage and are never deleted.
 */
import { anchor } from './anchor.js';
import type { AnchorMethod, AnchorOptions } from './anchor.js';
import { describeRange } from './describe.js';
import type { AnchorSelectors } from './types.js';

export interface ReanchorInput extends AnchorSelectors {
  id: number;
}

export type ReanchorOutcome =
  | {
      id: number;
      status: 'anchored';
      start: number;
      end: number;
      exact: string;
      prefix: string;
      suffix: string;
      method: AnchorMethod;
      score: number;
    }
  | { id: number; status: 'orphan' };

export function reanchorAll(
  newText: string,
  annotations: ReanchorInput[],
  opts?: AnchorOptions,
): ReanchorOutcome[] {
  const doc = newText.normalize('NFC');
  return annotations.map((a) => {
    const found = anchor(doc, a, opts);
    if (!found) return { id: a.id, status: 'orphan' as const };
    return {
      id: a.id,
      status: 'anchored' as const,
      ...describeRange(doc, found.start, found.end),
      method: found.method,
      score: found.score,
    };
  });
}
