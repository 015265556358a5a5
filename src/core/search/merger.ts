/**
 * Tiered merges (Lucene-like): MERGE_FACTOR segments of the same analyser and level become one of the next
 * level, built by re-mapping postings and pair indexes (no re-analysis) and dropping tombstoned docs. The
 * merged segment, the doc moves and the deletion of the inputs commit in one transaction: a crash before
 * the commit leaves the old segments.
 */
import type Database from 'better-sqlite3';
import { FIELD_COUNT, WORD_MARK } from './analysis.js';
import { VarintWriter, decodePostings, encodePairIndex, encodePostings, forEachPair } from './codec.js';
import type { SearchState } from './connection.js';
import type { IndexView } from './index-view.js';
import type { Segment, SegmentStore } from './segments.js';

const MERGE_FACTOR = 8;

/** Test seams. */
export interface MergeHooks {
  /** Called inside the merge transaction after the merged segment is written, before commit. */
  beforeMergeCommit?: () => void;
}

/**
 * The segments the tiered policy merges next (lowest level first), or null. `force`: all of an analyser's
 * segments, also a lone one holding tombstones.
 */
export function pickMerge(segments: Iterable<Segment>, force = false): Segment[] | null {
  const groups = new Map<string, Segment[]>();
  for (const s of segments) {
    const k = force ? s.analyzer : `${s.analyzer}/${s.level}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(s);
  }
  let best: Segment[] | null = null;
  for (const g of groups.values()) {
    g.sort((a, b) => a.id - b.id);
    if (force ? g.length > 1 || (g[0] && g[0].liveCount < g[0].docCount) : g.length >= MERGE_FACTOR) {
      const pick = force ? g : g.slice(0, MERGE_FACTOR);
      if (!best || pick[0]!.level < best[0]!.level) best = pick;
    }
  }
  return best;
}

export class Merger {
  private readonly writer = new VarintWriter();
  private readonly liveInSegment: Database.Statement;
  private readonly moveDoc: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly store: SegmentStore,
    private readonly view: IndexView,
    private readonly state: SearchState,
  ) {
    this.liveInSegment = db.prepare('SELECT article_id, local_id FROM search_docs WHERE segment_id = ?');
    this.moveDoc = db.prepare(
      'UPDATE search_docs SET segment_id = ?, local_id = ?, gen = ? WHERE article_id = ?',
    );
  }

  /** Merges one group of segments if the policy picks one. Returns whether it merged. */
  mergeStep(force: boolean, hooks: MergeHooks): boolean {
    this.view.refresh();
    const pick = pickMerge(this.view.segments.values(), force);
    if (!pick) return false;
    let merged = false;
    const run = this.db.transaction(() => {
      for (const s of pick) if (!this.store.exists(s.id)) return; // another process merged them
      const gen = this.state.get('gen') + 1;
      const analyzer = pick[0]!.analyzer;
      const level = Math.max(...pick.map((s) => s.level)) + 1;
      // live docs as of this transaction; remaps[i][old local] = new local, or -1 for a tombstone
      const remaps: Int32Array[] = [];
      const articleIds: number[] = [];
      const lens: number[] = [];
      const lenSums = new Array<number>(FIELD_COUNT).fill(0);
      for (const s of pick) {
        const liveLocals = new Map<number, number>();
        for (const r of this.liveInSegment.all(s.id) as Array<{ article_id: number; local_id: number }>)
          liveLocals.set(r.local_id, r.article_id);
        const remap = new Int32Array(s.docCount).fill(-1);
        for (let l = 0; l < s.docCount; l++) {
          if (liveLocals.get(l) !== s.articleIds[l]) continue;
          remap[l] = articleIds.length;
          articleIds.push(s.articleIds[l]!);
          for (let f = 0; f < FIELD_COUNT; f++) {
            const len = s.fieldLens[l * FIELD_COUNT + f]!;
            lens.push(len);
            lenSums[f]! += len;
          }
        }
        remaps.push(remap);
      }
      const byTerm = new Map<string, Array<[number, Buffer]>>();
      const wordDfs = new Map<string, number>();
      pick.forEach((s, si) => {
        for (const r of this.store.readAllPostings(s.id)) {
          // df-only words (WORD_MARK): their doc frequencies add up (tombstoned docs included: an estimate)
          if (r.term.startsWith(WORD_MARK)) wordDfs.set(r.term, (wordDfs.get(r.term) ?? 0) + r.df);
          let list = byTerm.get(r.term);
          if (!list) byTerm.set(r.term, (list = []));
          list.push([si, r.data]);
        }
      });
      const pairs = new Map<number, number[]>();
      pick.forEach((s, si) => {
        const ix = this.store.readPairs(s.id);
        const remap = remaps[si]!;
        for (const h of ix.hashes) {
          let list = pairs.get(h);
          forEachPair(ix, h, (local, bits) => {
            const nl = remap[local]!;
            if (nl < 0) return;
            if (!list) pairs.set(h, (list = []));
            list.push(nl, bits);
          });
        }
      });
      const segId = this.store.write({
        analyzer,
        level,
        articleIds,
        fieldLens: Uint16Array.from(lens),
        lenSums,
        terms: [...byTerm.keys()].sort(),
        encode: (t) => {
          const wordDf = wordDfs.get(t);
          if (wordDf !== undefined) return { df: wordDf, data: encodePostings(this.writer, []) };
          const perField: number[][] = Array.from({ length: FIELD_COUNT }, () => []);
          for (const [si, data] of byTerm.get(t)!) {
            const remap = remaps[si]!;
            for (const fp of decodePostings(data)) {
              const out = perField[fp.field]!;
              for (let i = 0; i < fp.locals.length; i++) {
                const nl = remap[fp.locals[i]!]!;
                if (nl >= 0) out.push(nl, fp.tfs[i]!);
              }
            }
          }
          const seen = new Set<number>();
          for (const p of perField) for (let i = 0; i < p.length; i += 2) seen.add(p[i]!);
          if (seen.size === 0) return null; // only tombstoned docs had the term
          return { df: seen.size, data: encodePostings(this.writer, perField) };
        },
        pairs: encodePairIndex(pairs),
      });
      for (let nl = 0; nl < articleIds.length; nl++) this.moveDoc.run(segId, nl, gen, articleIds[nl]!);
      for (const s of pick) this.store.delete(s.id);
      hooks.beforeMergeCommit?.();
      this.state.set('gen', gen);
      merged = true;
    });
    run.immediate();
    this.view.refresh();
    return merged;
  }
}
