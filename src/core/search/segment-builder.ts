/**
 * Builds one new segment in memory from articles' field texts: postings per term and field (local id, tf),
 * field lengths, and the word pairs of the title and body in buckets. Built for bulk speed: each distinct
 * word is analysed once per segment (its index terms as integer ids, its folded hash), documents add to
 * flat typed arrays, and the segment is grouped by term (counting sort) and by pair key (radix sort) once
 * at the end. SegmentStore.write() persists it.
 */
import {
  FIELD_COUNT,
  FIELD_INDEX,
  MAX_TOKEN_LENGTH,
  PAIR_FIELDS,
  WORD_MARK,
  getAnalyzer,
  pairKey,
  scanWordsHashed,
  wordHash,
  type Analyzer,
  type AnalyzerId,
} from './analysis.js';
import { PairBucketWriter, VarintWriter, encodePostings } from './codec.js';
import type { NewSegment } from './segments.js';

/** Pair buckets are sized for about this many bytes each (one read per looked-up pair). */
export const PAIR_BUCKET_BYTES = 32 * 1024;

/** Bucket bits for pair data of about `bytes` bytes. */
export function pairBucketBits(bytes: number): number {
  return Math.max(0, Math.min(16, Math.ceil(Math.log2(Math.max(1, bytes / PAIR_BUCKET_BYTES)))));
}

/** Pairs are collected in 2^STREAM_BITS streams by their key's top bits. */
const STREAM_BITS = 8;
const STREAMS = 1 << STREAM_BITS;

/**
 * Positions 0..n-1 of a stream's pair keys in key order, equal keys in position order (so each key's locals
 * stay increasing): an LSD radix sort on the 24 bits below the stream's own top 8, three passes of 8 bits,
 * linear where a comparison sort of a segment's million pairs was a tenth of all indexing time.
 */
export function stableKeyOrder(keys: Uint32Array, n: number): Int32Array {
  let order = new Int32Array(n);
  let next = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Int32Array(256);
  for (let shift = 0; shift < 32 - STREAM_BITS; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 255]!++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const o = order[i]!;
      next[count[(keys[o]! >>> shift) & 255]!++] = o;
    }
    [order, next] = [next, order];
  }
  return order;
}

export function bucketOf(hash: number, bits: number): number {
  return bits === 0 ? 0 : hash >>> (32 - bits);
}

/** A growable typed array. */
/** A growable typed array. */
class Grow<T extends Int32Array | Uint32Array | Uint16Array> {
  n = 0;
  constructor(
    public a: T,
    private readonly make: (size: number) => T,
  ) {}
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = this.make(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n++] = v;
  }
}

interface WordInfo {
  terms: Int32Array;
  hash: number;
}

/**
 * The segment's distinct words by their characters in the text (open addressing on an FNV hash of the
 * char codes): a word already seen costs no string and no Map lookup.
 */
class WordTable {
  private mask = 4095;
  private hashes = new Int32Array(4096);
  private slots = new Int32Array(4096).fill(-1);
  private readonly words: string[] = [];
  private readonly infos: WordInfo[] = [];

  /** `h`: the FNV-1a hash of text[start, end) as scanWordsHashed computes it. */
  find(text: string, start: number, end: number, h: number, make: (word: string) => WordInfo): WordInfo {
    const len = end - start;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const idx = this.slots[s]!;
      if (idx < 0) {
        const word = text.slice(start, end);
        const info = make(word);
        this.words.push(word);
        this.infos.push(info);
        this.slots[s] = this.words.length - 1;
        this.hashes[s] = h;
        if (this.words.length * 2 > this.mask) this.grow();
        return info;
      }
      if (this.hashes[s] === h) {
        const w = this.words[idx]!;
        if (w.length === len) {
          let same = true;
          for (let k = 0; k < len; k++)
            if (w.charCodeAt(k) !== text.charCodeAt(start + k)) {
              same = false;
              break;
            }
          if (same) return this.infos[idx]!;
        }
      }
    }
  }

  private grow(): void {
    const { hashes, slots } = this;
    this.mask = this.mask * 2 + 1;
    this.hashes = new Int32Array(this.mask + 1);
    this.slots = new Int32Array(this.mask + 1).fill(-1);
    for (let i = 0; i < slots.length; i++) {
      if (slots[i]! < 0) continue;
      let s = hashes[i]! & this.mask;
      while (this.slots[s]! >= 0) s = (s + 1) & this.mask;
      this.slots[s] = slots[i]!;
      this.hashes[s] = hashes[i]!;
    }
  }
}

