import { initial } from './001-initial.js';
import { search } from './002-search.js';
import { titleKey } from './003-title-key.js';
import { imagePlaceholders } from './004-image-placeholders.js';
import type { Migration } from './types.js';

/** Every migration in order. Append new ones; never reorder or edit shipped ones. */
export const migrations: readonly Migration[] = [initial, search, titleKey, imagePlaceholders];
