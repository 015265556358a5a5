/**
 * Compact postings and pair buckets: unsigned LEB128 varints, lists of increasing local doc ids stored as
 * deltas. Every list also records its count and last local id, so a merge of segments without deleted
 * docs copies each list's bytes and re-encodes only its first delta (no decode, no re-encode).
 *
 * Postings BLOB (one per segment and term): nFields, then per field: field, count, last local, byte length,
 * then count × (local delta, term frequency).
 *
 * Pair bucket BLOB (the word pairs whose hash falls in one bucket of a segment):
 *   u32 K, u32 hashes[K] (ascending), u32 offsets[K + 1] into data, data
 * where data holds per hash: count, last local, then count × (local delta, field bits: 1 title, 2 body).
 */
import { lowerBound } from './sorted.js';

export interface FieldPostings {
  field: number;
  locals: Int32Array;
  tfs: Uint16Array;
}

export class VarintWriter {
  private buf = new Uint8Array(1024);
  private pos = 0;
  reset(): void {
    this.pos = 0;
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  push(v: number): void {
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  get length(): number {
    return this.pos;
  }
  /** The bytes written since `from` (a view: copy before the next reset). */
  view(from = 0): Uint8Array {
    return this.buf.subarray(from, this.pos);
  }
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** Sequential varint reads over a byte array. */
export class VarintReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }
  read(): number {
    const buf = this.buf;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let shift = 7;
    for (;;) {
      b = buf[this.pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  }
}

/** Scratch for one list's body (encoding is synchronous: one at a time). */
const body = new VarintWriter();

/** `pairs[f]` holds interleaved [local, tf, local, tf, ...] in increasing local order. */
export function encodePostings(w: VarintWriter, pairs: ReadonlyArray<ArrayLike<number> | undefined>): Buffer {
  w.reset();
  let nFields = 0;
  for (const p of pairs) if (p && p.length > 0) nFields++;
  w.push(nFields);
  for (let f = 0; f < pairs.length; f++) {
    const p = pairs[f];
    if (!p || p.length === 0) continue;
    body.reset();
    let last = 0;
    for (let i = 0; i < p.length; i += 2) {
      body.push(p[i]! - last);
      last = p[i]!;
      body.push(Math.min(p[i + 1]!, 0xffff));
    }
    w.push(f);
    w.push(p.length / 2);
    w.push(last);
    w.push(body.length);
    w.bytes(body.view());
  }
  return w.finish();
}

/** One field's list in a postings BLOB, not decoded. */
interface FieldBlock {
  field: number;
  count: number;
  last: number;
  /** The (delta, tf) pairs. */
  bytes: Uint8Array;
}

function fieldBlocks(buf: Uint8Array): FieldBlock[] {
  const r = new VarintReader(buf);
  const n = r.read();
  const out: FieldBlock[] = [];
  for (let k = 0; k < n; k++) {
    const field = r.read();
    const count = r.read();
    const last = r.read();
    const len = r.read();
    out.push({ field, count, last, bytes: buf.subarray(r.pos, r.pos + len) });
    r.pos += len;
  }
  return out;
}

export function decodePostings(buf: Uint8Array): FieldPostings[] {
  return fieldBlocks(buf).map(({ field, count, bytes }) => {
    const locals = new Int32Array(count);
    const tfs = new Uint16Array(count);
    decodePairs(bytes, locals, tfs);
    return { field, locals, tfs };
  });
}

/**
 * (delta, tf) varint pairs into locals and tfs. Flat, with the one-byte case first: every posting list a
 * query reads goes through this loop.
 */
function decodePairs(bytes: Uint8Array, locals: Int32Array, tfs: Uint16Array): void {
  let pos = 0;
  let last = 0;
  for (let i = 0; i < locals.length; i++) {
    let b = bytes[pos++]!;
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
    }
    last += v;
    locals[i] = last;
    b = bytes[pos++]!;
    v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
    }
    tfs[i] = v;
  }
}

/** One segment's postings of a term, for a merge: its locals move by `offset`, or through `remap` (-1: dropped). */
export interface MergeInput {
  data: Uint8Array;
  df: number;
  offset: number;
  /** Null when the segment has no deleted docs (its lists are copied). */
  remap: Int32Array | null;
}

/**
 * One term's postings in a merged segment, inputs in segment order (their new locals increase from one
 * input to the next), or null when no kept doc has the term.
 */
export function mergePostings(w: VarintWriter, inputs: MergeInput[]): { df: number; data: Buffer } | null {
  const perField = new Map<number, Array<{ block: FieldBlock; input: MergeInput }>>();
  let df = 0;
  for (const input of inputs) {
    if (input.remap) {
      const kept = new Set<number>();
      for (const fp of decodePostings(input.data))
        for (const l of fp.locals) if (input.remap[l]! >= 0) kept.add(l);
      df += kept.size;
    } else df += input.df;
    for (const block of fieldBlocks(input.data)) {
      let list = perField.get(block.field);
      if (!list) perField.set(block.field, (list = []));
      list.push({ block, input });
    }
  }
  if (df === 0) return null;
  const fields = [...perField.keys()].sort((a, b) => a - b);
  const blocks: Array<{ field: number; count: number; last: number; bytes: Uint8Array }> = [];
  for (const field of fields) {
    body.reset();
    let count = 0;
    let last = 0;
    for (const { block, input } of perField.get(field)!) {
      const r = new VarintReader(block.bytes);
      if (!input.remap) {
        // copy: only the first delta changes
        const first = r.read() + input.offset;
        const tf = r.read();
        body.push(first - last);
        body.push(tf);
        body.bytes(block.bytes.subarray(r.pos));
        count += block.count;
        last = block.last + input.offset;
        continue;
      }
      let local = 0;
      for (let i = 0; i < block.count; i++) {
        local += r.read();
        const tf = r.read();
        const nl = input.remap[local]!;
        if (nl < 0) continue;
        body.push(nl - last);
        body.push(tf);
        last = nl;
        count++;
      }
    }
    if (count > 0) blocks.push({ field, count, last, bytes: body.view().slice() });
  }
  w.reset();
  w.push(blocks.length);
  for (const b of blocks) {
    w.push(b.field);
    w.push(b.count);
    w.push(b.last);
    w.push(b.bytes.length);
    w.bytes(b.bytes);
  }
  return { df, data: w.finish() };
}

// ---- pair buckets -------------------------------------------------------------------------------

export interface PairBucket {
  hashes: Uint32Array;
  offsets: Uint32Array;
  data: Uint8Array;
}

/** Builds pair bucket BLOBs: add() hashes in ascending order, each with its doc list's bytes. */
export class PairBucketWriter {
  private hashes: number[] = [];
  private offsets: number[] = [];
  private readonly data = new VarintWriter();