export class SegmentBuilder {
  readonly articleIds: number[] = [];
  private readonly lens: number[] = [];
  private readonly lenSums = new Array<number>(FIELD_COUNT).fill(0);
  private readonly analyzer: Analyzer;
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly words = new WordTable();
  // postings: (term id, local * 8 + field, tf), appended in doc order
  private readonly pTerm = new Grow(new Int32Array(1 << 16), (n) => new Int32Array(n));
  private readonly pDocField = new Grow(new Int32Array(1 << 16), (n) => new Int32Array(n));
  private readonly pTf = new Grow(new Uint16Array(1 << 16), (n) => new Uint16Array(n));
  // pairs: (key, local * 4 + bits) in STREAMS streams by the key's top bits, appended in doc order (each
  // stream is later sorted on its own, in cache, instead of one sort of every pair of the segment)
  private readonly streams = Array.from({ length: STREAMS }, () => ({
    keys: new Grow(new Uint32Array(256), (n) => new Uint32Array(n)),
    docs: new Grow(new Int32Array(256), (n) => new Int32Array(n)),
  }));
  private pairCount = 0;
  // per doc scratch
  private counts = new Int32Array(1024);
  private readonly touched = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly docPairs = [
    new Grow(new Uint32Array(1024), (n) => new Uint32Array(n)),
    new Grow(new Uint32Array(1024), (n) => new Uint32Array(n)),
  ];

  constructor(readonly analyzerId: AnalyzerId) {
    this.analyzer = getAnalyzer(analyzerId);
  }

  get size(): number {
    return this.articleIds.length;
  }

