import type { KhoHandlers, OperationName } from '../../shared/contract.js';
import type { Db } from '../db/connection.js';
import type { ArticlesRepo } from '../db/articles-repo.js';
import type { TagsRepo } from '../db/tags-repo.js';
import type { AnnotationsRepo } from '../db/annotations-repo.js';
import type { AssetsRepo } from '../db/assets-repo.js';
import type { SettingsRepo } from '../db/settings-repo.js';
import type { VersionsRepo } from '../db/versions-repo.js';
import type { ArchiveHealth } from '../health.js';
import type { Jobs } from '../jobs.js';
import type { SearchEngine } from '../search/index.js';
import type { ChangeArea } from '../../shared/event-names.js';
import type { ConnectorPairing } from '../connector-pairing.js';

/**
 * What a write changes, for the `archive.changed` event: the areas a window must reload and the articles
 * concerned when they are known (empty: any). No areas: nothing any window shows (reading progress).
 */
export interface Change {
  areas: readonly ChangeArea[];
  ids?: readonly number[];
}

/** What every group of handlers works with: one open archive's connection, repositories and services. */
export interface ArchiveContext {
  readonly dataDir: string;
  readonly db: Db;
  readonly articles: ArticlesRepo;
  readonly tags: TagsRepo;
  readonly annotations: AnnotationsRepo;
  readonly assets: AssetsRepo;
  readonly settings: SettingsRepo;
  readonly versions: VersionsRepo;
  readonly jobs: Jobs;
  readonly search: SearchEngine;
  /** Read-only or damaged: writes are refused with a message that says why and what to do. */
  readonly health: ArchiveHealth;
  /** Browsers paired with Kho and requests waiting (the extension's connector). */
  readonly connector: ConnectorPairing;
  /**
   * Runs `fn` in one short write transaction, then tells search that rows changed and announces the change
   * (given directly, or worked out from `fn`'s result). Refused when the archive is read-only or damaged.
   * Nothing slow (network, extraction, re-anchoring) belongs inside.
   */
  write<T>(change: Change | ((result: T) => Change), fn: () => T): T;
}

/** The handlers of the operations named `<area>.*`; `openArchive` checks that the areas cover the contract. */
export type AreaHandlers<Area extends string> = {
  [N in OperationName as N extends `${Area}.${string}` ? N : never]: KhoHandlers[N];
};
