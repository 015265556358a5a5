import { KhoError } from '../../../shared/errors.js';

/**
 * An error in the user's words. Most messages already are; a refused input names the operation and the
 * field ("Invalid input for articles.add (url): …"), so only the rule's own sentence is shown.
 */
export function errorText(err: unknown): string {
  const e = KhoError.from(err);
  const issue = e.code === 'INVALID_INPUT' ? e.issues?.[0]?.message : undefined;
  return issue ?? e.message;
}
