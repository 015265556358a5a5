/**
 * Scoring: candidates of one analyser group, segment by segment. BM25F (k1 1.2, b 0.75): per word, the
 * term frequencies of the fields weighted (title 3) and normalised by each field's length, summed, then
 * saturated once; a word's forms (exact, folded, stem) count as one word (its best form). Idf and average
 * lengths from
 * statistics summed over the group (so scores from different segments compare); every required word must
 * match (AND), excluded words drop the doc. Per doc it also counts the words found in the form typed
 * (diacritics, surface form vs stem). The segment's pair index then gives phrase candidates, the proximity
 * tier, and which docs need a check against the stored text.
 */
import { FIELD_BOOST, FIELD_COUNT, analyzerFor, type AnalyzerId } from './analysis.js';
import type { CandidateSet } from './candidates.js';
import { TIER_ALL_PAIRS, rankKey } from './candidates.js';
import { forEachPair } from './codec.js';
import { passesFilters } from './filters.js';
import type { DocMeta } from './index-view.js';
import type { GroupPlan, QueryPlan } from './planner.js';
import type { PostingCache } from './posting-cache.js';
import type { Segment, SegmentStore } from './segments.js';

const K1 = 1.2;
const B = 0.75;
/**
 * Some but not all adjacent query-word pairs adjacent: the score grows by up to this factor (all pairs
 * adjacent is a rank key of its own, TIER_ALL_PAIRS). A bonus, not a key: with several ordinary words,
 * how often and where they occur (BM25) says more than one pair that happens to stand together.
 */
const PARTIAL_PROXIMITY = 0.25;

/** A query of filters only: every live doc that passes them; newest saved first (score = time saved). */
export function filterOnlyCandidates(docs: Map<number, DocMeta>, plan: QueryPlan, out: CandidateSet): void {
  const verify = plan.pairs.negated.length > 0;
  for (const [id, meta] of docs) {
    if (meta.deleted || meta.segmentId === null) continue;
    if (!passesFilters(meta, plan.filters)) continue;
    out.push(id, 0, Date.parse(meta.savedAt) || 0, analyzerFor(meta.lang), verify);
  }
}

interface ScoringSources {
  store: SegmentStore;
  cache: PostingCache;
  docs: Map<number, DocMeta>;
}

