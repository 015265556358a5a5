/** All stored times are ISO 8601 UTC with milliseconds, so they sort as text. */
export function nowIso(): string {
  return new Date().toISOString();
}
