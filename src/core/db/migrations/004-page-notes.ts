import type { Migration } from './types.js';

/** A note about a whole article, not tied to a passage (Omnivore's page notes come in through imports). */
export const pageNotes: Migration = {
  version: 4,
  name: 'page-notes',
  sql: `ALTER TABLE articles ADD COLUMN note TEXT; -- Markdown, NFC`,
};
