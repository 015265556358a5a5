/**
 * The synchronous search core: one better-sqlite3 connection, and the parts that share it (README.md shows
 * how a query and a save flow through them). Runs in the search worker (or in-process for tests / CLI).
 */
import type Database from 'better-sqlite3';
import { ANALYZER_IDS, type AnalyzerId } from './analysis.js';
import { CandidateSet, isComplete, type Candidate } from './candidates.js';
import { SearchState, openSearchDb } from './connection.js';
import { TagNames } from './filters.js';
import { HitBuilder } from './hits.js';
import { IndexView } from './index-view.js';
import { Indexer } from './indexer.js';
import { Merger, pickMerge, type MergeHooks } from './merger.js';
import { compileGroup, planQuery, type GroupPlan, type QueryPlan } from './planner.js';
import { PostingCache } from './posting-cache.js';
import { parseQuery } from './query.js';
import { RUN_VERIFY, StoredTexts, VERIFY_BUDGET, promoteExactRuns, verifyPhrases } from './run-checks.js';
import { filterOnlyCandidates, scoreGroup } from './scoring.js';
import { TypoFixer, applyFixes } from './typo-fixes.js';
import { SegmentStore, type Segment } from './segments.js';
import type { SearchOptions, SearchResults, SearchStats } from './types.js';

/** Every doc matching a plan, and the plan compiled per analyser group. */
interface Matches {
  set: CandidateSet;
  plans: Map<AnalyzerId, GroupPlan | null>;
}

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
  private readonly typos: TypoFixer;

  constructor(dbFile: string, opts: { nativeBinding?: string } = {}) {
    this.db = openSearchDb(dbFile, opts.nativeBinding);
    const state = new SearchState(this.db);
    this.store = new SegmentStore(this.db);
    this.cache = new PostingCache(this.store);
    this.typos = new TypoFixer(this.store, this.cache);
    this.texts = new StoredTexts(this.db);
    this.view = new IndexView(this.db, this.store, state, ({ reset, dropped }) => {
      this.texts.clear();
      this.typos.invalidate();
      if (reset) this.cache.clear();
      for (const id of dropped) this.cache.dropSegment(id);
    });
    this.indexer = new Indexer(this.db, this.store, this.view, state);
    this.merger = new Merger(this.db, this.store, this.view, state);
    this.hits = new HitBuilder(this.db, this.texts);
    this.tagNames = new TagNames(this.db);
    this.indexer.ensureFormat();
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

  /** Indexes up to `limit` dirty articles (default: by backlog) into new level-0 segments. Returns how many. */
  catchUpBatch(limit?: number): number {
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
    const done = (r: Omit<SearchResults, 'query' | 'took_ms'>): SearchResults => ({
      query: input,
      ...r,
      took_ms: performance.now() - t0,
    });
    if (parsed.nodes.length === 0) return done({ total: 0, hits: [] });
    const planOpts = { prefixLast: opts.prefix_last === true };
    const plan = planQuery(parsed, planOpts);
    this.tagNames.check(plan.filters);
    const need = offset + limit;
    const typed = this.match(plan);
    const fixes =
      opts.correct === false || !plan.hasTextQuery
        ? []
        : this.typos.find(plan, typed.plans, this.view.byAnalyzer());
    if (fixes.length > 0) {
      // words that match nothing (or very little) as typed: the corrected query's hits rank below
      // those with every word in its typed form, above the rest
      const text = applyFixes(parsed.text, fixes);
      const plan2 = planQuery(parseQuery(text), planOpts);
      const fixed = this.match(plan2);
      if (fixed.set.size > 0) {
        const { list, total, corrected } = this.mergeCorrected(typed, plan, fixed, plan2, need);
        const hits = list
          .slice(offset, need)
          .map(({ c, from, corrected: only }) => this.hits.build(c, from.get(c.analyzer) ?? null, only));
        const words = fixes.map(({ from, to }) => ({ from, to }));
        return done({
          total,
          hits,
          ...(corrected ? { corrected: { query: text, from: parsed.text, words } } : {}),
        });
      }
    }
    const ranked = this.rank(typed, plan, need);
    const hits = ranked.list
      .slice(offset, need)
      .map((c) => this.hits.build(c, typed.plans.get(c.analyzer) ?? null));
    return done({ total: ranked.total, hits });
  }

  /**
   * Hits as typed (every word in its typed form) first, then the corrected query's, then the rest as
   * typed; `corrected` on a hit: found only through a corrected word.
   */
  private mergeCorrected(
    typed: Matches,
    plan: QueryPlan,
    fixed: Matches,
    plan2: QueryPlan,
    need: number,
  ): {
    list: Array<{ c: Candidate; from: Map<AnalyzerId, GroupPlan | null>; corrected: boolean }>;
    total: number;
    corrected: boolean;
  } {
    const typedIds = typed.set.idSet();
    const fixedIds = fixed.set.idSet();
    const complete = this.rank(typed, plan, need).list.filter((c) => isComplete(c.rank));
    const completeIds = new Set(complete.map((c) => c.id));
    const list: Array<{ c: Candidate; from: Map<AnalyzerId, GroupPlan | null>; corrected: boolean }> = [];
    for (const c of complete) list.push({ c, from: typed.plans, corrected: false });
    for (const c of this.rank(fixed, plan2, need + completeIds.size).list)
      if (!completeIds.has(c.id)) list.push({ c, from: fixed.plans, corrected: !typedIds.has(c.id) });
    if (list.length < need)
      for (const c of this.rank(typed, plan, need + fixedIds.size).list)
        if (!completeIds.has(c.id) && !fixedIds.has(c.id))
          list.push({ c, from: typed.plans, corrected: false });
    let both = 0;
    for (const id of fixedIds) if (typedIds.has(id)) both++;
    const total = typed.set.size + fixed.set.size - both;
    // said so when the corrected query finds more, or orders what was found differently
    return { list, total, corrected: list.some((x) => x.from === fixed.plans) };
  }

  /** Every doc matching a plan, scored, per analyser group. */
  private match(plan: QueryPlan): Matches {
    const set = new CandidateSet();
    const plans = new Map<AnalyzerId, GroupPlan | null>();
    if (!plan.hasTextQuery) {
      filterOnlyCandidates(this.view.attributes(), plan, set);
      return { set, plans };
    }
    const groups = this.view.byAnalyzer();
    const sources = { cache: this.cache, attributes: () => this.view.attributes() };
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
}
