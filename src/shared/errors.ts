/**
 * The one error type every layer throws and every transport carries.
 * `code` is stable and machine-readable; `message` is one specific sentence for a person.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'NOT_AN_ARTICLE',
  'UNREADABLE_FILE',
  'TOO_LARGE',
  'UNSUPPORTED_TYPE',
  'BAD_ENCODING',
  'FETCH_FAILED',
  'TIMEOUT',
  'ARCHIVE_LOCKED',
  'ARCHIVE_CORRUPT',
  'ARCHIVE_READ_ONLY',
  'AMBIGUOUS',
  'CONFLICT',
  'BAD_QUERY',
  'CANCELLED',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

export class KhoError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'KhoError';
    this.code = code;
    if (issues) this.issues = issues;
  }

  toJSON(): SerializedError {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static is(value: unknown): value is KhoError {
    return value instanceof KhoError;
  }

  /** Rebuilds an error that crossed a transport (IPC, HTTP, worker) as plain data. */
  static from(value: unknown): KhoError {
    if (value instanceof KhoError) return value;
    if (isSerializedError(value)) return new KhoError(value.code, value.message, value.issues);
    if (value instanceof Error) return new KhoError('INTERNAL', value.message);
    return new KhoError('INTERNAL', String(value));
  }
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string'
  );
}
