/**
 * Segment I/O: segment headers, vocabularies, pair indexes and postings BLOBs read from `search_segments` /
 * `search_postings`; new segments written, merged ones deleted. Segments are immutable once written.
 */
import type Database from 'better-sqlite3';
import { FIELD_COUNT, getAnalyzer, type AnalyzerId } from './analysis.js';
import { lowerBound } from './sorted.js';

/** Term of a segment's pair bucket row in `search_postings` (sorts before every word; never in the vocab). */
export function pairBucketTerm(bucket: number): string {
  return `\u0001${bucket.toString(16).padStart(4, '0')}`;
}

/** A segment as held in memory: the header only (~12 bytes a doc); vocabulary loads lazily. */
export interface Segment {
  id: number;
  analyzer: AnalyzerId;
  level: number;
  docCount: number;
  articleIds: Int32Array;
  fieldLens: Uint16Array;
  lenSums: number[];
  /** 1 where `search_docs` points at this copy (kept by IndexView). */
  live: Uint8Array;
  liveCount: number;
  bytes: number;
  vocab: string[] | null;
  dfs: Uint32Array | null;
  /** Its word pairs are in 2^pairBits buckets by the key's top bits (rows of `search_postings`). */
  pairBits: number;
  /** Bytes of its pair buckets (sizes a merge's buckets). */
  pairBytes: number;
}

/** What a new segment holds (built from articles, or merged from other segments). */
export interface NewSegment {
  analyzer: AnalyzerId;
  level: number;
  articleIds: ArrayLike<number>;
  /** FIELD_COUNT lengths per doc. */
  fieldLens: Uint16Array;
  lenSums: number[];
  /** Sorted: the vocabulary is binary-searched for prefixes. */
  terms: string[];
  /** A term's postings BLOB and doc frequency, or null to leave the term out (no live doc has it). */
  encode: (term: string) => { df: number; data: Buffer } | null;
  pairBits: number;
  /** The non-empty pair buckets (codec.ts). */
  pairBuckets: Array<{ bucket: number; data: Buffer }>;
}

interface HeaderRow {
  id: number;
  analyzer: AnalyzerId;
  level: number;
  doc_count: number;
  article_ids: Buffer;
  field_lens: Buffer;
  len_sums: string;
  bytes: number;
  pairs: Buffer | null;
}

