import { createHash } from 'node:crypto';

/** Image bytes: what they really are (by magic bytes, not by the server's word) and their hash. */

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/avif' | 'image/bmp';

/**
 * The image type of `bytes`, or null. SVG is refused on purpose: it is a document that can carry
 * scripts and remote references, and serving it from kho-asset: would give it our origin.
 */
export function sniffImageMime(bytes: Uint8Array): ImageMime | null {
  const at = (i: number, ...sig: number[]): boolean => sig.every((b, k) => bytes[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(4, 0x66, 0x74, 0x79, 0x70)) {
    const brand = Buffer.from(bytes.subarray(8, 12)).toString('latin1');
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
  }
  if (at(0, 0x42, 0x4d) && bytes.length > 26) return 'image/bmp';
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
