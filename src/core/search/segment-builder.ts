/**
 * Builds one new segment in memory from articles' field texts: postings per term and field (local id, tf),
 * field lengths, and the word-pair index of the title and body. SegmentStore.write() persists it.
 */
import {
  FIELD_COUNT,
  FIELD_INDEX,
  PAIR_FIELDS,
  WORD_MARK,
  getAnalyzer,
  type AnalyzerId,
} from './analysis.js';
import { encodePairIndex, encodePostings, type VarintWriter } from './codec.js';
import type { NewSegment } from './segments.js';

export class SegmentBuilder {
  readonly articleIds: number[] = [];
  private readonly lens: number[] = [];
  private readonly lenSums = new Array<number>(FIELD_COUNT).fill(0);
  /** term -> per field interleaved [local, tf, ...] */
  private readonly postings = new Map<string, Array<number[] | undefined>>();
  /** pair hash -> [local, field bits, ...] */
  private readonly pairs = new Map<number, number[]>();
  private readonly fieldPairs = new Set<number>();
  private readonly docPairs = new Map<number, number>();

  constructor(readonly analyzer: AnalyzerId) {}

  /** Analyses one article (`texts` in FIELDS order) and returns its local id in the segment. */
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

  /** The built segment, encoded with `writer` (reused across segments). */
  toSegment(level: number, writer: VarintWriter): NewSegment {
    return {
      analyzer: this.analyzer,
      level,
      articleIds: this.articleIds,
      fieldLens: Uint16Array.from(this.lens),
      lenSums: this.lenSums,
      terms: [...this.postings.keys()].sort(),
      encode: (t) => {
        const entry = this.postings.get(t)!;
        // a surface word known by its doc frequency only (typo correction): no postings
        const dfOnly = t.startsWith(WORD_MARK);
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
        return { df, data: encodePostings(writer, dfOnly ? [] : entry) };
      },
      pairs: encodePairIndex(this.pairs),
    };
  }
}
