/** Value conversions for the JSON-LD export: IRIs and timestamps in the forms the W3C model requires. */
import { KhoError } from '../../shared/errors.js';

/**
 * An absolute IRI in its ASCII form (percent-encoded path, punycode host) as JSON-schema "uri" checks it,
 * or null when the string is not an absolute URL (then the caller falls back to a urn:kho: IRI).
 */
export function asIri(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol && u.href ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * ISO 8601 with an explicit timezone (the model requires xsd:dateTime with a timezone). The archive stores
 * UTC ISO strings already; SQLite-style "YYYY-MM-DD HH:MM:SS" without a zone is read as UTC.
 */
export function toIsoTimestamp(value: string): string {
  const s = value.trim();
  const hasZone = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(s);
  const d = new Date(hasZone ? s : `${s.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) throw new KhoError('INVALID_INPUT', `"${value}" is not a timestamp.`);
  return d.toISOString();
}
