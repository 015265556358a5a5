/**
 * The in-memory view of the index: segment headers, and the doc table (`search_docs`: where each article's
 * live copy is, plus its filter attributes). A copy is live only if `search_docs` points at it; every other
 * copy is a tombstone. Other connections write too: refresh() reloads the rows and segments that changed
 * since the last `gen` it saw, and drops everything when `epoch` moved (a full reindex).
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

/** A doc's location and filter attributes, as queries use them. */
export interface DocMeta {
  segmentId: number | null;
  localId: number | null;
  deleted: boolean;
  status: string;
  favorite: boolean;
  lang: string | null;
  savedAt: string;
  publishedAt: string | null;
  site: string;
  tags: string[];
  annotated: boolean;
}

/** What a refresh changed, for the caches built on the view. */
interface ViewChange {
  /** Everything was dropped (epoch moved). */
  reset: boolean;
  /** Segments that no longer exist. */
  dropped: number[];
}

export class IndexView {
  readonly segments = new Map<number, Segment>();
  readonly docs = new Map<number, DocMeta>();
  private gen = -1;
  private epoch = -1;
  private readonly docsSince: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly store: SegmentStore,
    private readonly state: SearchState,
    private readonly onChange: (change: ViewChange) => void,
  ) {
    this.docsSince = db.prepare('SELECT * FROM search_docs WHERE gen > ?');
  }

  /** Brings the view up to date with the database (cheap when nothing changed: two state reads). */
  refresh(): void {
    const gen = this.state.get('gen');
    const epoch = this.state.get('epoch');
    if (gen === this.gen && epoch === this.epoch) return;
    const reset = epoch !== this.epoch;
    if (reset) {
      this.segments.clear();
      this.docs.clear();
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
    // 2. doc changes: old locations become tombstones, new ones live
    for (const r of this.docsSince.all(this.gen) as DocRow[]) {
      const old = this.docs.get(r.article_id);
      if (old && old.segmentId !== null && old.localId !== null) {
        const seg = this.segments.get(old.segmentId);
        if (seg && seg.live[old.localId]) {
          seg.live[old.localId] = 0;
          seg.liveCount--;
        }
      }
      const meta: DocMeta = {
        segmentId: r.segment_id,
        localId: r.local_id,
        deleted: r.deleted === 1,
        status: r.status,
        favorite: r.favorite === 1,
        lang: r.lang,
        savedAt: r.saved_at,
        publishedAt: r.published_at,
        site: r.site ?? '',
        tags: JSON.parse(r.tags) as string[],
        annotated: r.annotated === 1,
      };
      this.docs.set(r.article_id, meta);
      if (meta.segmentId !== null && meta.localId !== null && !meta.deleted) {
        const seg = this.segments.get(meta.segmentId);
        if (seg && seg.articleIds[meta.localId] === r.article_id && !seg.live[meta.localId]) {
          seg.live[meta.localId] = 1;
          seg.liveCount++;
        }
      }
    }
    // 3. load new segments
    for (const id of ids) if (!this.segments.has(id)) this.loadSegment(id);
    this.gen = gen;
    this.onChange({ reset, dropped });
  }

  private loadSegment(id: number): void {
    const seg = this.store.readHeader(id);
    if (!seg) return;
    for (let l = 0; l < seg.docCount; l++) {
      const d = this.docs.get(seg.articleIds[l]!);
      if (d && d.segmentId === id && d.localId === l && !d.deleted) {
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
