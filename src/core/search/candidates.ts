/**
 * Every match of a query, as parallel typed arrays (no object per match: a common word matches most of a
 * large archive), and top-k selection: only the page (and what run checks and phrase checks need) is ever
 * sorted and turned into Candidate objects; the rest is counted.
 */
import { ANALYZER_IDS, type AnalyzerId } from './analysis.js';

/**
 * Rank key parts, most significant first (see rankKey): matched through a corrected word or not, how many
 * words are in the form typed, proximity tier.
 */
export const TIER_ALL_PAIRS = 2;
export const TIER_RUN = 3;
const MAX_FORMS = 1023;

/** The integer part of the rank: typed forms first, then words standing together (tier 2 or 3). */
export function rankKey(missingForms: number, tier: number): number {
  return (MAX_FORMS - Math.min(missingForms, MAX_FORMS)) * 4 + tier;
}

/** Every word in the form typed (no missing forms). */
export function isComplete(rank: number): boolean {
  return rank >> 2 === MAX_FORMS;
}

export interface Candidate {
  id: number;
  /** rankKey(): ranks above the score. */
  rank: number;
  score: number;
  analyzer: AnalyzerId;
  /** Needs phrase verification against the stored text. */
  verify: boolean;
  /** Proximity tier (0, TIER_ALL_PAIRS or TIER_RUN after a run check). */
  tier: number;
}

/** Result order: rank key, then score, then newest id. */
export const byRank = (a: Candidate, b: Candidate): number =>
  b.rank - a.rank || b.score - a.score || b.id - a.id;

export class CandidateSet {
  size = 0;
  private ids = new Int32Array(1024);
  private ranks = new Uint16Array(1024);
  private scores = new Float64Array(1024);
  /** Bits 0-3: analyser index; bit 4: verify. */
  private flags = new Uint8Array(1024);

  push(id: number, rank: number, score: number, analyzer: AnalyzerId, verify: boolean): void {
    if (this.size === this.ids.length) this.grow();
    const i = this.size++;
    this.ids[i] = id;
    this.ranks[i] = rank;
    this.scores[i] = score;
    this.flags[i] = ANALYZER_IDS.indexOf(analyzer) | (verify ? 16 : 0);
  }

  /** Ids of every match (order unspecified). */
  idSet(): Set<number> {
    return new Set(this.ids.subarray(0, this.size));
  }

  /** The best `k` matches in rank order (a bounded heap: O(n log k), no sort of all matches). */
  top(k: number): Candidate[] {
    const { ids, ranks, scores } = this;
    const better = (a: number, b: number): boolean =>
      ranks[a]! !== ranks[b]!
        ? ranks[a]! > ranks[b]!
        : scores[a]! !== scores[b]!
          ? scores[a]! > scores[b]!
          : ids[a]! > ids[b]!;
    const heap: number[] = []; // min-heap by rank order: heap[0] is the worst kept
    const siftDown = (at: number) => {
      for (;;) {
        const l = 2 * at + 1;
        const r = l + 1;
        let worst = at;
        if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
        if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
        if (worst === at) return;
        [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
        at = worst;
      }
    };
    if (k > 0) {
      for (let i = 0; i < this.size; i++) {
        if (heap.length < k) {
          heap.push(i);
          for (let at = heap.length - 1; at > 0;) {
            const up = (at - 1) >> 1;
            if (!better(heap[up]!, heap[at]!)) break;
            [heap[at], heap[up]] = [heap[up]!, heap[at]!];
            at = up;
          }
        } else if (better(i, heap[0]!)) {
          heap[0] = i;
          siftDown(0);
        }
      }
    }
    heap.sort((a, b) => (better(a, b) ? -1 : 1));
    return heap.map((i) => ({
      id: ids[i]!,
      rank: ranks[i]!,
      score: scores[i]!,
      analyzer: ANALYZER_IDS[this.flags[i]! & 15]!,
      verify: (this.flags[i]! & 16) !== 0,
      tier: ranks[i]! & 3,
    }));
  }

  /** How many matches need phrase verification. */
  verifyCount(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.flags[i]! & 16) n++;
    return n;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.ids);
    const ranks = new Uint16Array(n);
    ranks.set(this.ranks);
    const scores = new Float64Array(n);
    scores.set(this.scores);
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.ids = ids;
    this.ranks = ranks;
    this.scores = scores;
    this.flags = flags;
  }
}
