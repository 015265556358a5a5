/** A numbered, forward-only schema change. Versions are consecutive from 1; never edit one that shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
