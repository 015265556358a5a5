/**
 * Scoring: candidates of one analyser group, segment by segment. BM25F (k1 1.2, b 0.75): per word, the
 * term frequencies of the fields weighted (title 3) and normalised by each field's length, summed, then
 * saturated once; a word's forms (exact, folded, stem) count as one word (its best form). Idf and average
 * lengths come from statistics summed over the group (so scores from different segments compare); every
 * required word must match (AND), excluded words drop the doc. Per doc it also counts the words found in
 * the form typed (diacritics, surface form vs stem). The segment's pair buckets then give phrase
 * candidates, the proximity tier, and which docs need a check against the stored text.
 *
 * Work per segment is bounded by the postings read: scratch arrays are reused (cleared, not allocated),
 * and when a required word is rarer than the rest, only its docs are visited to collect candidates.
 */
import { FIELD_BOOST, FIELD_COUNT, analyzerFor, type AnalyzerId } from './analysis.js';
import { TIER_ALL_PAIRS, rankKey, type CandidateSet } from './candidates.js';
import { forEachPair, type FieldPostings } from './codec.js';
import { passesFilters } from './filters.js';
import type { DocMeta } from './index-view.js';
import type { CompiledClause, GroupPlan, QueryPlan } from './planner.js';
import type { PostingCache } from './posting-cache.js';
import type { Segment } from './segments.js';

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
    if (!meta.live) continue;
    if (!passesFilters(meta, plan.filters)) continue;
    out.push(id, 0, Date.parse(meta.savedAt) || 0, analyzerFor(meta.lang), verify);
  }
}

interface ScoringSources {
  cache: PostingCache;
  /** Filter attributes per article (loaded on first use). */
  attributes: () => Map<number, DocMeta>;
}

/** Per-doc arrays for one segment at a time, grown to the largest segment and cleared per use. */
class Scratch {
  size = 0;
  score = new Float32Array(0);
  clauseScore = new Float32Array(0);
  lookupScore = new Float32Array(0);
  acc = new Int32Array(0);
  hits = new Uint8Array(0);
  forms = new Uint8Array(0);
  last = new Int16Array(0);
  formLast = new Int16Array(0);
  excluded = new Uint8Array(0);
  seen = new Uint8Array(0);
  pairMaps: Uint8Array[] = [];

  /** Ready for a segment of `size` docs: every array zeroed (last/formLast -1) up to size. */
  reset(size: number): void {
    if (size > this.score.length) {
      const n = Math.max(size, this.score.length * 2);
      this.score = new Float32Array(n);
      this.clauseScore = new Float32Array(n);
      this.lookupScore = new Float32Array(n);
      this.acc = new Int32Array(n);
      this.hits = new Uint8Array(n);
      this.forms = new Uint8Array(n);
      this.last = new Int16Array(n);
      this.formLast = new Int16Array(n);
      this.excluded = new Uint8Array(n);
      this.seen = new Uint8Array(n);
      this.pairMaps = [];
    }
    this.size = size;
    this.score.fill(0, 0, size);
    this.hits.fill(0, 0, size);
    this.forms.fill(0, 0, size);
    this.last.fill(-1, 0, size);
    this.formLast.fill(-1, 0, size);
    this.excluded.fill(0, 0, size);
    this.seen.fill(0, 0, size);
    // lookupScore and acc are left at zero after each use; clauseScore is read only where last = the clause
  }

  /** The i-th pair presence map of this segment, cleared. */
  pairMap(i: number): Uint8Array {
    let m = this.pairMaps[i];
    if (!m || m.length < this.score.length) m = this.pairMaps[i] = new Uint8Array(this.score.length);
    m.fill(0, 0, this.size);
    return m;
  }
}

const scratch = new Scratch();

/** Appends the group's candidates to `out`. */
export function scoreGroup(
  src: ScoringSources,
  analyzer: AnalyzerId,
  segs: Segment[],
  plan: GroupPlan,
  query: QueryPlan,
  out: CandidateSet,
): void {
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
  for (const seg of segs) if (seg.liveCount > 0) scoreSegment(src, analyzer, seg, plan, query, avg, idf, out);
}

