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

/** Number of distinct docs in decoded postings. */
export function docFrequency(fields: FieldPostings[]): number {
  if (fields.length === 1) return fields[0]!.locals.length;
  const seen = new Set<number>();
  for (const f of fields) for (const l of f.locals) seen.add(l);
  return seen.size;
}