export class SegmentStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      ids: db.prepare('SELECT id FROM search_segments ORDER BY id').pluck(),
      header: db.prepare(
        'SELECT id, analyzer, level, doc_count, article_ids, field_lens, len_sums, bytes, pairs FROM search_segments WHERE id = ?',
      ),
      vocab: db.prepare('SELECT vocab, dfs FROM search_segments WHERE id = ?'),
      exists: db.prepare('SELECT 1 FROM search_segments WHERE id = ?').pluck(),
      posting: db.prepare('SELECT df, data FROM search_postings WHERE segment_id = ? AND term = ?'),
      // words only: pair bucket rows sort first (their term starts with \u0001)
      allPostings: db.prepare(
        'SELECT term, df, data FROM search_postings WHERE segment_id = ? AND term >= char(2) ORDER BY term',
      ),
      insert: db.prepare(
        `INSERT INTO search_segments (analyzer, level, doc_count, article_ids, field_lens, len_sums, vocab, dfs,
           pipeline, bytes, created_at, pairs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertPosting: db.prepare(
        'INSERT INTO search_postings (segment_id, term, df, data) VALUES (?, ?, ?, ?)',
      ),
      delete: db.prepare('DELETE FROM search_segments WHERE id = ?'),
      deletePostings: db.prepare('DELETE FROM search_postings WHERE segment_id = ?'),
    };
  }

  ids(): number[] {
    return this.stmts.ids.all() as number[];
  }

  exists(id: number): boolean {
    return this.stmts.exists.get(id) !== undefined;
  }

  /** A segment's header with every doc marked not live (the caller knows which copies are live). */
  readHeader(id: number): Segment | null {
    const r = this.stmts.header.get(id) as HeaderRow | undefined;
    if (!r) return null;
    // copies: a BLOB's byte offset need not be aligned for typed arrays
    const articleIds = new Int32Array(r.doc_count);
    articleIds.set(new Int32Array(r.article_ids.buffer, r.article_ids.byteOffset, r.doc_count));
    const fieldLens = new Uint16Array(r.doc_count * FIELD_COUNT);
    fieldLens.set(new Uint16Array(r.field_lens.buffer, r.field_lens.byteOffset, r.doc_count * FIELD_COUNT));
    // pairs column: [format 2, bucket bits, pair bytes (u32 LE)]
    const header = r.pairs && r.pairs.length >= 6 && r.pairs[0] === 2 ? r.pairs : null;
    return {
      id,
      analyzer: r.analyzer,
      level: r.level,
      docCount: r.doc_count,
      articleIds,
      fieldLens,
      lenSums: JSON.parse(r.len_sums) as number[],
      live: new Uint8Array(r.doc_count),
      liveCount: 0,
      bytes: r.bytes,
      vocab: null,
      dfs: null,
      pairBits: header ? header[1]! : 0,
      pairBytes: header ? header.readUInt32LE(2) : 0,
    };
  }

  /** The segment's sorted vocabulary and doc frequencies (loaded once, for prefix and fuzzy words). */
  vocabOf(seg: Segment): { vocab: string[]; dfs: Uint32Array } {
    if (!seg.vocab || !seg.dfs) {
      const r = this.stmts.vocab.get(seg.id) as { vocab: Buffer; dfs: Buffer } | undefined;
      const text = r ? r.vocab.toString('utf8') : '';
      seg.vocab = text === '' ? [] : text.split('\n');
      seg.dfs = new Uint32Array(seg.vocab.length);
      if (r) seg.dfs.set(new Uint32Array(r.dfs.buffer, r.dfs.byteOffset, seg.vocab.length));
    }
    return { vocab: seg.vocab, dfs: seg.dfs };
  }

  /**
   * Whether the segment may hold `term`: false only when its vocabulary is loaded (a prefix, fuzzy or typo
   * lookup loaded it) and lacks the term, which spares a database read per absent term and segment.
   */
  mayHold(seg: Segment, term: string): boolean {
    if (!seg.vocab) return true;
    const i = lowerBound(seg.vocab, term);
    return i < seg.vocab.length && seg.vocab[i] === term;
  }

  /** One pair bucket of a segment (null: no pair falls in it). */
  readPairBucket(segmentId: number, bucket: number): Buffer | null {
    const r = this.stmts.posting.get(segmentId, pairBucketTerm(bucket)) as { data: Buffer } | undefined;
    return r ? r.data : null;
  }

  /** One term's postings BLOB in one segment: a primary-key lookup. */
  readPosting(segmentId: number, term: string): { df: number; data: Buffer } | undefined {
    return this.stmts.posting.get(segmentId, term) as { df: number; data: Buffer } | undefined;
  }

  /** Every postings BLOB of a segment, by term. */
  readAllPostings(segmentId: number): Array<{ term: string; df: number; data: Buffer }> {
    return this.stmts.allPostings.all(segmentId) as Array<{ term: string; df: number; data: Buffer }>;
  }

  /** Writes a segment and its postings (inside the caller's transaction). Returns its id. */
  write(s: NewSegment): number {
    const n = s.articleIds.length;
    const ids = Buffer.from(Int32Array.from(s.articleIds).buffer);
    const lens = Buffer.from(s.fieldLens.buffer, s.fieldLens.byteOffset, s.fieldLens.byteLength);
    const kept: string[] = [];
    const dfList: number[] = [];
    const encoded: Array<{ df: number; data: Buffer }> = [];
    let bytes = ids.length + lens.length;
    for (const t of s.terms) {
      const e = s.encode(t);
      if (!e) continue;
      kept.push(t);
      dfList.push(e.df);
      encoded.push(e);
      bytes += e.data.length + t.length + 8;
    }
    const vocab = Buffer.from(kept.join('\n'), 'utf8');
    const dfs = Buffer.from(Uint32Array.from(dfList).buffer);
    let pairBytes = 0;
    for (const b of s.pairBuckets) pairBytes += b.data.length;
    bytes += vocab.length + dfs.length + pairBytes;
    const pairs = Buffer.alloc(6);
    pairs[0] = 2;
    pairs[1] = s.pairBits;
    pairs.writeUInt32LE(Math.min(pairBytes, 0xffffffff), 2);
    const pipeline = JSON.stringify(getAnalyzer(s.analyzer).indexPipeline.toJSON());
    const info = this.stmts.insert.run(
      s.analyzer,
      s.level,
      n,
      ids,
      lens,
      JSON.stringify(s.lenSums),
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
    for (const b of s.pairBuckets) this.stmts.insertPosting.run(segId, pairBucketTerm(b.bucket), 0, b.data);
    return segId;
  }

  delete(id: number): void {
    this.stmts.deletePostings.run(id);
    this.stmts.delete.run(id);
  }
}
