import type { Db } from '../connection.js';

/**
 * A numbered, forward-only schema change. Versions are consecutive from 1; never edit one that shipped.
 * `up` runs after `sql`, in the same transaction, for changes SQL alone cannot make (values computed in JS).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  up?(db: Db): void;
}
