/**
 * Merges and the policy that picks them. Tiered (Lucene-like): MERGE_FACTOR segments of the same analyser
 * and level become one of the next level, so a doc is rewritten about log8(N / batch) times and an archive
 * keeps few segments per analyser. The merge copies each term's lists and each pair's lists with only
 * their first delta re-encoded (codec.ts), remapping only segments that hold deleted docs, term by term
 * and pair bucket by pair bucket. The merged segment, the doc moves and the deletion of the inputs commit
 * in one transaction: a crash before the commit leaves the old segments.
 */
import type Database from 'better-sqlite3';
import { FIELD_COUNT, WORD_MARK } from './analysis.js';
import {
  PairBucketWriter,
  VarintWriter,
  decodePairBucket,
  encodePostings,
  mergePairLists,
  mergePostings,
  pairList,
  type MergeInput,
  type PairBucket,
} from './codec.js';
import type { SearchState } from './connection.js';
import type { IndexView } from './index-view.js';
import { bucketOf, pairBucketBits } from './segment-builder.js';
import type { NewSegment, Segment, SegmentStore } from './segments.js';
import { lowerBound } from './sorted.js';

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

/** Where an input segment's docs go: locals shift by `offset`, or through `remap` (-1: dropped). */
interface InputMap {
  seg: Segment;
  offset: number;
  remap: Int32Array | null;
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
      // live docs as of this transaction
      const maps: InputMap[] = [];
      const articleIds: number[] = [];
      const lens: number[] = [];
      const lenSums = new Array<number>(FIELD_COUNT).fill(0);
      for (const s of pick) {
        const liveLocals = new Map<number, number>();
        for (const r of this.liveInSegment.all(s.id) as Array<{ article_id: number; local_id: number }>)
          liveLocals.set(r.local_id, r.article_id);
        const offset = articleIds.length;
        const remap = new Int32Array(s.docCount).fill(-1);
        let all = true;
        for (let l = 0; l < s.docCount; l++) {
          if (liveLocals.get(l) !== s.articleIds[l]) {
            all = false;
            continue;
          }
          remap[l] = articleIds.length;
          articleIds.push(s.articleIds[l]!);
          for (let f = 0; f < FIELD_COUNT; f++) {
            const len = s.fieldLens[l * FIELD_COUNT + f]!;
            lens.push(len);
            lenSums[f]! += len;
          }
        }
        maps.push({ seg: s, offset, remap: all ? null : remap });
      }
      const segId = this.store.write({
        analyzer: pick[0]!.analyzer,
        level: Math.max(...pick.map((s) => s.level)) + 1,
        articleIds,
        fieldLens: Uint16Array.from(lens),
        lenSums,
        ...this.mergeTerms(maps),
        ...this.mergePairs(maps),
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

  /** Every term of the inputs, its lists merged in segment order. */
  private mergeTerms(maps: InputMap[]): Pick<NewSegment, 'terms' | 'encode'> {
    const byTerm = new Map<string, MergeInput[]>();
    for (const m of maps) {
      for (const r of this.store.readAllPostings(m.seg.id)) {
        let list = byTerm.get(r.term);
        if (!list) byTerm.set(r.term, (list = []));
        list.push({ data: r.data, df: r.df, offset: m.offset, remap: m.remap });
      }
    }
    return {
      terms: [...byTerm.keys()].sort(),
      encode: (t) => {
        const inputs = byTerm.get(t)!;
        // df-only words: their doc frequencies add up (tombstoned docs included: an estimate)
        if (t.startsWith(WORD_MARK)) {
          let df = 0;
          for (const i of inputs) df += i.df;
          return { df, data: encodePostings(this.writer, []) };
        }
        return mergePostings(this.writer, inputs);
      },
    };
  }

  /** The inputs' pair buckets merged, output bucket by output bucket (each input bucket read once). */
  private mergePairs(maps: InputMap[]): Pick<NewSegment, 'pairBits' | 'pairBuckets'> {
    let bytes = 0;
    for (const m of maps) bytes += m.seg.pairBytes;
    const bits = pairBucketBits(bytes);
    const out: Array<{ bucket: number; data: Buffer }> = [];
    const writer = new PairBucketWriter();
    const cursors = maps.map((m) => ({ map: m, bucket: -1, data: null as PairBucket | null }));
    for (let b = 0; b < 2 ** bits; b++) {
      const lo = bits === 0 ? 0 : b * 2 ** (32 - bits);
      const hi = bits === 0 ? 2 ** 32 : (b + 1) * 2 ** (32 - bits);
      // entries (hash, input, list) of every input in [lo, hi)
      const entries: Array<{ hash: number; input: number; list: Uint8Array }> = [];
      cursors.forEach((c, input) => {
        const ib = c.map.seg.pairBits;
        const first = bucketOf(lo, ib);
        const last = bucketOf(hi - 1, ib);
        for (let x = first; x <= last; x++) {
          if (c.bucket !== x) {
            const raw = this.store.readPairBucket(c.map.seg.id, x);
            c.bucket = x;
            c.data = raw ? decodePairBucket(raw) : null;
          }
          const d = c.data;
          if (!d) continue;
          for (let i = lowerBound(d.hashes, lo); i < d.hashes.length && d.hashes[i]! < hi; i++)
            entries.push({ hash: d.hashes[i]!, input, list: pairList(d, i) });
        }
      });
      entries.sort((p, q) => p.hash - q.hash || p.input - q.input);
      for (let i = 0; i < entries.length;) {
        let j = i;
        while (j < entries.length && entries[j]!.hash === entries[i]!.hash) j++;
        const lists = entries.slice(i, j).map((e) => ({
          list: e.list,
          offset: maps[e.input]!.offset,
          remap: maps[e.input]!.remap,
        }));
        const merged = mergePairLists(this.writer, lists);
        if (merged.length > 0) writer.add(entries[i]!.hash, merged);
        i = j;
      }
      if (writer.size > 0) out.push({ bucket: b, data: writer.finish() });
    }
    return { pairBits: bits, pairBuckets: out };
  }
}
