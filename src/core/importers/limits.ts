import type { ImportProblem } from './entry.js';

/**
 * Size limits for import files, checked before anything is read or unpacked, so a 1 GB file or a
 * zip bomb costs a stat() and a look at the zip's table of contents, not memory.
 */
export interface ImportLimits {
  /** Any export file. */
  maxFileBytes: number;
  /** CSV, JSON and HTML exports are parsed whole, as one string. */
  maxTextBytes: number;
  /** Members listed in one zip. */
  maxZipEntries: number;
  /** One zip member, unpacked. */
  maxEntryBytes: number;
  /** All accepted zip members together, unpacked. */
  maxTotalBytes: number;
  /** Unpacked/packed size above which a member (over ratioFloorBytes) is treated as a zip bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Problems listed one by one; beyond this they are counted in a last line. */
  maxProblems: number;
}

const MB = 1024 * 1024;

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: 512 * MB,
  maxTextBytes: 256 * MB,
  maxZipEntries: 100_000,
  maxEntryBytes: 128 * MB,
  maxTotalBytes: 1024 * MB,
  maxRatio: 100,
  ratioFloorBytes: 1 * MB,
  maxProblems: 1000,
});

export function withLimits(overrides: Partial<ImportLimits> | undefined): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}

/** "1.5 GB", "12 MB", "800 KB", "12 bytes": sizes in the words people see in file managers. */
export function formatBytes(n: number): string {
  if (n >= 1024 * MB) return `${round(n / (1024 * MB))} GB`;
  if (n >= MB) return `${round(n / MB)} MB`;
  if (n >= 1024) return `${round(n / 1024)} KB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** Problems of one parse, capped so a garbage file cannot produce millions of lines. */
export class ProblemList {
  private readonly items: ImportProblem[] = [];
  private extra = 0;

  constructor(private readonly max: number) {}

  add(where: string, message: string): void {
    if (this.items.length < this.max) this.items.push({ where, message });
    else this.extra++;
  }

  get count(): number {
    return this.items.length + this.extra;
  }

  toArray(): ImportProblem[] {
    if (this.extra === 0) return [...this.items];
    return [
      ...this.items,
      { where: 'file', message: `${this.extra} more problem${this.extra === 1 ? '' : 's'} not listed.` },
    ];
  }
}