  /** A word seen for the first time in this segment: its term ids and folded hash. */
  private readonly makeWord = (w: string): WordInfo => {
    const ts = this.analyzer.indexTerms(w);
    const terms = new Int32Array(ts.length);
    ts.forEach((t, i) => {
      let id = this.termIds.get(t);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(t, id);
        this.terms.push(t);
        if (id >= this.counts.length) {
          const next = new Int32Array(this.counts.length * 2);
          next.set(this.counts);
          this.counts = next;
        }
      }
      terms[i] = id;
    });
    return { terms, hash: wordHash(this.analyzer.folded(w)) };
  };

  /** Analyses one article (`texts` in FIELDS order) and returns its local id in the segment. */
  add(articleId: number, texts: string[]): number {
    const local = this.articleIds.length;
    this.articleIds.push(articleId);
    const { touched } = this;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const pairs = PAIR_FIELDS.includes(f) ? this.docPairs[f === FIELD_INDEX.title ? 0 : 1]! : null;
      if (pairs) pairs.n = 0;
      let n = 0;
      let prev = -1; // hash of the previous word, -1 after a word over MAX_TOKEN_LENGTH
      touched.n = 0;
      const text = texts[f] ?? '';
      scanWordsHashed(text, (start, end, hash) => {
        if (end - start > MAX_TOKEN_LENGTH) {
          prev = -1;
          return;
        }
        n++;
        const info = this.words.find(text, start, end, hash, this.makeWord); // may grow this.counts
        const counts = this.counts;
        const { terms } = info;
        for (let k = 0; k < terms.length; k++) if (counts[terms[k]!]!++ === 0) touched.push(terms[k]!);
        if (pairs) {
          if (prev >= 0) pairs.push(pairKey(prev, info.hash));
          prev = info.hash;
        }
      });
      const counts = this.counts;
      for (let i = 0; i < touched.n; i++) {
        const t = touched.a[i]!;
        this.pTerm.push(t);
        this.pDocField.push(local * 8 + f);
        this.pTf.push(Math.min(counts[t]!, 0xffff));
        counts[t] = 0;
      }
      this.lens.push(Math.min(n, 0xffff));
      this.lenSums[f]! += n;
    }
    // the doc's distinct pairs, with bit 1 for the title and 2 for the body
    const [title, body] = this.docPairs as [Grow<Uint32Array>, Grow<Uint32Array>];
    const t = title.a.subarray(0, title.n).sort();
    const b = body.a.subarray(0, body.n).sort();
    let i = 0;
    let j = 0;
    while (i < t.length || j < b.length) {
      const key = j >= b.length || (i < t.length && t[i]! < b[j]!) ? t[i]! : b[j]!;
      let bits = 0;
      for (; i < t.length && t[i] === key; i++) bits |= 1;
      for (; j < b.length && b[j] === key; j++) bits |= 2;
      const stream = this.streams[key >>> (32 - STREAM_BITS)]!;
      stream.keys.push(key);
      stream.docs.push(local * 4 + bits);
      this.pairCount++;
    }
    return local;
  }

  /** The built segment, encoded with `writer` (reused across segments). */
  toSegment(level: number, writer: VarintWriter): NewSegment {
    // group postings by term id (counting sort, stable: doc order, then field order within a doc)
    const nTerms = this.terms.length;
    const starts = new Int32Array(nTerms + 1);
    for (let i = 0; i < this.pTerm.n; i++) starts[this.pTerm.a[i]! + 1]!++;
    for (let t = 0; t < nTerms; t++) starts[t + 1]! += starts[t]!;
    const fill = starts.slice(0, nTerms);
    const grouped = new Int32Array(this.pTerm.n * 2);
    for (let i = 0; i < this.pTerm.n; i++) {
      const at = 2 * fill[this.pTerm.a[i]!]!++;
      grouped[at] = this.pDocField.a[i]!;
      grouped[at + 1] = this.pTf.a[i]!;
    }
    const sorted = [...this.terms.keys()].sort((a, b) => (this.terms[a]! < this.terms[b]! ? -1 : 1));
    const body = new VarintWriter();
    return {
      analyzer: this.analyzerId,
      level,
      articleIds: this.articleIds,
      fieldLens: Uint16Array.from(this.lens),
      lenSums: this.lenSums,
      terms: sorted.map((id) => this.terms[id]!),
      // the postings format of codec.ts, written straight from the grouped entries
      encode: (term) => {
        const id = this.termIds.get(term)!;
        const p = grouped.subarray(2 * starts[id]!, 2 * starts[id + 1]!);
        const n = p.length;
        let df = 0;
        let lastLocal = -1;
        let fields = 0;
        for (let k = 0; k < n; k += 2) {
          const x = p[k]!;
          fields |= 1 << (x & 7);
          if (x >> 3 !== lastLocal) {
            df++;
            lastLocal = x >> 3;
          }
        }
        // a surface word known by its doc frequency only (typo correction): no postings
        if (term.startsWith(WORD_MARK)) return { df, data: encodePostings(writer, []) };
        writer.reset();
        let nFields = 0;
        for (let f = 0; f < FIELD_COUNT; f++) if (fields & (1 << f)) nFields++;
        writer.push(nFields);
        for (let f = 0; f < FIELD_COUNT; f++) {
          if (!(fields & (1 << f))) continue;
          body.reset();
          let count = 0;
          let last = 0;
          for (let k = 0; k < n; k += 2) {
            const x = p[k]!;
            if ((x & 7) !== f) continue;
            body.push((x >> 3) - last);
            body.push(p[k + 1]!);
            last = x >> 3;
            count++;
          }
          writer.push(f);
          writer.push(count);
          writer.push(last);
          writer.push(body.length);
          writer.bytes(body.view());
        }
        return { df, data: writer.finish() };
      },
      ...this.pairBuckets(),
    };
  }

  /** The pairs grouped by key into buckets, stream by stream (a stream's sort keeps locals increasing). */
  private pairBuckets(): Pick<NewSegment, 'pairBits' | 'pairBuckets'> {
    let distinct = 0;
    const sortedStreams = this.streams.map(({ keys, docs }) => {
      const order = stableKeyOrder(keys.a, keys.n);
      for (let i = 0; i < keys.n; i++) if (i === 0 || keys.a[order[i]!] !== keys.a[order[i - 1]!]) distinct++;
      return { keys: keys.a, docs: docs.a, order };
    });
    const bits = pairBucketBits(this.pairCount * 3 + distinct * 8);
    const out: Array<{ bucket: number; data: Buffer }> = [];
    const bucketWriter = new PairBucketWriter();
    const list = new VarintWriter();
    let current = -1;
    for (const { keys, docs, order } of sortedStreams) {
      for (let k = 0; k < order.length;) {
        const key = keys[order[k]!]!;
        let end = k;
        while (end < order.length && keys[order[end]!] === key) end++;
        const bucket = bucketOf(key, bits);
        if (bucket !== current) {
          if (bucketWriter.size > 0) out.push({ bucket: current, data: bucketWriter.finish() });
          current = bucket;
        }
        list.reset();
        list.push(end - k);
        list.push(docs[order[end - 1]!]! >> 2);
        let last = 0;
        for (let x = k; x < end; x++) {
          const d = docs[order[x]!]!;
          list.push((d >> 2) - last);
          last = d >> 2;
          list.push(d & 3);
        }
        bucketWriter.add(key, list.view());
        k = end;
      }
    }
    if (bucketWriter.size > 0) out.push({ bucket: current, data: bucketWriter.finish() });
    return { pairBits: bits, pairBuckets: out };
  }
}