function scoreSegment(
  src: ScoringSources,
  analyzer: AnalyzerId,
  seg: Segment,
  plan: GroupPlan,
  query: QueryPlan,
  avg: number[],
  idf: Map<string, number>,
  out: CandidateSet,
): void {
  const s = scratch;
  s.reset(seg.docCount);
  // the locals each required clause matched: the rarest clause drives candidate collection
  let driver: Int32Array[] | null = null;
  let driverCount = Infinity;
  for (let ci = 0; ci < plan.clauses.length; ci++) {
    const c = plan.clauses[ci]!;
    const docs = scoreClause(src, seg, c, ci, avg, idf);
    if (c.required && docs.count === 0) return; // a required word is in no doc of this segment
    if (c.required && docs.count < driverCount) {
      driver = docs.lists;
      driverCount = docs.count;
    }
  }
  const { pairs, positiveNeedsText, filters } = query;
  // adjacency: one presence map per pair term
  let maps = 0;
  const memo = new Map<number, Uint8Array | null>();
  const presence = (key: number): Uint8Array | null => {
    let m = memo.get(key);
    if (m !== undefined) return m;
    const map = s.pairMap(maps);
    m = forEachPair(src.cache.pairBucket(seg, key), key, (local, bits) => (map[local] = bits)) ? map : null;
    if (m) maps++;
    memo.set(key, m);
    return m;
  };
  const required: Array<{ m: Uint8Array; mask: number }> = [];
  for (const r of pairs.required) {
    const m = presence(r.key);
    if (!m) return;
    required.push({ m, mask: r.titleOnly ? 1 : 3 });
  }
  const prox = pairs.prox.map((k) => (k === null ? null : presence(k)));
  const proxCount = prox.length;
  const negated = pairs.negated.map((p) => ({ ms: p.keys.map(presence), mask: p.titleOnly ? 1 : 3 }));
  const { hits, excluded, forms, score, seen } = s;
  let attrs: Map<number, DocMeta> | null = null;
  const consider = (l: number) => {
    if (hits[l] !== plan.requiredCount || excluded[l] || !seg.live[l]) return;
    for (const r of required) if ((r.m[l]! & r.mask) === 0) return;
    const id = seg.articleIds[l]!;
    if (filters.length > 0) {
      const meta = (attrs ??= src.attributes()).get(id);
      if (!meta || !passesFilters(meta, filters)) return;
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
    for (let k = 0; !verify && k < negated.length; k++) {
      const ng = negated[k]!;
      verify = ng.ms.every((m) => m !== null && (m[l]! & ng.mask) !== 0);
    }
    out.push(id, rankKey(plan.requiredCount - forms[l]!, tier), score[l]! * bonus, analyzer, verify);
  };
  if (driver && driverCount < seg.docCount / 4) {
    for (const locals of driver)
      for (let i = 0; i < locals.length; i++) {
        const l = locals[i]!;
        if (seen[l]) continue;
        seen[l] = 1;
        consider(l);
      }
  } else for (let l = 0; l < seg.docCount; l++) consider(l);
}

/**
 * Scores one clause into the scratch arrays (score, hits, forms; excluded for a negated word). Returns the
 * posting lists it matched (their locals) and their total length.
 *
 * One pass per posting list: a clause's common word has a list as long as the archive, so the per-posting
 * work is what a query costs. A lookup's shorter field lists (title, tags, notes) are summed into
 * lookupScore first; its longest list then finishes each doc's BM25F sum, saturates it and keeps the best
 * lookup's score in clauseScore, adding only the improvement to score (no separate pass to add or clear).
 */
function scoreClause(
  src: ScoringSources,
  seg: Segment,
  c: CompiledClause,
  ci: number,
  avg: number[],
  idf: Map<string, number>,
): { lists: Int32Array[]; count: number } {
  const s = scratch;
  const { excluded } = s;
  const lists: Int32Array[] = [];
  let count = 0;
  // the typed form is one of the lookups themselves (no minus terms): counted while scoring
  const formKeys = c.forms && c.forms.minus.length === 0 ? new Set(c.forms.plus) : null;
  const inline = formKeys !== null && [...formKeys].every((k) => c.lookups.some((l) => l.key === k));
  const lens = seg.fieldLens;
  const wanted: FieldPostings[] = [];
  for (const l of c.lookups) {
    const p = src.cache.get(seg, l.key);
    if (!p) continue;
    wanted.length = 0;
    for (const fp of p.fields) {
      if (!c.fields.includes(fp.field)) continue;
      wanted.push(fp);
      lists.push(fp.locals);
      count += fp.locals.length;
    }
    if (wanted.length === 0) continue;
    if (!c.required) {
      for (const fp of wanted) for (let i = 0; i < fp.locals.length; i++) excluded[fp.locals[i]!] = 1;
      continue;
    }
    const w = l.weight * idf.get(l.key)! * (K1 + 1);
    const countForm = c.forms === null || (inline && formKeys!.has(l.key));
    // the longest list last: the others' contributions wait for it in lookupScore
    let longest = 0;
    for (let x = 1; x < wanted.length; x++)
      if (wanted[x]!.locals.length > wanted[longest]!.locals.length) longest = x;
    for (let x = 0; x < wanted.length; x++)
      if (x !== longest) addFieldScores(s, wanted[x]!, lens, avg[wanted[x]!.field]!);
    const { field, locals, tfs } = wanted[longest]!;
    finishLongest(s, locals, tfs, lens, field, avg[field]!, wanted.length > 1, w, ci, countForm);
    // docs in a shorter list only
    for (let x = 0; x < wanted.length; x++)
      if (x !== longest) finishRest(s, wanted[x]!.locals, w, ci, countForm);
  }
  if (c.required && c.forms && c.forms.plus.length > 0 && !inline) countTypedForms(src, seg, c, ci);
  return { lists, count };
}

/** A field list that is not its lookup's longest: its BM25F part, kept in lookupScore for finishLongest. */
function addFieldScores(s: Scratch, fp: FieldPostings, lens: Uint16Array, avgLen: number): void {
  const { field, locals, tfs } = fp;
  const { lookupScore } = s;
  const boost = FIELD_BOOST[field]!;
  const lenMul = B / (avgLen || 1);
  for (let i = 0; i < locals.length; i++) {
    const local = locals[i]!;
    lookupScore[local]! += (boost * tfs[i]!) / (1 - B + lenMul * lens[local * FIELD_COUNT + field]!);
  }
}

/**
 * A lookup's longest list: each doc's BM25F sum finished (plus what addFieldScores left), saturated once
 * (k1: a title match adds to the body's instead of swamping it), and the word's best form kept as its
 * score. Its own function, called with the same types every time, so the engine optimises it once: this
 * loop runs once per posting of every word of every query.
 */
function finishLongest(
  s: Scratch,
  locals: Int32Array,
  tfs: Uint16Array,
  lens: Uint16Array,
  field: number,
  avgLen: number,
  others: boolean,
  w: number,
  ci: number,
  countForm: boolean,
): void {
  const { lookupScore } = s;
  const boost = FIELD_BOOST[field]!;
  const lenMul = B / (avgLen || 1);
  for (let i = 0; i < locals.length; i++) {
    const local = locals[i]!;
    let t = (boost * tfs[i]!) / (1 - B + lenMul * lens[local * FIELD_COUNT + field]!);
    if (others) {
      t += lookupScore[local]!;
      lookupScore[local] = 0;
    }
    keepBest(s, local, (w * t) / (t + K1), ci, countForm);
  }
}

/** The docs of a shorter list that the longest did not have: their sum in lookupScore, finished the same way. */
function finishRest(s: Scratch, locals: Int32Array, w: number, ci: number, countForm: boolean): void {
  const { lookupScore } = s;
  for (let i = 0; i < locals.length; i++) {
    const local = locals[i]!;
    const t = lookupScore[local]!;
    if (t === 0) continue;
    lookupScore[local] = 0;
    keepBest(s, local, (w * t) / (t + K1), ci, countForm);
  }
}

/**
 * A doc's saturated score `sc` for one lookup of clause `ci`: the first lookup to match counts the clause
 * for the doc, a later one only raises it to its best form (score grows by the improvement).
 */
function keepBest(s: Scratch, local: number, sc: number, ci: number, countForm: boolean): void {
  const { score, clauseScore, hits, forms, last, formLast } = s;
  if (last[local] !== ci) {
    last[local] = ci;
    hits[local]!++;
    clauseScore[local] = sc;
    score[local]! += sc;
  } else if (sc > clauseScore[local]!) {
    score[local]! += sc - clauseScore[local]!;
    clauseScore[local] = sc;
  }
  if (countForm && formLast[local] !== ci) {
    formLast[local] = ci;
    forms[local]!++;
  }
}

/** Counts the clause's typed form per doc: tf of the plus terms minus the minus terms' (its fields). */
function countTypedForms(src: ScoringSources, seg: Segment, c: CompiledClause, ci: number): void {
  const { acc, forms, formLast } = scratch;
  const touched: Int32Array[] = [];
  for (const [sign, keys] of [
    [1, c.forms!.plus],
    [-1, c.forms!.minus],
  ] as const) {
    for (const key of keys) {
      const p = src.cache.get(seg, key);
      if (!p) continue;
      for (const fp of p.fields) {
        if (!c.fields.includes(fp.field)) continue;
        for (let i = 0; i < fp.locals.length; i++) acc[fp.locals[i]!]! += sign * fp.tfs[i]!;
        touched.push(fp.locals);
      }
    }
  }
  for (const locals of touched)
    for (let i = 0; i < locals.length; i++) {
      const local = locals[i]!;
      if (acc[local]! > 0 && formLast[local] !== ci) {
        formLast[local] = ci;
        forms[local]!++;
      }
    }
  for (const locals of touched) for (let i = 0; i < locals.length; i++) acc[locals[i]!] = 0;
}