  /** `list`: count, last local, then count × (delta, bits), as in a bucket's data. */
  add(hash: number, list: Uint8Array): void {
    this.hashes.push(hash);
    this.offsets.push(this.data.length);
    this.data.bytes(list);
  }

  get size(): number {
    return this.hashes.length;
  }

  /** The bucket BLOB of what was added; starts a new bucket. */
  finish(): Buffer {
    const k = this.hashes.length;
    this.offsets.push(this.data.length);
    const data = this.data.view();
    const out = Buffer.alloc(4 + 8 * k + 4 + data.length);
    out.writeUInt32LE(k, 0);
    Buffer.from(Uint32Array.from(this.hashes).buffer).copy(out, 4);
    Buffer.from(Uint32Array.from(this.offsets).buffer).copy(out, 4 + 4 * k);
    Buffer.from(data.buffer, data.byteOffset, data.length).copy(out, 8 + 8 * k);
    this.hashes = [];
    this.offsets = [];
    this.data.reset();
    return out;
  }
}

export function decodePairBucket(buf: Uint8Array): PairBucket {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const k = b.readUInt32LE(0);
  const hashes = new Uint32Array(k);
  const offsets = new Uint32Array(k + 1);
  // copies: a BLOB's byte offset need not be 4-aligned
  new Uint8Array(hashes.buffer).set(b.subarray(4, 4 + 4 * k));
  new Uint8Array(offsets.buffer).set(b.subarray(4 + 4 * k, 8 + 8 * k));
  return { hashes, offsets, data: b.subarray(8 + 8 * k) };
}

/** Index of `hash` in the bucket, or -1. */
function find(b: PairBucket, hash: number): number {
  const { hashes } = b;
  const lo = lowerBound(hashes, hash);
  return lo < hashes.length && hashes[lo] === hash ? lo : -1;
}

/** Calls `fn(local, bits)` for every doc holding `hash`; returns false if the hash is absent. */
export function forEachPair(b: PairBucket, hash: number, fn: (local: number, bits: number) => void): boolean {
  const at = find(b, hash);
  if (at < 0) return false;
  const r = new VarintReader(b.data, b.offsets[at]!);
  const n = r.read();
  r.read(); // last local
  let local = 0;
  for (let i = 0; i < n; i++) {
    local += r.read();
    fn(local, r.read());
  }
  return true;
}

/** How many docs hold `hash` (0 if none). */
export function pairCount(b: PairBucket, hash: number): number {
  const at = find(b, hash);
  return at < 0 ? 0 : new VarintReader(b.data, b.offsets[at]!).read();
}

/** The list bytes of entry i (count, last, pairs). */
export function pairList(b: PairBucket, i: number): Uint8Array {
  return b.data.subarray(b.offsets[i]!, b.offsets[i + 1]!);
}

/**
 * A hash's doc lists from several segments, in segment order, as one list: copied with the first delta
 * re-encoded (offset), or decoded and remapped (remap: -1 drops a doc). Empty result: no kept doc.
 */
export function mergePairLists(
  w: VarintWriter,
  lists: Array<{ list: Uint8Array; offset: number; remap: Int32Array | null }>,
): Uint8Array {
  body.reset();
  let count = 0;
  let last = 0;
  for (const { list, offset, remap } of lists) {
    const r = new VarintReader(list);
    const n = r.read();
    const listLast = r.read();
    if (!remap) {
      const first = r.read() + offset;
      const bits = r.read();
      body.push(first - last);
      body.push(bits);
      body.bytes(list.subarray(r.pos));
      count += n;
      last = listLast + offset;
      continue;
    }
    let local = 0;
    for (let i = 0; i < n; i++) {
      local += r.read();
      const bits = r.read();
      const nl = remap[local]!;
      if (nl < 0) continue;
      body.push(nl - last);
      body.push(bits);
      last = nl;
      count++;
    }
  }
  w.reset();
  if (count === 0) return w.view();
  w.push(count);
  w.push(last);
  w.bytes(body.view());
  return w.view();
}
