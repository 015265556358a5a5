/**
 * The in-memory view of the index: segment headers, where each article's live copy is, and (on first
 * use) the articles' filter attributes, all from `search_docs`. A copy is live only if `search_docs` points
 * at it; every other copy is a tombstone. Other connections write too: refresh() reloads the rows and
 * segments that changed since the last `gen` it saw, and drops everything when `epoch` moved (a full
 * reindex). Opening reads only the locations (four columns, no objects per row): cold start stays short
 * on a large archive; the attributes load with the first query that filters (tag:, is:, dates, ...).
 */
import type Database from 'better-sqlite3';
import type { AnalyzerId } from './analysis.js';
import type { SearchState } from './connection.js';
import type { Segment, SegmentStore } from './segments.js';
import type { SearchStats } from './types.js';

/** A row of `search_docs`. */
export interface DocRow {
  article_id: number;
  segment_id: number | null;
  local_id: number | null;
  hash: string;
  gen: number;
  deleted: number;
  status: string;
  favorite: number;
  lang: string | null;
  saved_at: string;
  published_at: string | null;
  /** Folded site name and host. */
  site: string | null;
  /** JSON array of folded tag names. */
  tags: string;
  annotated: number;
}

/** A doc's filter attributes, as queries use them. */
export interface DocMeta {
  live: boolean;
  status: string;
  favorite: boolean;
  lang: string | null;
  savedAt: string;
  publishedAt: string | null;
  site: string;
  tags: string[];
  annotated: boolean;
}

/** Where an article's live copy is: segment id * 2^21 + local id, or -1 (deleted, not indexed). */
const NOWHERE = -1;
const LOCAL_SPAN = 2 ** 21;

/** What a refresh changed, for the caches built on the view. */
interface ViewChange {
  /** Everything was dropped (epoch moved). */
  reset: boolean;
  /** Segments that no longer exist. */
  dropped: number[];
}

const NO_TAGS: string[] = [];

function metaOf(r: DocRow): DocMeta {
  return {
    live: r.deleted !== 1 && r.segment_id !== null,
    status: r.status,
    favorite: r.favorite === 1,
    lang: r.lang,
    savedAt: r.saved_at,
    publishedAt: r.published_at,
    site: r.site ?? '',
    tags: r.tags === '[]' ? NO_TAGS : (JSON.parse(r.tags) as string[]),
    annotated: r.annotated === 1,
  };
}

export class IndexView {
  readonly segments = new Map<number, Segment>();
  private readonly locations = new Map<number, number>();
  private attrs: Map<number, DocMeta> | null = null;
  private gen = -1;
  private epoch = -1;
  private readonly stmts;

  constructor(
    db: Database.Database,
    private readonly store: SegmentStore,
    private readonly state: SearchState,
    private readonly onChange: (change: ViewChange) => void,
  ) {
    this.stmts = {
      since: db.prepare('SELECT * FROM search_docs WHERE gen > ?'),
      locations: db
        .prepare('SELECT article_id, segment_id, local_id, deleted FROM search_docs WHERE gen <= ?')
        .raw(),
      all: db.prepare('SELECT * FROM search_docs WHERE gen <= ?'),
    };
  }

  /** The live copy of an article: [segment id, local id], or null. */
  location(articleId: number): [number, number] | null {
    const at = this.locations.get(articleId);
    return at === undefined || at === NOWHERE ? null : [Math.floor(at / LOCAL_SPAN), at % LOCAL_SPAN];
  }

  /** Every article's filter attributes (loaded on first use, then kept up to date by refresh). */
  attributes(): Map<number, DocMeta> {
    if (!this.attrs) {
      this.attrs = new Map();
      for (const r of this.stmts.all.all(this.gen) as DocRow[]) this.attrs.set(r.article_id, metaOf(r));
    }
    return this.attrs;
  }

  /** Brings the view up to date with the database (cheap when nothing changed: two state reads). */
  refresh(): void {
    const gen = this.state.get('gen');
    const epoch = this.state.get('epoch');
    if (gen === this.gen && epoch === this.epoch) return;
    const reset = epoch !== this.epoch;
    if (reset) {
      this.segments.clear();
      this.locations.clear();
      this.attrs = null;
      this.gen = -1;
      this.epoch = epoch;
    }
    // 1. drop segments that are gone
    const ids = new Set(this.store.ids());
    const dropped: number[] = [];
    for (const id of [...this.segments.keys()]) {
      if (!ids.has(id)) {
        this.segments.delete(id);
        dropped.push(id);
      }
    }
    // 2. doc changes: old locations become tombstones, new ones live. A fresh view reads locations only.
    if (this.gen === -1) {
      this.attrs = null;
      for (const [articleId, segmentId, localId, deleted] of this.stmts.locations.all(gen) as Array<
        [number, number | null, number | null, number]
      >)
        this.move(articleId, segmentId, localId, deleted === 1);
    }
    for (const r of this.stmts.since.all(this.gen === -1 ? gen : this.gen) as DocRow[]) {
      this.move(r.article_id, r.segment_id, r.local_id, r.deleted === 1);
      this.attrs?.set(r.article_id, metaOf(r));
    }
    // 3. load new segments
    for (const id of ids) if (!this.segments.has(id)) this.loadSegment(id);
    this.gen = gen;
    this.onChange({ reset, dropped });
  }

  private move(articleId: number, segmentId: number | null, localId: number | null, deleted: boolean): void {
    const old = this.locations.get(articleId);
    if (old !== undefined && old !== NOWHERE) {
      const seg = this.segments.get(Math.floor(old / LOCAL_SPAN));
      const l = old % LOCAL_SPAN;
      if (seg && seg.live[l]) {
        seg.live[l] = 0;
        seg.liveCount--;
      }
    }
    const live = !deleted && segmentId !== null && localId !== null;
    this.locations.set(articleId, live ? segmentId * LOCAL_SPAN + localId : NOWHERE);
    if (!live) return;
    const seg = this.segments.get(segmentId);
    if (seg && seg.articleIds[localId] === articleId && !seg.live[localId]) {
      seg.live[localId] = 1;
      seg.liveCount++;
    }
  }

  private loadSegment(id: number): void {
    const seg = this.store.readHeader(id);
    if (!seg) return;
    for (let l = 0; l < seg.docCount; l++) {
      if (this.locations.get(seg.articleIds[l]!) === id * LOCAL_SPAN + l) {
        seg.live[l] = 1;
        seg.liveCount++;
      }
    }
    this.segments.set(id, seg);
  }

  /** Segments grouped by analyser: each group has its own statistics and query plan. */
  byAnalyzer(): Map<AnalyzerId, Segment[]> {
    const groups = new Map<AnalyzerId, Segment[]>();
    for (const s of this.segments.values()) {
      let g = groups.get(s.analyzer);
      if (!g) groups.set(s.analyzer, (g = []));
      g.push(s);
    }
    return groups;
  }

  stats(): SearchStats {
    let docs = 0;
    let tombstones = 0;
    let bytes = 0;
    for (const s of this.segments.values()) {
      docs += s.liveCount;
      tombstones += s.docCount - s.liveCount;
      bytes += s.bytes;
    }
    return { segments: this.segments.size, docs, tombstones, bytes };
  }
}
