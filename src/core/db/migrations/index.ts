import { initial } from './001-initial.js';
import { search } from './002-search.js';
import { fetchQueue } from './003-fetch-queue.js';
import { pageNotes } from './004-page-notes.js';
import { versions } from './005-versions.js';
import { titleKey } from './006-title-key.js';
import { imagePlaceholders } from './007-image-placeholders.js';
import { postingsRowid } from './008-postings-rowid.js';
import type { Migration } from './types.js';

/** Every migration in order. Append new ones; never reorder or edit shipped ones. */
export const migrations: readonly Migration[] = [
  initial,
  search,
  fetchQueue,
  pageNotes,
  versions,
  titleKey,
  imagePlaceholders,
  postingsRowid,
];
