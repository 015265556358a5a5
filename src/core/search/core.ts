/**
 * The synchronous search core: owns one better-sqlite3 connection, catches up on dirty articles,
 * writes and merges segments, answers queries. Runs in the search worker (or in-process for tests / CLI).
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import lunr from 'lunr';
import { KhoError } from '../../shared/errors.js';
import {
  ANALYZER_IDS,
  FIELD_BOOST,
  FIELD_COUNT,
  FIELD_INDEX,
  FIELDS,
  FOLD_MARK,
  PAIR_FIELDS,
  WORD_CHAR,
  analyzerFor,
  fold,
  getAnalyzer,
  hasDiacritics,
  pairHash,
  containsRun,
  tokenize,
  wordPattern,
  type AnalyzerId,
} from './analysis.js';
import {
  VarintWriter,
  decodePairIndex,
  decodePostings,
  encodePairIndex,
  encodePostings,
  forEachPair,
  type FieldPostings,
  type PairIndex,
} from './codec.js';
import { parseQuery, type FilterNode, type ParsedQuery, type PhraseNode, type TermNode } from './query.js';
import { buildSnippet, findMatches, type TokenMatcher } from './snippet.js';
import type { SearchHit, SearchOptions, SearchResults } from './types.js';

export const MERGE_FACTOR = 8;
export const BATCH_SIZE = 500;
/** Phrase verification reads at least this many stored texts (when there are that many) before estimating. */
const VERIFY_BUDGET = 40;
/** Tier-2 candidates checked for an exact run of the query words (promoteExactRuns). */
const RUN_VERIFY = 40;
const MAX_EXPANSIONS = 64;
/** Snippet length in characters; the snippet scan stops once a window this long holds every query word. */
const SNIPPET_CHARS = 200;
const K1 = 1.2;
const B = 0.75;
/** Weight of a folded-only match when the query word was typed with diacritics. */
const FOLD_WEIGHT = 0.35;
const CACHE_BYTES = 96 * 1024 * 1024;

/** Test seams. */
export interface CoreHooks {
  /** Called inside the merge transaction after the merged segment is written, before commit. */
  beforeMergeCommit?: () => void;
}

interface Segment {
  id: number;
  analyzer: AnalyzerId;
  level: number;
  docCount: number;
  articleIds: Int32Array;
  fieldLens: Uint16Array;
  lenSums: number[];
  live: Uint8Array;
  liveCount: number;
  bytes: number;
  vocab: string[] | null;
  dfs: Uint32Array | null;
  /** Word-pair index, loaded on the first query that needs adjacency. */
  pairs: PairIndex | null;
}

interface DocMeta {
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

interface DocRow {
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
  site: string | null;
  tags: string;
  annotated: number;
}

interface ArticleRow {
  id: number;
  url: string | null;
  title: string;
  site_name: string | null;
  lang: string | null;
  content_text: string;
  status: string;
  favorite: number;
  published_at: string | null;
  saved_at: string;
  deleted_at: string | null;
}

interface CacheEntry {
  df: number;
  fields: FieldPostings[];
  size: number;
}

class SegmentBuilder {
  readonly articleIds: number[] = [];
  readonly lens: number[] = [];
  readonly lenSums = new Array<number>(FIELD_COUNT).fill(0);
  readonly postings = new Map<string, Array<number[] | undefined>>();
  /** pair hash -> [local, field bits, ...] */
  readonly pairs = new Map<number, number[]>();
  private readonly fieldPairs = new Set<number>();
  private readonly docPairs = new Map<number, number>();
  constructor(readonly analyzer: AnalyzerId) {}

  add(articleId: number, texts: string[]): number {
    const local = this.articleIds.length;
    this.articleIds.push(articleId);
    const a = getAnalyzer(this.analyzer);
    this.docPairs.clear();
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tf = new Map<string, number>();
      const withPairs = PAIR_FIELDS.includes(f);
      if (withPairs) this.fieldPairs.clear();
      const n = a.analyze(texts[f] ?? '', tf, withPairs ? this.fieldPairs : undefined);
      if (withPairs) {
        const bit = f === FIELD_INDEX.title ? 1 : 2;
        for (const h of this.fieldPairs) this.docPairs.set(h, (this.docPairs.get(h) ?? 0) | bit);
      }
      this.lens.push(Math.min(n, 0xffff));
      this.lenSums[f]! += n;
      for (const [term, c] of tf) {
        let entry = this.postings.get(term);
        if (!entry) this.postings.set(term, (entry = new Array<number[] | undefined>(FIELD_COUNT)));
        (entry[f] ??= []).push(local, c);
      }
    }
    for (const [h, bits] of this.docPairs) {
      const list = this.pairs.get(h);
      if (list) list.push(local, bits);
      else this.pairs.set(h, [local, bits]);
    }
    return local;
  }
}

function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function levenshteinWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** One query word (from a term or a phrase) as the engine sees it. */
interface Unit {
  text: string;
  fields: number[];
  negated: boolean;
  prefix: boolean;
  fuzzy: number;
  /** Index among positive units in query order, for proximity. */
  order: number;
  /** Regex source for the word in stored text, or null (fuzzy). */
  pattern: string | null;
}

interface Lookup {
  key: string;
  weight: number;
}
interface CompiledClause {
  lookups: Lookup[];
  fields: number[];
  required: boolean;
}
interface GroupPlan {
  clauses: CompiledClause[];
  requiredCount: number;
  /** Exact matches, and folded ones for words typed without diacritics. */
  matcher: TokenMatcher;
  /** Also folded matches of words typed with diacritics (used when the strict matcher finds nothing). */
  looseMatcher: TokenMatcher;
}

