/**
 * The names of every contract operation, without zod: the preload and the renderer need only these, and
 * zod would be most of their bundles. `contract.ts` must define exactly these operations (a `satisfies`
 * there fails to compile otherwise); the facts about each operation live on its definition in the contract.
 */
export const OPERATION_NAMES = [
  'app.info',
  'app.changes',
  'articles.add',
  'articles.list',
  'articles.counts',
  'articles.get',
  'articles.update',
  'articles.trash',
  'articles.restore',
  'articles.purge',
  'articles.emptyTrash',
  'articles.refresh',
  'articles.replaceContent',
  'articles.versions',
  'articles.version',
  'articles.restoreVersion',
  'import.folder',
  'import.files',
  'import.file',
  'import.bytes',
  'queue.status',
  'queue.list',
  'queue.retry',
  'queue.pause',
  'queue.resume',
  'queue.run',
  'tags.list',
  'tags.attach',
  'tags.detach',
  'tags.rename',
  'tags.merge',
  'tags.delete',
  'annotations.list',
  'annotations.query',
  'annotations.create',
  'annotations.update',
  'annotations.delete',
  'search.query',
  'search.reindex',
  'export.annotations',
  'export.run',
  'export.getTemplate',
  'export.setTemplate',
  'backups.list',
  'backups.create',
  'backups.setSchedule',
  'jobs.get',
  'jobs.cancel',
  'settings.get',
  'settings.set',
  'connector.pair',
  'connector.pairStatus',
  'connector.verify',
  'connector.pairings',
  'connector.approve',
  'connector.deny',
  'connector.revoke',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(OPERATION_NAMES);

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && NAMES.has(name);
}

/** IPC channel for an operation; the preload and main derive channels from here only. */
export function ipcChannel(name: OperationName): string {
  return `kho:${name}`;
}
