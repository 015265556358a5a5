/**
 * The posting cache: decoded postings (typed arrays) per (segment, index term) and decoded pair buckets,
 * least recently used out first, bounded by bytes and entries. A miss is one primary-key lookup in
 * `search_postings`; an absent term is cached too (as null), since prefix and folded lookups ask for many
 * terms a segment does not have.
 */
import { decodePairBucket, decodePostings, type FieldPostings, type PairBucket } from './codec.js';
import { bucketOf } from './segment-builder.js';
import { pairBucketTerm, type Segment, type SegmentStore } from './segments.js';

const CACHE_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 200_000;

interface CachedPostings {
  /** Docs of the segment holding the term (any field, tombstones included). */
  df: number;
  fields: FieldPostings[];
  /** Approximate bytes held. */
  size: number;
}

const EMPTY_BUCKET: PairBucket = {
  hashes: new Uint32Array(0),
  offsets: new Uint32Array(1),
  data: new Uint8Array(0),
};

export class PostingCache {
  /** Map order is recency order: a hit is moved to the end, eviction takes from the front. */
  private readonly entries = new Map<string, CachedPostings | null>();
  private readonly buckets = new Map<string, { bucket: PairBucket; size: number }>();
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
    const r = this.store.mayHold(seg, term) ? this.store.readPosting(seg.id, term) : undefined;
    let entry: CachedPostings | null = null;
    if (r) {
      const fields = decodePostings(r.data);
      let size = 64;
      for (const f of fields) size += f.locals.byteLength + f.tfs.byteLength;
      entry = { df: r.df, fields, size };
      this.bytes += size;
    }
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  /** Oldest first, postings and pair buckets alike, until within bounds. */
  private evict(): void {
    while (this.bytes > CACHE_BYTES || this.entries.size > MAX_ENTRIES) {
      const postings = this.entries.keys().next();
      const bucket = this.buckets.keys().next();
      // the two maps are each in recency order; drop from the larger one
      if (!bucket.done && (postings.done || this.buckets.size * 64 > this.entries.size)) {
        this.bytes -= this.buckets.get(bucket.value)!.size;
        this.buckets.delete(bucket.value);
      } else if (!postings.done) this.remove(postings.value);
      else break;
    }
  }

  /** The segment's pair bucket that holds `hash` (empty when no pair falls in it). */
  pairBucket(seg: Segment, hash: number): PairBucket {
    const b = bucketOf(hash, seg.pairBits);
    const key = `${seg.id}\u0000${pairBucketTerm(b)}`;
    const hit = this.buckets.get(key);
    if (hit) {
      this.buckets.delete(key);
      this.buckets.set(key, hit);
      return hit.bucket;
    }
    const data = this.store.readPairBucket(seg.id, b);
    const bucket = data ? decodePairBucket(data) : EMPTY_BUCKET;
    const size = 64 + bucket.hashes.byteLength + bucket.offsets.byteLength + bucket.data.byteLength;
    this.buckets.set(key, { bucket, size });
    this.bytes += size;
    this.evict();
    return bucket;
  }

  /** Forgets a segment that no longer exists (segment ids may be reused). */
  dropSegment(id: number): void {
    const prefix = `${id}\u0000`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.remove(k);
    for (const k of [...this.buckets.keys()])
      if (k.startsWith(prefix)) {
        this.bytes -= this.buckets.get(k)!.size;
        this.buckets.delete(k);
      }
  }

  clear(): void {
    this.entries.clear();
    this.buckets.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (e) this.bytes -= e.size;
    this.entries.delete(key);
  }
}
