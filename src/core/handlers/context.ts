import type { KhoHandlers, OperationName } from '../../shared/contract.js';
import type { Db } from '../db/connection.js';
import type { ArticlesRepo } from '../db/articles-repo.js';
import type { TagsRepo } from '../db/tags-repo.js';
import type { AnnotationsRepo } from '../db/annotations-repo.js';
import type { AssetsRepo } from '../db/assets-repo.js';
import type { SettingsRepo } from '../db/settings-repo.js';
import type { Jobs } from '../jobs.js';
import type { SearchEngine } from '../search/index.js';

/** What every group of handlers works with: one open archive's connection, repositories and services. */
export interface ArchiveContext {
  readonly dataDir: string;
  readonly db: Db;
  readonly articles: ArticlesRepo;
  readonly tags: TagsRepo;
  readonly annotations: AnnotationsRepo;
  readonly assets: AssetsRepo;
  readonly settings: SettingsRepo;
  readonly jobs: Jobs;
  readonly search: SearchEngine;
  /** Runs `fn` in one transaction, then tells search that rows changed. */
  write<T>(fn: () => T): T;
}

/** The handlers of the operations named `<area>.*`; `openArchive` checks that the areas cover the contract. */
export type AreaHandlers<Area extends string> = {
  [N in OperationName as N extends `${Area}.${string}` ? N : never]: KhoHandlers[N];
};