interface Candidate {
  id: number;
  score: number;
  /** Proximity tier from pair postings: 2 = every adjacent pair of query words adjacent, else the fraction. */
  tier: number;
  analyzer: AnalyzerId;
  /** Needs phrase verification against the stored text. */
  verify: boolean;
}

/** Result order: words standing together first (tier), then BM25, then newest id. */
const byRank = (a: Candidate, b: Candidate): number => b.tier - a.tier || b.score - a.score || b.id - a.id;

/** Word pairs (hashes, see analysis.ts) a query looks up. */
interface PairPlan {
  /** Per adjacent pair of proximity words; null when a word is a prefix (no pair to look up). */
  prox: Array<number | null>;
  /** Pairs of positive phrases: a candidate must have every one (in the title for title: phrases). */
  required: Array<{ key: number; titleOnly: boolean }>;
  /** Pairs of each negated phrase: only a doc with all of them can contain the phrase. */
  negated: Array<{ keys: number[]; titleOnly: boolean }>;
}

export class SearchCore {
  readonly db: Database.Database;
  hooks: CoreHooks = {};
  private segments = new Map<number, Segment>();
  private docs = new Map<number, DocMeta>();
  private gen = -1;
  private epoch = -1;
  private cache = new Map<string, CacheEntry | null>();
  private cacheBytes = 0;
  private writer = new VarintWriter();
  private textCache = new Map<number, { title: string; body: string }>();
  private stmts: ReturnType<SearchCore['prepare']>;

