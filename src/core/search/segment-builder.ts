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
  forEachWord,
  getAnalyzer,
  pairKey,
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

export function bucketOf(hash: number, bits: number): number {
  return bits === 0 ? 0 : hash >>> (32 - bits);
}

/** A growable typed array. */
class Grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array> {
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

export class SegmentBuilder {
  readonly articleIds: number[] = [];
  private readonly lens: number[] = [];
  private readonly lenSums = new Array<number>(FIELD_COUNT).fill(0);
  private readonly analyzer: Analyzer;
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly words = new Map<string, WordInfo>();
  // postings: (term id, local * 8 + field, tf), appended in doc order
  private readonly pTerm = new Grow(new Int32Array(1 << 16), (n) => new Int32Array(n));
  private readonly pDocField = new Grow(new Int32Array(1 << 16), (n) => new Int32Array(n));
  private readonly pTf = new Grow(new Uint16Array(1 << 16), (n) => new Uint16Array(n));
  // pairs: (key, local, bits), appended in doc order
  private readonly qKey = new Grow(new Uint32Array(1 << 16), (n) => new Uint32Array(n));
  private readonly qLocal = new Grow(new Int32Array(1 << 16), (n) => new Int32Array(n));
  private readonly qBits = new Grow(new Uint8Array(1 << 16), (n) => new Uint8Array(n));
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

  private word(w: string): WordInfo {
    let info = this.words.get(w);
    if (!info) {
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
      info = { terms, hash: wordHash(this.analyzer.folded(w)) };
      this.words.set(w, info);
    }
    return info;
  }

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
      forEachWord(texts[f] ?? '', (w) => {
        if (w.length > MAX_TOKEN_LENGTH) {
          prev = -1;
          return;
        }
        n++;
        const info = this.word(w); // may grow this.counts
        const counts = this.counts;
        for (const t of info.terms) if (counts[t]!++ === 0) touched.push(t);
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
      this.qKey.push(key);
      this.qLocal.push(local);
      this.qBits.push(bits);
    }
    return local;
  }

  /** The built segment, encoded with `writer` (reused across segments). */
  toSegment(level: number, writer: VarintWriter): NewSegment {
    // group postings by term id (stable: doc order, then field order within a doc)
    const nTerms = this.terms.length;
    const starts = new Int32Array(nTerms + 1);
    for (let i = 0; i < this.pTerm.n; i++) starts[this.pTerm.a[i]! + 1]!++;
    for (let t = 0; t < nTerms; t++) starts[t + 1]! += starts[t]!;
    const order = new Int32Array(this.pTerm.n);
    const fill = starts.slice(0, nTerms);
    for (let i = 0; i < this.pTerm.n; i++) order[fill[this.pTerm.a[i]!]!++] = i;
    const sorted = [...this.terms.keys()].sort((a, b) => (this.terms[a]! < this.terms[b]! ? -1 : 1));
    const perField: number[][] = Array.from({ length: FIELD_COUNT }, () => []);
    return {
      analyzer: this.analyzerId,
      level,
      articleIds: this.articleIds,
      fieldLens: Uint16Array.from(this.lens),
      lenSums: this.lenSums,
      terms: sorted.map((id) => this.terms[id]!),
      encode: (term) => {
        const id = this.termIds.get(term)!;
        for (const p of perField) p.length = 0;
        let df = 0;
        let lastLocal = -1;
        for (let k = starts[id]!; k < starts[id + 1]!; k++) {
          const i = order[k]!;
          const docField = this.pDocField.a[i]!;
          const local = docField >> 3;
          perField[docField & 7]!.push(local, this.pTf.a[i]!);
          if (local !== lastLocal) {
            df++;
            lastLocal = local;
          }
        }
        // a surface word known by its doc frequency only (typo correction): no postings
        return { df, data: encodePostings(writer, term.startsWith(WORD_MARK) ? [] : perField) };
      },
      ...this.pairBuckets(),
    };
  }

  /** The pairs grouped by key into buckets: sorted by key (stable radix sort keeps locals increasing). */
  private pairBuckets(): Pick<NewSegment, 'pairBits' | 'pairBuckets'> {
    const n = this.qKey.n;
    const keys = this.qKey.a;
    const order = radixOrder(keys, n);
    let distinct = 0;
    for (let k = 0; k < n; k++) if (k === 0 || keys[order[k]!] !== keys[order[k - 1]!]) distinct++;
    const bits = pairBucketBits(n * 3 + distinct * 8);
    const out: Array<{ bucket: number; data: Buffer }> = [];
    const bucketWriter = new PairBucketWriter();
    const list = new VarintWriter();
    let current = -1;
    for (let k = 0; k < n;) {
      const key = keys[order[k]!]!;
      let end = k;
      while (end < n && keys[order[end]!] === key) end++;
      const bucket = bucketOf(key, bits);
      if (bucket !== current) {
        if (bucketWriter.size > 0) out.push({ bucket: current, data: bucketWriter.finish() });
        current = bucket;
      }
      list.reset();
      list.push(end - k);
      list.push(this.qLocal.a[order[end - 1]!]!);
      let last = 0;
      for (let x = k; x < end; x++) {
        const i = order[x]!;
        list.push(this.qLocal.a[i]! - last);
        last = this.qLocal.a[i]!;
        list.push(this.qBits.a[i]!);
      }
      bucketWriter.add(key, list.view());
      k = end;
    }
    if (bucketWriter.size > 0) out.push({ bucket: current, data: bucketWriter.finish() });
    return { pairBits: bits, pairBuckets: out };
  }
}

/** Indices of keys[0..n) in ascending key order, stable (two 16-bit LSD passes). */
function radixOrder(keys: Uint32Array, n: number): Int32Array {
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Int32Array(n);
  for (const shift of [0, 16]) {
    const count = new Int32Array(65537);
    for (let i = 0; i < n; i++) count[((keys[i]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < n; i++) {
      const idx = src[i]!;
      dst[count[(keys[idx]! >>> shift) & 0xffff]!++] = idx;
    }
    [src, dst] = [dst, src];
  }
  return src;
}
