/**
 * The synchronous search core: one better-sqlite3 connection, and the parts that share it (README.md shows
 * how a query and a save flow through them). Runs in the search worker (or in-process for tests / CLI).
 */
import type Database from 'better-sqlite3';
import { ANALYZER_IDS, pairHash, type AnalyzerId } from './analysis.js';
import { CandidateSet, type Candidate } from './candidates.js';
import { forEachPair } from './codec.js';
import { SearchState, openSearchDb } from './connection.js';
import { Lexicon } from './corrector.js';
import { TagNames } from './filters.js';
import { HitBuilder } from './hits.js';
import { IndexView } from './index-view.js';
import { BATCH_SIZE, Indexer } from './indexer.js';
import { Merger, pickMerge, type MergeHooks } from './merger.js';
import { compileGroup, planQuery, type GroupPlan, type QueryPlan } from './planner.js';
import { PostingCache } from './posting-cache.js';
import { parseQuery } from './query.js';
import { RUN_VERIFY, StoredTexts, VERIFY_BUDGET, promoteExactRuns, verifyPhrases } from './run-checks.js';
import { filterOnlyCandidates, scoreGroup } from './scoring.js';
import { SegmentStore, type Segment } from './segments.js';
import type { SearchOptions, SearchResults, SearchStats } from './types.js';

export class SearchCore {
  readonly db: Database.Database;
  /** Test seams (see MergeHooks). */
  hooks: MergeHooks = {};
  private readonly store: SegmentStore;
  private readonly view: IndexView;
  private readonly cache: PostingCache;
  private readonly texts: StoredTexts;
  private readonly indexer: Indexer;
  private readonly merger: Merger;
  private readonly hits: HitBuilder;
  private readonly tagNames: TagNames;
  /** The vocabulary for typo corrections, built on first use after an index change. */
  private lexicon: Lexicon | null = null;

