/**
 * Compact postings: one BLOB per (segment, term) of unsigned LEB128 varints:
 *   nFields, then per field: field, count, then count pairs (local-id delta, term frequency).
 */
export interface FieldPostings {
  field: number;
  locals: Int32Array;
  tfs: Uint16Array;
}

export class VarintWriter {
  private buf = new Uint8Array(256);
  private pos = 0;
  reset(): void {
    this.pos = 0;
  }
  push(v: number): void {
    if (this.pos + 5 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }
  get length(): number {
    return this.pos;
  }
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** `pairs[f]` holds interleaved [local, tf, local, tf, ...] in increasing local order. */
export function encodePostings(w: VarintWriter, pairs: ReadonlyArray<ArrayLike<number> | undefined>): Buffer {
  w.reset();
  let nFields = 0;
  for (const p of pairs) if (p && p.length > 0) nFields++;
  w.push(nFields);
  for (let f = 0; f < pairs.length; f++) {
    const p = pairs[f];
    if (!p || p.length === 0) continue;
    w.push(f);
    w.push(p.length / 2);
    let last = 0;
    for (let i = 0; i < p.length; i += 2) {
      const local = p[i]!;
      w.push(local - last);
      last = local;
      w.push(Math.min(p[i + 1]!, 0xffff));
    }
  }
  return w.finish();
}

export function decodePostings(buf: Uint8Array): FieldPostings[] {
  let pos = 0;
  const read = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const nFields = read();
  const out: FieldPostings[] = [];
  for (let k = 0; k < nFields; k++) {
    const field = read();
    const count = read();
    const locals = new Int32Array(count);
    const tfs = new Uint16Array(count);
    let last = 0;
    for (let i = 0; i < count; i++) {
      last += read();
      locals[i] = last;
      tfs[i] = read();
    }
    out.push({ field, locals, tfs });
  }
  return out;
}

/**
 * A segment's word-pair index (see analysis.ts hashPair): one BLOB
 *   u32 K, u32 hashes[K] (ascending), u32 offsets[K + 1] into data, data
 * where data holds per hash: varint n, then n × (varint local-id delta, varint field bits: 1 title, 2 body).
 */
export interface PairIndex {
  hashes: Uint32Array;
  offsets: Uint32Array;
  data: Uint8Array;
}

/** `entries`: hash -> interleaved [local, bits, local, bits, ...] in increasing local order. */
export function encodePairIndex(entries: Map<number, number[]>): Buffer {
  const hashes = Uint32Array.from(entries.keys()).sort();
  const offsets = new Uint32Array(hashes.length + 1);
  const w = new VarintWriter();
  for (let i = 0; i < hashes.length; i++) {
    offsets[i] = w.length;
    const p = entries.get(hashes[i]!)!;
    w.push(p.length / 2);
    let last = 0;
    for (let j = 0; j < p.length; j += 2) {
      w.push(p[j]! - last);
      last = p[j]!;
      w.push(p[j + 1]!);
    }
  }
  offsets[hashes.length] = w.length;
  const data = w.finish();
  const out = Buffer.alloc(4 + hashes.byteLength + offsets.byteLength + data.length);
  out.writeUInt32LE(hashes.length, 0);
  Buffer.from(hashes.buffer).copy(out, 4);
  Buffer.from(offsets.buffer).copy(out, 4 + hashes.byteLength);
  data.copy(out, 4 + hashes.byteLength + offsets.byteLength);
  return out;
}

export function decodePairIndex(buf: Uint8Array | null): PairIndex {
  if (!buf || buf.length < 4)
    return { hashes: new Uint32Array(0), offsets: new Uint32Array(1), data: buf ?? new Uint8Array(0) };
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const k = b.readUInt32LE(0);
  const hashes = new Uint32Array(k);
  const offsets = new Uint32Array(k + 1);
  // copy: the BLOB's byte offset need not be 4-aligned
  new Uint8Array(hashes.buffer).set(b.subarray(4, 4 + 4 * k));
  new Uint8Array(offsets.buffer).set(b.subarray(4 + 4 * k, 8 + 8 * k));
  return { hashes, offsets, data: b.subarray(8 + 8 * k) };
}

/** Calls `fn(local, bits)` for every doc holding `hash`; returns false if the hash is absent. */
export function forEachPair(ix: PairIndex, hash: number, fn: (local: number, bits: number) => void): boolean {
  const { hashes } = ix;
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= hashes.length || hashes[lo] !== hash) return false;
  const buf = ix.data;
  let pos = ix.offsets[lo]!;
  const read = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[pos++]!;
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
    }
  };
  const n = read();
  let local = 0;
  for (let i = 0; i < n; i++) {
    local += read();
    fn(local, read());
  }
  return true;
}