/** Appends the group's candidates to `out`. */
export function scoreGroup(
  src: ScoringSources,
  analyzer: AnalyzerId,
  segs: Segment[],
  plan: GroupPlan,
  query: QueryPlan,
  out: CandidateSet,
): void {
  const { pairs, positiveNeedsText, filters } = query;
  // group statistics so that scores from different segments are comparable (global BM25)
  let n = 0;
  let docs = 0;
  const sums = new Array<number>(FIELD_COUNT).fill(0);
  for (const s of segs) {
    n += s.liveCount;
    docs += s.docCount;
    for (let f = 0; f < FIELD_COUNT; f++) sums[f]! += s.lenSums[f] ?? 0;
  }
  if (n === 0) return;
  const avg = sums.map((x) => (docs > 0 ? x / docs : 0));
  // idf per lookup key from the group's summed doc frequencies
  const idf = new Map<string, number>();
  for (const c of plan.clauses) {
    for (const l of c.lookups) {
      if (idf.has(l.key)) continue;
      let df = 0;
      for (const s of segs) df += src.cache.get(s, l.key)?.df ?? 0;
      idf.set(l.key, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
  }
  const proxCount = pairs.prox.length;
  for (const seg of segs) {
    if (seg.liveCount === 0) continue;
    const size = seg.docCount;
    const score = new Float32Array(size);
    // per clause: its best lookup's score per doc (a word's forms are one word: "đất" and ~dat overlap)
    const clauseScore = new Float32Array(size);
    const lookupScore = new Float32Array(size);
    const hits = new Uint8Array(size);
    const forms = new Uint8Array(size);
    const last = new Int16Array(size).fill(-1);
    const formLast = new Int16Array(size).fill(-1);
    const excluded = new Uint8Array(size);
    let acc: Int32Array | null = null;
    let anyRequiredMissing = false;
    plan.clauses.forEach((c, ci) => {
      let matchedAny = false;
      const clauseDocs: Int32Array[] = [];
      for (const l of c.lookups) {
        const p = src.cache.get(seg, l.key);
        if (!p) continue;
        const w = l.weight * idf.get(l.key)!;
        const lookupDocs: Int32Array[] = [];
        for (const fp of p.fields) {
          if (!c.fields.includes(fp.field)) continue;
          matchedAny = true;
          const { locals, tfs } = fp;
          if (!c.required) {
            for (let i = 0; i < locals.length; i++) excluded[locals[i]!] = 1;
            continue;
          }
          // BM25F: each field's tf, weighted and normalised by the field's length, summed
          const boost = FIELD_BOOST[fp.field]!;
          const lenMul = B / (avg[fp.field]! || 1);
          const countForm = c.forms === null;
          for (let i = 0; i < locals.length; i++) {
            const local = locals[i]!;
            const tf = tfs[i]!;
            const len = seg.fieldLens[local * FIELD_COUNT + fp.field]!;
            lookupScore[local]! += (boost * tf) / (1 - B + lenMul * len);
            // count each clause once per doc, whichever of its lookups and fields matched
            if (last[local] !== ci) {
              last[local] = ci;
              hits[local]!++;
              if (countForm) forms[local]!++;
            }
          }
          lookupDocs.push(locals);
        }
        // then one saturation per word (k1), so a title match adds to the body's, it does not swamp it
        for (const locals of lookupDocs)
          for (let i = 0; i < locals.length; i++) {
            const local = locals[i]!;
            const t = lookupScore[local]!;
            if (t === 0) continue;
            const sc = (w * t * (K1 + 1)) / (t + K1);
            if (sc > clauseScore[local]!) clauseScore[local] = sc;
            lookupScore[local] = 0;
          }
        clauseDocs.push(...lookupDocs);
      }
      for (const locals of clauseDocs)
        for (let i = 0; i < locals.length; i++) {
          const local = locals[i]!;
          score[local]! += clauseScore[local]!;
          clauseScore[local] = 0;
        }
      if (c.required && !matchedAny) anyRequiredMissing = true;
      if (!c.required || !c.forms || c.forms.plus.length === 0) return;
      // the typed form: tf of the plus terms minus tf of the minus terms, in the clause's fields
      acc ??= new Int32Array(size);
      const touched: Int32Array[] = [];
      for (const [sign, list] of [
        [1, c.forms.plus],
        [-1, c.forms.minus],
      ] as const) {
        for (const key of list) {
          const p = src.cache.get(seg, key);
          if (!p) continue;
          for (const fp of p.fields) {
            if (!c.fields.includes(fp.field)) continue;
            for (let i = 0; i < fp.locals.length; i++) acc[fp.locals[i]!]! += sign * fp.tfs[i]!;
            touched.push(fp.locals);
          }
        }
      }
      for (const locals of touched) {
        for (let i = 0; i < locals.length; i++) {
          const local = locals[i]!;
          if (acc[local]! > 0 && formLast[local] !== ci) {
            formLast[local] = ci;
            forms[local]!++;
          }
        }
      }
      for (const locals of touched) for (let i = 0; i < locals.length; i++) acc[locals[i]!] = 0;
    });
    if (anyRequiredMissing) continue;
    // adjacency: one presence map per pair term
    const memo = new Map<number, Uint8Array | null>();
    const presence = (key: number) => pairPresence(src.cache, seg, key, memo);
    const required: Array<{ m: Uint8Array; mask: number }> = [];
    for (const r of pairs.required) {
      const m = presence(r.key);
      if (!m) {
        anyRequiredMissing = true;
        break;
      }
      required.push({ m, mask: r.titleOnly ? 1 : 3 });
    }
    if (anyRequiredMissing) continue;
    const prox = pairs.prox.map((k) => (k === null ? null : presence(k)));
    const negated = pairs.negated.map((p) => ({ ms: p.keys.map(presence), mask: p.titleOnly ? 1 : 3 }));
    for (let l = 0; l < size; l++) {
      if (hits[l] !== plan.requiredCount || excluded[l] || !seg.live[l]) continue;
      let ok = true;
      for (const r of required) {
        if ((r.m[l]! & r.mask) === 0) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const id = seg.articleIds[l]!;
      if (filters.length > 0) {
        const meta = src.docs.get(id);
        if (!meta || !passesFilters(meta, filters)) continue;
      }
      let tier = 0;
      let bonus = 1;
      if (proxCount > 0) {
        let present = 0;
        for (const m of prox) if (m && m[l]) present++;
        if (present === proxCount) tier = TIER_ALL_PAIRS;
        else bonus = 1 + (PARTIAL_PROXIMITY * present) / proxCount;
      }
      // a negated phrase can only be in the text if all its pairs are
      let verify = positiveNeedsText;
      if (!verify) {
        for (const ng of negated) {
          let all = true;
          for (const m of ng.ms) {
            if (!m || (m[l]! & ng.mask) === 0) {
              all = false;
              break;
            }
          }
          if (all) {
            verify = true;
            break;
          }
        }
      }
      out.push(id, rankKey(plan.requiredCount - forms[l]!, tier), score[l]! * bonus, analyzer, verify);
    }
  }
}

/** Per local doc: bit 1 = the pair is in the title, bit 2 = in the body; null if no doc has it. */
function pairPresence(
  cache: PostingCache,
  seg: Segment,
  key: number,
  memo: Map<number, Uint8Array | null>,
): Uint8Array | null {
  let m = memo.get(key);
  if (m !== undefined) return m;
  const out = new Uint8Array(seg.docCount);
  m = forEachPair(cache.pairBucket(seg, key), key, (local, bits) => (out[local] = bits)) ? out : null;
  memo.set(key, m);
  return m;
}