  constructor(dbFile: string, opts: { nativeBinding?: string } = {}) {
    this.db = openSearchDb(dbFile, opts.nativeBinding);
    const state = new SearchState(this.db);
    this.store = new SegmentStore(this.db);
    this.cache = new PostingCache(this.store);
    this.texts = new StoredTexts(this.db);
    this.view = new IndexView(this.db, this.store, state, ({ reset, dropped }) => {
      this.texts.clear();
      this.lexicon = null;
      if (reset) this.cache.clear();
      for (const id of dropped) this.cache.dropSegment(id);
    });
    this.indexer = new Indexer(this.db, this.store, this.view, state);
    this.merger = new Merger(this.db, this.store, this.view, state);
    this.hits = new HitBuilder(this.db);
    this.tagNames = new TagNames(this.db);
    this.view.refresh();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Brings the in-memory view (segment headers, doc table) up to date with the database. */
  refresh(): void {
    this.view.refresh();
  }

  // ---- saves: dirty rows -> new segments -> merges ----------------------------------------------------

  dirtyCount(): number {
    return this.indexer.dirtyCount();
  }

  /** Indexes up to `limit` dirty articles into new level-0 segments in one transaction. Returns how many. */
  catchUpBatch(limit = BATCH_SIZE): number {
    return this.indexer.catchUpBatch(limit);
  }

  /** Indexes every dirty article now. */
  catchUpAll(onBatch?: () => void): number {
    let total = 0;
    for (;;) {
      const n = this.indexer.catchUpBatch();
      total += n;
      if (n === 0) break;
      onBatch?.();
    }
    this.view.refresh();
    return total;
  }

  /** The segments that the tiered policy would merge next, or null. */
  pickMerge(force = false): Segment[] | null {
    return pickMerge(this.view.segments.values(), force);
  }

  /** Merges one group of segments (`force`: each analyser's segments into one). Returns whether it merged. */
  mergeStep(force = false): boolean {
    return this.merger.mergeStep(force, this.hooks);
  }

  /** Runs merges until the tiered policy is satisfied (or, with force, one segment per analyser). */
  mergeAll(force = false): number {
    let n = 0;
    while (this.mergeStep(force)) n++;
    return n;
  }

  /** Drops every segment and marks every article dirty (one transaction). Indexing then runs via catch-up. */
  resetIndex(): number {
    return this.indexer.resetIndex();
  }

  stats(): SearchStats {
    this.view.refresh();
    return this.view.stats();
  }

  // ---- queries: parse -> plan -> expand -> score -> run checks -> hits -----------------------------------

  search(input: string, opts: SearchOptions = {}): SearchResults {
    const t0 = performance.now();
    const parsed = parseQuery(input);
    this.view.refresh();
    const limit = Math.max(0, Math.min(opts.limit ?? 20, 1000));
    const offset = Math.max(0, opts.offset ?? 0);
    if (parsed.nodes.length === 0)
      return { query: input, total: 0, hits: [], took_ms: performance.now() - t0 };
    const planOpts = { prefixLast: opts.prefix_last === true };
    const plan = planQuery(parsed, planOpts);
    this.tagNames.check(plan.filters);
    const need = offset + limit;
    const typed = this.match(plan);
    const ranked = this.rank(typed, plan, need);

    // words that match nothing (or very little): the closest words of the archive, ranked below
    let corrected: SearchResults['corrected'];
    let extra: { list: Candidate[]; total: number; plans: Map<AnalyzerId, GroupPlan | null> } | null = null;
    const fixes = opts.correct === false ? [] : this.corrections(plan, typed.plans);
    if (fixes.length > 0) {
      let text = parsed.text;
      for (const f of [...fixes].sort((a, b) => b.span[0] - a.span[0]))
        text = text.slice(0, f.span[0]) + f.to + text.slice(f.span[1]);
      const plan2 = planQuery(parseQuery(text), planOpts);
      const second = this.match(plan2);
      const seen = typed.set.idSet();
      const more = this.rank(second, plan2, need + Math.min(seen.size, need));
      const list = more.list.filter((c) => !seen.has(c.id));
      const total = Math.max(list.length, more.total - countIn(second.set.idSet(), seen));
      if (total > 0) {
        corrected = { query: text, from: parsed.text, words: fixes.map(({ from, to }) => ({ from, to })) };
        extra = { list, total, plans: second.plans };
      }
    }

    const page = ranked.list.slice(offset, offset + limit);
    const hits = page.map((c) => this.hits.build(c, typed.plans.get(c.analyzer) ?? null));
    if (extra && hits.length < limit) {
      const from = Math.max(0, offset - ranked.list.length);
      for (const c of extra.list.slice(from, from + limit - hits.length))
        hits.push(this.hits.build(c, extra.plans.get(c.analyzer) ?? null, true));
    }
    return {
      query: input,
      total: ranked.total + (extra?.total ?? 0),
      hits,
      took_ms: performance.now() - t0,
      ...(corrected ? { corrected } : {}),
    };
  }

  /** Every doc matching a plan, scored, per analyser group. */
  private match(plan: QueryPlan): { set: CandidateSet; plans: Map<AnalyzerId, GroupPlan | null> } {
    const set = new CandidateSet();
    const plans = new Map<AnalyzerId, GroupPlan | null>();
    if (!plan.hasTextQuery) {
      filterOnlyCandidates(this.view.docs, plan, set);
      return { set, plans };
    }
    const groups = this.view.byAnalyzer();
    const sources = { store: this.store, cache: this.cache, docs: this.view.docs };
    for (const analyzer of ANALYZER_IDS) {
      const segs = groups.get(analyzer);
      if (!segs || segs.length === 0) continue;
      const group = compileGroup(this.store, analyzer, segs, plan.units);
      plans.set(analyzer, group);
      if (group) scoreGroup(sources, analyzer, segs, group, plan, set);
    }
    return { set, plans };
  }

  /**
   * The best `need` matches in rank order (typed forms, words standing together, BM25), with run
   * promotion and phrase verification, and the total (estimated when phrases were not all verified).
   */
  private rank(
    m: { set: CandidateSet },
    plan: QueryPlan,
    need: number,
  ): { list: Candidate[]; total: number } {
    const { set } = m;
    let k = need + RUN_VERIFY + (plan.phrases.length > 0 ? VERIFY_BUDGET : 0);
    for (;;) {
      const list = set.top(k);
      // a phrase is verified against the text below anyway, and every kept candidate contains it
      if (plan.phrases.every((p) => p.negated)) promoteExactRuns(list, plan, this.texts);
      if (plan.phrases.length === 0) return { list, total: set.size };
      const all = { matches: set.size, matchesToVerify: set.verifyCount() };
      const v = verifyPhrases(list, all, plan.phrases, need, this.texts);
      if (!v.exhausted || k >= set.size) return { list: v.kept, total: v.total };
      k *= 4;
    }
  }

  /**
   * Plain words that match nothing, or very little next to a close word of the archive, and their
   * corrections (the lexicon is built on first use after an index change).
   */
  private corrections(
    plan: QueryPlan,
    plans: Map<AnalyzerId, GroupPlan | null>,
  ): Array<{ span: [number, number]; from: string; to: string }> {
    const out: Array<{ span: [number, number]; from: string; to: string }> = [];
    const groups = this.view.byAnalyzer();
    const adjacent = (a: string, b: string) => {
      const h = pairHash(a, b);
      for (const seg of this.view.segments.values())
        if (seg.liveCount > 0 && forEachPair(this.store.pairsOf(seg), h, () => undefined)) return true;
      return false;
    };
    plan.units.forEach((u, ui) => {
      if (!u.correctable || !u.span) return;
      let df = 0;
      for (const [analyzer, group] of plans) {
        const clause = group?.clauses.find((c) => c.unit === ui);
        if (!clause) return; // a stop word of this group's language: no typo
        for (const l of clause.lookups)
          for (const s of groups.get(analyzer) ?? []) df += this.cache.get(s, l.key)?.df ?? 0;
      }
      if (plans.size === 0 || df > VERY_LITTLE) return;
      this.lexicon ??= new Lexicon(this.store, groups);
      const at = plan.proxUnits.indexOf(u);
      const neighbours = [
        ...(at > 0 ? [{ word: plan.proxUnits[at - 1]!.text, before: true }] : []),
        ...(at >= 0 && at + 1 < plan.proxUnits.length
          ? [{ word: plan.proxUnits[at + 1]!.text, before: false }]
          : []),
      ];
      const sug = this.lexicon.suggest(u.text, { neighbours, adjacent });
      if (!sug || (df > 0 && sug.df < RARE_RATIO * df)) return;
      out.push({ span: u.span, from: u.text, to: sug.words.join(' ') });
    });
    return out;
  }
}

/** A word in at most this many docs (summed over its forms) may be a typo of a far more frequent word. */
const VERY_LITTLE = 3;
/** ... when the correction is in at least this many times as many docs. */
const RARE_RATIO = 5;

function countIn(ids: Set<number>, other: Set<number>): number {
  let n = 0;
  for (const id of ids) if (other.has(id)) n++;
  return n;
}
