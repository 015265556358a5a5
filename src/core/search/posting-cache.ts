/**
 * The posting cache: decoded postings (typed arrays) per (segment, index term), least recently used out
 * first, bounded by bytes and entries. A miss is one primary-key lookup in `search_postings`; an absent term
 * is cached too (as null), since prefix and folded lookups ask for many terms a segment does not have.
 */
import { decodePostings, type FieldPostings } from './codec.js';
import type { Segment, SegmentStore } from './segments.js';

const CACHE_BYTES = 96 * 1024 * 1024;
const MAX_ENTRIES = 200_000;

interface CachedPostings {
  /** Docs of the segment holding the term (any field, tombstones included). */
  df: number;
  fields: FieldPostings[];
  /** Approximate bytes held. */
  size: number;
}

export class PostingCache {
  /** Map order is recency order: a hit is moved to the end, eviction takes from the front. */
  private readonly entries = new Map<string, CachedPostings | null>();
  private bytes = 0;

  constructor(private readonly store: SegmentStore) {}

  get(seg: Segment, term: string): CachedPostings | null {
    const key = `${seg.id}\u0000${term}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const r = this.store.readPosting(seg.id, term);
    let entry: CachedPostings | null = null;
    if (r) {
      const fields = decodePostings(r.data);
      let size = 64;
      for (const f of fields) size += f.locals.byteLength + f.tfs.byteLength;
      entry = { df: r.df, fields, size };
      this.bytes += size;
    }
    this.entries.set(key, entry);
    while (this.bytes > CACHE_BYTES || this.entries.size > MAX_ENTRIES) {
      const first = this.entries.keys().next();
      if (first.done) break;
      this.remove(first.value);
    }
    return entry;
  }

  /** Forgets a segment that no longer exists (segment ids may be reused). */
  dropSegment(id: number): void {
    const prefix = `${id}\u0000`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.remove(k);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (e) this.bytes -= e.size;
    this.entries.delete(key);
  }
}
