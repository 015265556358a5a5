/**
 * The synchronous search core: one better-sqlite3 connection, and the parts that share it (README.md shows
 * how a query and a save flow through them). Runs in the search worker (or in-process for tests / CLI).
 */
import type Database from 'better-sqlite3';
import { ANALYZER_IDS, type AnalyzerId } from './analysis.js';
import { SearchState, openSearchDb } from './connection.js';
import { HitBuilder } from './hits.js';
import { IndexView } from './index-view.js';
import { BATCH_SIZE, Indexer } from './indexer.js';
import { Merger, pickMerge, type MergeHooks } from './merger.js';
import { compileGroup, planQuery, type GroupPlan } from './planner.js';
import { PostingCache } from './posting-cache.js';
import { parseQuery } from './query.js';
import { StoredTexts, promoteExactRuns, verifyPhrases } from './run-checks.js';
import { byRank, filterOnlyCandidates, scoreGroup, type Candidate } from './scoring.js';
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

  constructor(dbFile: string, opts: { nativeBinding?: string } = {}) {
    this.db = openSearchDb(dbFile, opts.nativeBinding);
    const state = new SearchState(this.db);
    this.store = new SegmentStore(this.db);
    this.cache = new PostingCache(this.store);
    this.texts = new StoredTexts(this.db);
    this.view = new IndexView(this.db, this.store, state, ({ reset, dropped }) => {
      this.texts.clear();
      if (reset) this.cache.clear();
      for (const id of dropped) this.cache.dropSegment(id);
    });
    this.indexer = new Indexer(this.db, this.store, this.view, state);
    this.merger = new Merger(this.db, this.store, this.view, state);
    this.hits = new HitBuilder(this.db);
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
    const plan = planQuery(parsed);

    let candidates: Candidate[];
    const groupPlans = new Map<AnalyzerId, GroupPlan | null>();
    if (!plan.hasTextQuery) candidates = filterOnlyCandidates(this.view.docs, plan);
    else {
      candidates = [];
      const groups = this.view.byAnalyzer();
      const sources = { store: this.store, cache: this.cache, docs: this.view.docs };
      for (const analyzer of ANALYZER_IDS) {
        const segs = groups.get(analyzer);
        if (!segs || segs.length === 0) continue;
        const group = compileGroup(this.store, analyzer, segs, plan.units);
        groupPlans.set(analyzer, group);
        if (group) scoreGroup(sources, analyzer, segs, group, plan, candidates);
      }
      // words standing together, in order, rank first (tier), then BM25
      candidates.sort(byRank);
      // a phrase is verified against the text below anyway, and every kept candidate contains it
      if (plan.phrases.every((p) => p.negated)) promoteExactRuns(candidates, plan, this.texts);
    }

    let total = candidates.length;
    if (plan.phrases.length > 0) {
      const verified = verifyPhrases(candidates, plan.phrases, offset + limit, this.texts);
      candidates = verified.kept;
      total = verified.total;
    }

    const hits = candidates
      .slice(offset, offset + limit)
      .map((c) => this.hits.build(c, groupPlans.get(c.analyzer) ?? null));
    return { query: input, total, hits, took_ms: performance.now() - t0 };
  }
}