  constructor(dbFile: string, opts: { nativeBinding?: string } = {}) {
    this.db = new Database(dbFile, {
      fileMustExist: true,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    const has = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_dirty'")
      .get();
    if (!has) {
      this.db.close();
      throw new KhoError('ARCHIVE_CORRUPT', 'This archive has no search tables (migration 002 has not run).');
    }
    this.stmts = this.prepare();
    this.refresh();
  }

  private prepare() {
    const db = this.db;
    return {
      getState: db.prepare('SELECT value FROM search_state WHERE key = ?').pluck(),
      setState: db.prepare(
        'INSERT INTO search_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      dirtyCount: db.prepare('SELECT count(*) FROM search_dirty').pluck(),
      selectDirty: db.prepare('SELECT article_id, seq FROM search_dirty ORDER BY article_id LIMIT ?'),
      deleteDirty: db.prepare('DELETE FROM search_dirty WHERE article_id = ? AND seq = ?'),
      article: db.prepare(
        `SELECT id, url, title, site_name, lang, content_text, status, favorite, published_at, saved_at, deleted_at
         FROM articles WHERE id = ?`,
      ),
      articleText: db.prepare('SELECT title, content_text FROM articles WHERE id = ?'),
      hitRow: db.prepare(
        `SELECT id, title, url, site_name, lang, saved_at, published_at, status, favorite, content_text
         FROM articles WHERE id = ?`,
      ),
      tags: db
        .prepare(
          'SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ? ORDER BY t.name',
        )
        .pluck(),
      annotations: db.prepare('SELECT exact, note FROM annotations WHERE article_id = ? ORDER BY id'),
      docHash: db.prepare('SELECT hash, segment_id FROM search_docs WHERE article_id = ?'),
      upsertDoc: db.prepare(
        `INSERT INTO search_docs (article_id, segment_id, local_id, hash, gen, deleted, status, favorite, lang,
           saved_at, published_at, site, tags, annotated)
         VALUES (@article_id, @segment_id, @local_id, @hash, @gen, @deleted, @status, @favorite, @lang,
           @saved_at, @published_at, @site, @tags, @annotated)
         ON CONFLICT (article_id) DO UPDATE SET segment_id = excluded.segment_id, local_id = excluded.local_id,
           hash = excluded.hash, gen = excluded.gen, deleted = excluded.deleted, status = excluded.status,
           favorite = excluded.favorite, lang = excluded.lang, saved_at = excluded.saved_at,
           published_at = excluded.published_at, site = excluded.site, tags = excluded.tags,
           annotated = excluded.annotated`,
      ),
      moveDoc: db.prepare(
        'UPDATE search_docs SET segment_id = ?, local_id = ?, gen = ? WHERE article_id = ?',
      ),
      docsSince: db.prepare('SELECT * FROM search_docs WHERE gen > ?'),
      segmentIds: db.prepare('SELECT id FROM search_segments ORDER BY id').pluck(),
      segmentHeader: db.prepare(
        'SELECT id, analyzer, level, doc_count, article_ids, field_lens, len_sums, bytes FROM search_segments WHERE id = ?',
      ),
      segmentVocab: db.prepare('SELECT vocab, dfs FROM search_segments WHERE id = ?'),
      segmentPairs: db.prepare('SELECT pairs FROM search_segments WHERE id = ?').pluck(),
      insertSegment: db.prepare(
        `INSERT INTO search_segments (analyzer, level, doc_count, article_ids, field_lens, len_sums, vocab, dfs,
           pipeline, bytes, created_at, pairs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertPosting: db.prepare(
        'INSERT INTO search_postings (segment_id, term, df, data) VALUES (?, ?, ?, ?)',
      ),
      posting: db.prepare('SELECT df, data FROM search_postings WHERE segment_id = ? AND term = ?'),
      segmentPostings: db.prepare(
        'SELECT term, data FROM search_postings WHERE segment_id = ? ORDER BY term',
      ),
      segmentExists: db.prepare('SELECT 1 FROM search_segments WHERE id = ?').pluck(),
      liveInSegment: db.prepare('SELECT article_id, local_id FROM search_docs WHERE segment_id = ?'),
      deleteSegment: db.prepare('DELETE FROM search_segments WHERE id = ?'),
      deleteSegmentPostings: db.prepare('DELETE FROM search_postings WHERE segment_id = ?'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- state refresh (other connections may have written) ------------------------------------------------

  /** Brings the in-memory view (segment headers, doc table) up to date with the database. */
  refresh(): void {
    const gen = (this.stmts.getState.get('gen') as number | undefined) ?? 0;
    const epoch = (this.stmts.getState.get('epoch') as number | undefined) ?? 0;
    if (gen === this.gen && epoch === this.epoch) return;
    if (epoch !== this.epoch) {
      this.segments.clear();
      this.docs.clear();
      this.cache.clear();
      this.cacheBytes = 0;
      this.gen = -1;
      this.epoch = epoch;
    }
    this.textCache.clear();
    // 1. drop segments that are gone
    const ids = new Set(this.stmts.segmentIds.all() as number[]);
    for (const id of [...this.segments.keys()]) {
      if (!ids.has(id)) {
        this.segments.delete(id);
        for (const k of [...this.cache.keys()]) if (k.startsWith(`${id}\u0000`)) this.cache.delete(k);
      }
    }
    // 2. doc changes: old locations become tombstones, new ones live
    const rows = this.stmts.docsSince.all(this.gen) as DocRow[];
    for (const r of rows) {
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
  }

  private loadSegment(id: number): void {
    const r = this.stmts.segmentHeader.get(id) as
      | {
          id: number;
          analyzer: AnalyzerId;
          level: number;
          doc_count: number;
          article_ids: Buffer;
          field_lens: Buffer;
          len_sums: string;
          bytes: number;
        }
      | undefined;
    if (!r) return;
    const articleIds = new Int32Array(r.doc_count);
    articleIds.set(new Int32Array(r.article_ids.buffer, r.article_ids.byteOffset, r.doc_count));
    const fieldLens = new Uint16Array(r.doc_count * FIELD_COUNT);
    fieldLens.set(new Uint16Array(r.field_lens.buffer, r.field_lens.byteOffset, r.doc_count * FIELD_COUNT));
    const live = new Uint8Array(r.doc_count);
    let liveCount = 0;
    for (let l = 0; l < r.doc_count; l++) {
      const d = this.docs.get(articleIds[l]!);
      if (d && d.segmentId === id && d.localId === l && !d.deleted) {
        live[l] = 1;
        liveCount++;
      }
    }
    this.segments.set(id, {
      id,
      analyzer: r.analyzer,
      level: r.level,
      docCount: r.doc_count,
      articleIds,
      fieldLens,
      lenSums: JSON.parse(r.len_sums) as number[],
      live,
      liveCount,
      bytes: r.bytes,
      vocab: null,
      dfs: null,
      pairs: null,
    });
  }

  private vocabOf(seg: Segment): { vocab: string[]; dfs: Uint32Array } {
    if (!seg.vocab || !seg.dfs) {
      const r = this.stmts.segmentVocab.get(seg.id) as { vocab: Buffer; dfs: Buffer } | undefined;
      const text = r ? r.vocab.toString('utf8') : '';
      seg.vocab = text === '' ? [] : text.split('\n');
      seg.dfs = new Uint32Array(seg.vocab.length);
      if (r) seg.dfs.set(new Uint32Array(r.dfs.buffer, r.dfs.byteOffset, seg.vocab.length));
    }
    return { vocab: seg.vocab, dfs: seg.dfs };
  }

  // ---- indexing ------------------------------------------------------------------------------------------

  dirtyCount(): number {
    return this.stmts.dirtyCount.get() as number;
  }

  /** Indexes up to `limit` dirty articles into new level-0 segments in one transaction. Returns how many. */
  catchUpBatch(limit = BATCH_SIZE): number {
    if (this.dirtyCount() === 0) return 0;
    let processed = 0;
    const run = this.db.transaction(() => {
      const dirty = this.stmts.selectDirty.all(limit) as Array<{ article_id: number; seq: number }>;
      if (dirty.length === 0) return;
      const gen = ((this.stmts.getState.get('gen') as number | undefined) ?? 0) + 1;
      const builders = new Map<AnalyzerId, SegmentBuilder>();
      const pending: Array<{ row: DocRow; builder: SegmentBuilder | null }> = [];
      for (const d of dirty) {
        const a = this.stmts.article.get(d.article_id) as ArticleRow | undefined;
        if (!a || a.deleted_at !== null) {
          pending.push({
            row: {
              article_id: d.article_id,
              segment_id: null,
              local_id: null,
              hash: '',
              gen,
              deleted: 1,
              status: a?.status ?? 'unread',
              favorite: a?.favorite ?? 0,
              lang: a?.lang ?? null,
              saved_at: a?.saved_at ?? '',
              published_at: a?.published_at ?? null,
              site: null,
              tags: '[]',
              annotated: 0,
            },
            builder: null,
          });
          continue;
        }
        const tagNames = this.stmts.tags.all(a.id) as string[];
        const notes = this.stmts.annotations.all(a.id) as Array<{ exact: string; note: string | null }>;
        const host = hostOf(a.url);
        const siteText = [a.site_name ?? '', host].filter(Boolean).join(' ');
        const texts = [
          a.title,
          a.content_text,
          tagNames.join('\n'),
          siteText,
          notes.map((n) => `${n.exact}\n${n.note ?? ''}`).join('\n'),
        ];
        const analyzer = analyzerFor(a.lang);
        const hash = createHash('sha1')
          .update(JSON.stringify([analyzer, ...texts]))
          .digest('base64');
        const prev = this.stmts.docHash.get(a.id) as { hash: string; segment_id: number | null } | undefined;
        const row: DocRow = {
          article_id: a.id,
          segment_id: null,
          local_id: null,
          hash,
          gen,
          deleted: 0,
          status: a.status,
          favorite: a.favorite,
          lang: a.lang,
          saved_at: a.saved_at,
          published_at: a.published_at,
          site: fold(siteText),
          tags: JSON.stringify(tagNames.map((t) => fold(t.trim()))),
          annotated: notes.length > 0 ? 1 : 0,
        };
        if (prev && prev.hash === hash && prev.segment_id !== null) {
          // attribute-only change: keep the indexed copy
          const cur = this.docs.get(a.id);
          row.segment_id = prev.segment_id;
          row.local_id = cur?.segmentId === prev.segment_id ? cur.localId : null;
          if (row.local_id === null) {
            const r = this.db
              .prepare('SELECT local_id FROM search_docs WHERE article_id = ?')
              .pluck()
              .get(a.id) as number | null;
            row.local_id = r;
          }
          pending.push({ row, builder: null });
          continue;
        }
        let b = builders.get(analyzer);
        if (!b) builders.set(analyzer, (b = new SegmentBuilder(analyzer)));
        row.local_id = b.add(a.id, texts);
        pending.push({ row, builder: b });
      }
      const segIds = new Map<SegmentBuilder, number>();
      for (const b of builders.values()) segIds.set(b, this.writeBuiltSegment(b, 0));
      for (const p of pending) {
        if (p.builder) p.row.segment_id = segIds.get(p.builder)!;
        this.stmts.upsertDoc.run(p.row);
      }
      for (const d of dirty) this.stmts.deleteDirty.run(d.article_id, d.seq);
      this.stmts.setState.run('gen', gen);
      processed = dirty.length;
    });
    run.immediate();
    if (processed > 0) this.refresh();
    return processed;
  }

  private writeSegment(
    analyzer: AnalyzerId,
    level: number,
    articleIds: ArrayLike<number>,
    fieldLens: Uint16Array,
    lenSums: number[],
    terms: string[],
    encode: (term: string) => { df: number; data: Buffer } | null,
    pairs: Buffer,
  ): number {
    const n = articleIds.length;
    const ids = Buffer.from(Int32Array.from(articleIds).buffer);
    const lens = Buffer.from(fieldLens.buffer, fieldLens.byteOffset, fieldLens.byteLength);
    const kept: string[] = [];
    const dfList: number[] = [];
    const encoded: Array<{ df: number; data: Buffer }> = [];
    let bytes = ids.length + lens.length;
    for (const t of terms) {
      const e = encode(t);
      if (!e) continue;
      kept.push(t);
      dfList.push(e.df);
      encoded.push(e);
      bytes += e.data.length + t.length + 8;
    }
    const vocab = Buffer.from(kept.join('\n'), 'utf8');
    const dfs = Buffer.from(Uint32Array.from(dfList).buffer);
    bytes += vocab.length + dfs.length + pairs.length;
    const pipeline = JSON.stringify(getAnalyzer(analyzer).indexPipeline.toJSON());
    const info = this.stmts.insertSegment.run(
      analyzer,
      level,
      n,
      ids,
      lens,
      JSON.stringify(lenSums),
      vocab,
      dfs,
      pipeline,
      bytes,
      new Date().toISOString(),
      pairs,
    );
    const segId = Number(info.lastInsertRowid);
    for (let i = 0; i < kept.length; i++) {
      this.stmts.insertPosting.run(segId, kept[i]!, encoded[i]!.df, encoded[i]!.data);
    }
    return segId;
  }

  private writeBuiltSegment(b: SegmentBuilder, level: number): number {
    const terms = [...b.postings.keys()].sort();
    return this.writeSegment(
      b.analyzer,
      level,
      b.articleIds,
      Uint16Array.from(b.lens),
      b.lenSums,
      terms,
      (t) => {
        const entry = b.postings.get(t)!;
        let df = 0;
        let nonEmpty = 0;
        for (const p of entry) if (p) nonEmpty++;
        if (nonEmpty === 1) {
          for (const p of entry) if (p) df = p.length / 2;
        } else {
          const seen = new Set<number>();
          for (const p of entry) if (p) for (let i = 0; i < p.length; i += 2) seen.add(p[i]!);
          df = seen.size;
        }
        return { df, data: encodePostings(this.writer, entry) };
      },
      encodePairIndex(b.pairs),
    );
  }

  /** Indexes every dirty article now. */
  catchUpAll(onBatch?: () => void): number {
    let total = 0;
    for (;;) {
      const n = this.catchUpBatch();
      total += n;
      if (n === 0) break;
      onBatch?.();
    }
    this.refresh();
    return total;
  }

  // ---- merging ------------------------------------------------------------------------------------------

  /** The segments that the tiered policy would merge next, or null. */
  pickMerge(force = false): Segment[] | null {
    const groups = new Map<string, Segment[]>();
    for (const s of this.segments.values()) {
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

  /**
   * Merges one group of segments (tiered: MERGE_FACTOR segments of the same analyser and level become one
   * of the next level; `force` merges each analyser's segments into one). The merged segment, the doc
   * moves and the deletion of the old segments commit in one transaction: a crash loses nothing.
   */
  mergeStep(force = false): boolean {
    this.refresh();
    const pick = this.pickMerge(force);
    if (!pick) return false;
    let merged = false;
    const run = this.db.transaction(() => {
      for (const s of pick) if (!this.stmts.segmentExists.get(s.id)) return; // another process merged them
      const gen = ((this.stmts.getState.get('gen') as number | undefined) ?? 0) + 1;
      const analyzer = pick[0]!.analyzer;
      const level = Math.max(...pick.map((s) => s.level)) + 1;
      // live docs as of this transaction
      const remaps: Int32Array[] = [];
      const articleIds: number[] = [];
      const lens: number[] = [];
      const lenSums = new Array<number>(FIELD_COUNT).fill(0);
      for (const s of pick) {
        const liveLocals = new Map<number, number>();
        for (const r of this.stmts.liveInSegment.all(s.id) as Array<{ article_id: number; local_id: number }>)
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
      pick.forEach((s, si) => {
        for (const r of this.stmts.segmentPostings.all(s.id) as Array<{ term: string; data: Buffer }>) {
          let list = byTerm.get(r.term);
          if (!list) byTerm.set(r.term, (list = []));
          list.push([si, r.data]);
        }
      });
      const terms = [...byTerm.keys()].sort();
      const pairs = new Map<number, number[]>();
      pick.forEach((s, si) => {
        const ix = decodePairIndex(this.stmts.segmentPairs.get(s.id) as Buffer | null);
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
      const segId = this.writeSegment(
        analyzer,
        level,
        articleIds,
        Uint16Array.from(lens),
        lenSums,
        terms,
        (t) => {
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
          let any = false;
          for (const p of perField) {
            for (let i = 0; i < p.length; i += 2) {
              any = true;
              seen.add(p[i]!);
            }
          }
          if (!any) return null;
          return { df: seen.size, data: encodePostings(this.writer, perField) };
        },
        encodePairIndex(pairs),
      );
      for (let nl = 0; nl < articleIds.length; nl++) this.stmts.moveDoc.run(segId, nl, gen, articleIds[nl]!);
      for (const s of pick) {
        this.stmts.deleteSegmentPostings.run(s.id);
        this.stmts.deleteSegment.run(s.id);
      }
      this.hooks.beforeMergeCommit?.();
      this.stmts.setState.run('gen', gen);
      merged = true;
    });
    run.immediate();
    this.refresh();
    return merged;
  }

  /** Runs merges until the tiered policy is satisfied (or, with force, one segment per analyser). */
  mergeAll(force = false): number {
    let n = 0;
    while (this.mergeStep(force)) n++;
    return n;
  }

  /** Drops every segment and marks every article dirty (one transaction). Indexing then runs via catch-up. */
  resetIndex(): number {
    let total = 0;
    this.db
      .transaction(() => {
        this.db.exec('DELETE FROM search_postings; DELETE FROM search_segments; DELETE FROM search_docs;');
        this.db.exec(`INSERT INTO search_dirty (article_id, changed_at, seq)
          SELECT id, unixepoch('subsec') * 1000, (random() >> 12) FROM articles WHERE true
          ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq`);
        const epoch = ((this.stmts.getState.get('epoch') as number | undefined) ?? 0) + 1;
        this.stmts.setState.run('epoch', epoch);
        this.stmts.setState.run('gen', ((this.stmts.getState.get('gen') as number | undefined) ?? 0) + 1);
        total = this.dirtyCount();
      })
      .immediate();
    this.refresh();
    return total;
  }

  stats(): { segments: number; docs: number; tombstones: number; bytes: number } {
    this.refresh();
    let docs = 0;
    let tomb = 0;
    let bytes = 0;
    for (const s of this.segments.values()) {
      docs += s.liveCount;
      tomb += s.docCount - s.liveCount;
      bytes += s.bytes;
    }
    return { segments: this.segments.size, docs, tombstones: tomb, bytes };
  }

  // ---- querying ------------------------------------------------------------------------------------------

  private postings(seg: Segment, key: string): CacheEntry | null {
    const ck = `${seg.id}\u0000${key}`;
    const hit = this.cache.get(ck);
    if (hit !== undefined) {
      this.cache.delete(ck);
      this.cache.set(ck, hit);
      return hit;
    }
    const r = this.stmts.posting.get(seg.id, key) as { df: number; data: Buffer } | undefined;
    let entry: CacheEntry | null = null;
    if (r) {
      const fields = decodePostings(r.data);
      let size = 64;
      for (const f of fields) size += f.locals.byteLength + f.tfs.byteLength;
      entry = { df: r.df, fields, size };
      this.cacheBytes += size;
    }
    this.cache.set(ck, entry);
    while (this.cacheBytes > CACHE_BYTES || this.cache.size > 200_000) {
      const first = this.cache.keys().next();
      if (first.done) break;
      const e = this.cache.get(first.value);
      if (e) this.cacheBytes -= e.size;
      this.cache.delete(first.value);
    }
    return entry;
  }

  /** Expands a prefix or fuzzy clause against the vocabularies of a group's segments. */
  private expand(segs: Segment[], term: string, prefix: boolean, fuzzy: number): Lookup[] {
    const diacritics = hasDiacritics(term);
    const folded = fold(term);
    const found = new Map<string, { df: number; dist: number }>();
    const add = (key: string, df: number, dist: number) => {
      const cur = found.get(key);
      if (cur) cur.df += df;
      else found.set(key, { df, dist });
    };
    for (const seg of segs) {
      const { vocab, dfs } = this.vocabOf(seg);
      if (prefix) {
        const starts = diacritics ? [term] : [term, FOLD_MARK + folded];
        for (const p of starts) {
          let lo = 0;
          let hi = vocab.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (vocab[mid]! < p) lo = mid + 1;
            else hi = mid;
          }
          for (let i = lo; i < vocab.length && vocab[i]!.startsWith(p); i++)
            add(vocab[i]!, dfs[i]!, vocab[i]!.length - p.length);
        }
      } else {
        for (let i = 0; i < vocab.length; i++) {
          const v = vocab[i]!;
          const isFold = v.startsWith(FOLD_MARK);
          if (diacritics && isFold) continue;
          const cmp = isFold ? v.slice(1) : v;
          const target = isFold ? folded : term;
          const d = levenshteinWithin(cmp, target, fuzzy);
          if (d <= fuzzy) add(v, dfs[i]!, d);
        }
      }
    }
    const list = [...found.entries()].sort((a, b) => a[1].dist - b[1].dist || b[1].df - a[1].df);
    return list.slice(0, MAX_EXPANSIONS).map(([key, { dist }]) => ({ key, weight: dist === 0 ? 1 : 0.7 }));
  }

  /**
   * Turns the positive and negative words into lunr.Query clauses for one analyser group (via the lunr
   * Query API, never by concatenating a query string), then expands each clause into index lookups.
   */
  private compileGroup(analyzer: AnalyzerId, segs: Segment[], units: Unit[]): GroupPlan | null {
    const a = getAnalyzer(analyzer);
    const query = new lunr.Query([...FIELDS]);
    for (const u of units) {
      // like lunr, wildcard terms skip the pipeline (a stemmed prefix would miss); fuzzy terms are stemmed
      // so that they compare with the stemmed vocabulary (governmant~1 -> governm ~ govern)
      const raw = u.text.normalize('NFC').toLowerCase();
      const term = u.prefix ? raw : u.fuzzy ? (a.searchTerm(u.text) ?? raw) : a.searchTerm(u.text);
      if (term === null) continue; // stop word in this language
      query.term(term, {
        fields: u.fields.map((f) => FIELDS[f]!),
        presence: u.negated ? lunr.Query.presence.PROHIBITED : lunr.Query.presence.REQUIRED,
        wildcard: u.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        editDistance: u.fuzzy,
        usePipeline: false,
        boost: 1,
      });
    }
    const clauses: CompiledClause[] = [];
    const keys = new Set<string>();
    const looseKeys = new Set<string>();
    const prefixes: Array<{ p: string; folded: boolean }> = [];
    for (const c of query.clauses) {
      const isPrefix = ((c.wildcard ?? 0) & lunr.Query.wildcard.TRAILING) !== 0;
      const term = isPrefix ? c.term.replace(/\*+$/, '') : c.term;
      let lookups: Lookup[];
      if (isPrefix || (c.editDistance ?? 0) > 0) {
        lookups = this.expand(segs, term, isPrefix, c.editDistance ?? 0);
        if (isPrefix)
          prefixes.push({ p: hasDiacritics(term) ? term : fold(term), folded: !hasDiacritics(term) });
      } else if (hasDiacritics(term)) {
        const f = fold(term);
        lookups = [
          { key: term, weight: 1 },
          { key: f, weight: FOLD_WEIGHT },
          { key: FOLD_MARK + f, weight: FOLD_WEIGHT },
        ];
      } else {
        lookups = [
          { key: term, weight: 1 },
          { key: FOLD_MARK + term, weight: 1 },
        ];
      }
      const required = (c as { presence?: number }).presence !== lunr.Query.presence.PROHIBITED;
      if (required) {
        for (const l of lookups) {
          looseKeys.add(l.key);
          if (l.weight > FOLD_WEIGHT) keys.add(l.key);
        }
      }
      clauses.push({
        lookups,
        fields: (c.fields ?? FIELDS).map((f) => FIELD_INDEX[f as keyof typeof FIELD_INDEX]),
        required,
      });
    }
    const requiredCount = clauses.filter((c) => c.required).length;
    if (requiredCount === 0) return null;
    const makeMatcher =
      (set: Set<string>): TokenMatcher =>
      (word) => {
        for (const t of a.indexTerms(word)) if (set.has(t)) return true;
        if (prefixes.length) {
          const lower = word.toLowerCase();
          const f = fold(word);
          for (const p of prefixes) if ((p.folded ? f : lower).startsWith(p.p)) return true;
        }
        return false;
      };
    return { clauses, requiredCount, matcher: makeMatcher(keys), looseMatcher: makeMatcher(looseKeys) };
  }

  private text(id: number): { title: string; body: string } {
    let t = this.textCache.get(id);
    if (!t) {
      const r = this.stmts.articleText.get(id) as { title: string; content_text: string } | undefined;
      t = { title: r?.title ?? '', body: r?.content_text ?? '' };
      if (this.textCache.size > 2000) this.textCache.clear();
      this.textCache.set(id, t);
    }
    return t;
  }

  private passesFilters(meta: DocMeta, filters: FilterNode[]): boolean {
    for (const f of filters) {
      let ok: boolean;
      const v = f.value;
      switch (f.key) {
        case 'tag': {
          const t = fold(v);
          ok = meta.tags.some((x) => x === t || x.startsWith(`${t}/`));
          break;
        }
        case 'site':
          ok = meta.site.includes(fold(v));
          break;
        case 'lang':
          ok = (meta.lang ?? '').toLowerCase().split(/[-_]/)[0] === v.toLowerCase().split(/[-_]/)[0];
          break;
        case 'is':
          ok =
            v === 'unread'
              ? meta.status === 'unread'
              : v === 'archived'
                ? meta.status === 'archived'
                : v === 'favorite'
                  ? meta.favorite
                  : meta.annotated;
          break;
        case 'before':
          ok = meta.savedAt < f.bound!;
          break;
        case 'after':
          ok = meta.savedAt >= f.bound!;
          break;
      }
      if (ok === f.negated) return false;
    }
    return true;
  }

  search(input: string, opts: SearchOptions = {}): SearchResults {
    const t0 = performance.now();
    const parsed: ParsedQuery = parseQuery(input);
    this.refresh();
    const limit = Math.max(0, Math.min(opts.limit ?? 20, 1000));
    const offset = Math.max(0, opts.offset ?? 0);
    const filters = parsed.nodes.filter((n): n is FilterNode => n.type === 'filter');
    const phrases = parsed.nodes.filter((n): n is PhraseNode => n.type === 'phrase');

    // words as units
    const units: Unit[] = [];
    let order = 0;
    const pushUnit = (
      text: string,
      field: 'title' | null,
      negated: boolean,
      prefix: boolean,
      fuzzy: number,
    ) => {
      const fields = field === 'title' ? [FIELD_INDEX.title] : FIELDS.map((_, i) => i);
      const pattern = fuzzy ? null : wordPattern(text) + (prefix ? `${WORD_CHAR}*` : '');
      units.push({ text, fields, negated, prefix, fuzzy, order: negated ? -1 : order++, pattern });
    };
    for (const n of parsed.nodes) {
      if (n.type === 'term') pushUnit(n.text, n.field, n.negated, n.prefix, n.fuzzy);
      else if (n.type === 'phrase' && !n.negated)
        for (const w of n.words) pushUnit(w, n.field, false, false, 0);
    }
    const positiveUnits = units.filter((u) => !u.negated);
    const hasTextQuery = positiveUnits.length > 0;
    if (parsed.nodes.length === 0)
      return { query: input, total: 0, hits: [], tookMs: performance.now() - t0 };

    // adjacency from pair postings: proximity of the query words, phrase candidates and phrase exclusions
    const proxUnits = positiveUnits.filter((u) => u.pattern !== null);
    const pairs: PairPlan = { prox: [], required: [], negated: [] };
    if (proxUnits.length >= 2) {
      for (let i = 0; i + 1 < proxUnits.length; i++) {
        const a = proxUnits[i]!;
        const b = proxUnits[i + 1]!;
        pairs.prox.push(a.prefix || b.prefix ? null : pairHash(a.text, b.text));
      }
    }
    const phraseKeys = (p: PhraseNode) => p.words.slice(1).map((w, i) => pairHash(p.words[i]!, w));
    for (const p of phrases) {
      const titleOnly = p.field === 'title';
      if (p.negated) pairs.negated.push({ keys: phraseKeys(p), titleOnly });
      else for (const key of phraseKeys(p)) pairs.required.push({ key, titleOnly });
    }
    // a 2-word phrase typed without diacritics is decided by its pair term alone; others need the text
    const positiveNeedsText = phrases.some(
      (p) => !p.negated && (p.words.length > 2 || p.words.some((w) => hasDiacritics(w))),
    );

    let candidates: Candidate[] = [];
    const plans = new Map<AnalyzerId, GroupPlan | null>();
    if (!hasTextQuery) {
      for (const [id, meta] of this.docs) {
        if (meta.deleted || meta.segmentId === null) continue;
        if (!this.passesFilters(meta, filters)) continue;
        candidates.push({
          id,
          score: 0,
          tier: 0,
          analyzer: analyzerFor(meta.lang),
          verify: pairs.negated.length > 0,
        });
      }
      candidates.sort((a, b) => {
        const sa = this.docs.get(a.id)!.savedAt;
        const sb = this.docs.get(b.id)!.savedAt;
        return sa < sb ? 1 : sa > sb ? -1 : b.id - a.id;
      });
    } else {
      const groups = new Map<AnalyzerId, Segment[]>();
      for (const s of this.segments.values()) {
        let g = groups.get(s.analyzer);
        if (!g) groups.set(s.analyzer, (g = []));
        g.push(s);
      }
      for (const analyzer of ANALYZER_IDS) {
        const segs = groups.get(analyzer);
        if (!segs || segs.length === 0) continue;
        const plan = this.compileGroup(analyzer, segs, units);
        plans.set(analyzer, plan);
        if (!plan) continue;
        this.scoreGroup(analyzer, segs, plan, pairs, positiveNeedsText, filters, candidates);
      }
      // words standing together, in order, rank first (tier), then BM25
      candidates.sort(byRank);
      // a phrase is verified against the text below anyway, and every kept candidate contains it
      if (phrases.every((p) => p.negated)) this.promoteExactRuns(candidates, proxUnits, pairs);
    }

    let total = candidates.length;
    if (phrases.length > 0) {
      // phrases (and negated phrases) verified against the stored text, lazily: in rank order until the
      // requested page is full and VERIFY_BUDGET candidates were read; the rest is estimated from the pass rate
      // a token scan (containsRun), not a per-query Unicode regex: compiling one costs milliseconds
      const need = offset + limit;
      const kept: Candidate[] = [];
      let verified = 0;
      let passed = 0;
      let i = 0;
      for (; i < candidates.length; i++) {
        const c = candidates[i]!;
        if (kept.length >= need && verified >= VERIFY_BUDGET) break;
        if (c.verify) {
          verified++;
          const t = this.text(c.id);
          let ok = true;
          for (const node of phrases) {
            const found =
              containsRun(t.title, node.words) || (node.field !== 'title' && containsRun(t.body, node.words));
            if (found === node.negated) {
              ok = false;
              break;
            }
          }
          if (!ok) continue;
          passed++;
        }
        kept.push(c);
      }
      let rest = 0;
      let restVerify = 0;
      for (let j = i; j < candidates.length; j++) {
        rest++;
        if (candidates[j]!.verify) restVerify++;
      }
      total =
        kept.length + (rest - restVerify) + Math.round(verified > 0 ? (restVerify * passed) / verified : 0);
      candidates = kept;
    }

    const page = candidates.slice(offset, offset + limit);
    const hits: SearchHit[] = page.map((c) => this.buildHit(c, plans.get(c.analyzer) ?? null));
    return { query: input, total, hits, tookMs: performance.now() - t0 };
  }

  /**
   * Three or more words typed together: every adjacent pair being adjacent somewhere (tier 2) does not mean
   * the words stand together as one run, and on a large archive many documents share the pairs. The best
   * RUN_VERIFY tier-2 candidates are checked against the stored text; a real run ranks above the rest.
   */
  private promoteExactRuns(candidates: Candidate[], proxUnits: Unit[], pairs: PairPlan): void {
    if (pairs.prox.length < 2 || pairs.prox.some((k) => k === null)) return;
    const words = proxUnits.map((u) => u.text);
    let promoted = false;
    for (let i = 0, checked = 0; i < candidates.length && checked < RUN_VERIFY; i++) {
      const c = candidates[i]!;
      if (c.tier < 2) break;
      checked++;
      const t = this.text(c.id);
      if (containsRun(t.title, words) || containsRun(t.body, words)) {
        c.tier = 3;
        c.score *= 4 / 3;
        promoted = true;
      }
    }
    if (promoted) candidates.sort(byRank);
  }

  /** Per local doc: bit 1 = the pair term is in the title, bit 2 = in the body. */
  private pairPresence(seg: Segment, key: number, memo: Map<number, Uint8Array | null>): Uint8Array | null {
    let m = memo.get(key);
    if (m !== undefined) return m;
    seg.pairs ??= decodePairIndex(this.stmts.segmentPairs.get(seg.id) as Buffer | null);
    const out = new Uint8Array(seg.docCount);
    m = forEachPair(seg.pairs, key, (local, bits) => (out[local] = bits)) ? out : null;
    memo.set(key, m);
    return m;
  }

  private scoreGroup(
    analyzer: AnalyzerId,
    segs: Segment[],
    plan: GroupPlan,
    pairs: PairPlan,
    positiveNeedsText: boolean,
    filters: FilterNode[],
    out: Candidate[],
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
        for (const s of segs) df += this.postings(s, l.key)?.df ?? 0;
        idf.set(l.key, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
      }
    }
    const proxCount = pairs.prox.length;
    for (const seg of segs) {
      if (seg.liveCount === 0) continue;
      const size = seg.docCount;
      const score = new Float32Array(size);
      const hits = new Uint8Array(size);
      const last = new Int16Array(size).fill(-1);
      const excluded = new Uint8Array(size);
      let anyRequiredMissing = false;
      plan.clauses.forEach((c, ci) => {
        let matchedAny = false;
        for (const l of c.lookups) {
          const p = this.postings(seg, l.key);
          if (!p) continue;
          const w = l.weight * idf.get(l.key)!;
          for (const fp of p.fields) {
            if (!c.fields.includes(fp.field)) continue;
            matchedAny = true;
            const boost = FIELD_BOOST[fp.field]! * w;
            const av = avg[fp.field]! || 1;
            const { locals, tfs } = fp;
            if (!c.required) {
              for (let i = 0; i < locals.length; i++) excluded[locals[i]!] = 1;
              continue;
            }
            const lenBase = K1 * (1 - B);
            const lenMul = (K1 * B) / av;
            const num = boost * (K1 + 1);
            for (let i = 0; i < locals.length; i++) {
              const local = locals[i]!;
              const tf = tfs[i]!;
              const len = seg.fieldLens[local * FIELD_COUNT + fp.field]!;
              score[local]! += (num * tf) / (tf + lenBase + lenMul * len);
              if (last[local] !== ci) {
                last[local] = ci;
                hits[local]!++;
              }
            }
          }
        }
        if (c.required && !matchedAny) anyRequiredMissing = true;
      });
      if (anyRequiredMissing) continue;
      // adjacency: one presence map per pair term
      const memo = new Map<number, Uint8Array | null>();
      const required: Array<{ m: Uint8Array; mask: number }> = [];
      for (const r of pairs.required) {
        const m = this.pairPresence(seg, r.key, memo);
        if (!m) {
          anyRequiredMissing = true;
          break;
        }
        required.push({ m, mask: r.titleOnly ? 1 : 3 });
      }
      if (anyRequiredMissing) continue;
      const prox = pairs.prox.map((k) => (k === null ? null : this.pairPresence(seg, k, memo)));
      const negated = pairs.negated.map((p) => ({
        ms: p.keys.map((k) => this.pairPresence(seg, k, memo)),
        mask: p.titleOnly ? 1 : 3,
      }));
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
          const meta = this.docs.get(id);
          if (!meta || !this.passesFilters(meta, filters)) continue;
        }
        let tier = 0;
        if (proxCount > 0) {
          let present = 0;
          for (const m of prox) if (m && m[l]) present++;
          tier = present === proxCount ? 2 : present / proxCount;
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
        out.push({ id, score: score[l]! * (1 + tier), tier, analyzer, verify });
      }
    }
  }

  private buildHit(c: Candidate, plan: GroupPlan | null): SearchHit {
    const r = this.stmts.hitRow.get(c.id) as
      | {
          id: number;
          title: string;
          url: string | null;
          site_name: string | null;
          lang: string | null;
          saved_at: string;
          published_at: string | null;
          status: string;
          favorite: number;
          content_text: string;
        }
      | undefined;
    const tags = this.stmts.tags.all(c.id) as string[];
    const title = r?.title ?? '';
    const body = r?.content_text ?? '';
    const stop = plan ? { enough: Math.max(1, plan.requiredCount), window: SNIPPET_CHARS } : undefined;
    let bodyMatches = plan ? findMatches(body, plan.matcher, stop) : [];
    let titleMatches = plan ? findMatches(title, plan.matcher) : [];
    if (plan && bodyMatches.length === 0 && titleMatches.length === 0) {
      bodyMatches = findMatches(body, plan.looseMatcher, stop);
      titleMatches = findMatches(title, plan.looseMatcher);
    }
    const snip = buildSnippet(body, bodyMatches, SNIPPET_CHARS);
    const titleHighlights = titleMatches.map((m): [number, number] => [m.start, m.end]);
    return {
      id: c.id,
      title,
      url: r?.url ?? null,
      site: r?.site_name ?? null,
      lang: r?.lang ?? null,
      score: c.score,
      snippet: snip.text,
      highlights: snip.highlights,
      titleHighlights,
      savedAt: r?.saved_at ?? '',
      publishedAt: r?.published_at ?? null,
      status: r?.status ?? 'unread',
      favorite: r?.favorite === 1,
      tags,
    };
  }
}

export type { TermNode };
export { tokenize };
