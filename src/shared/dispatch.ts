import type { z } from 'zod';
import {
  contract,
  isOperationName,
  localPathOf,
  type KhoHandlers,
  type OperationName,
  type OperationOutput,
  type ParsedInput,
} from './contract.js';
import { KhoError } from './errors.js';

/** Turns a zod failure into the INVALID_INPUT error every transport reports. */
export function invalidInput(name: string, error: z.ZodError): KhoError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const where = first && first.path ? ` (${first.path})` : '';
  return new KhoError(
    'INVALID_INPUT',
    `Invalid input for ${name}${where}: ${first?.message ?? 'rejected'}`,
    issues,
  );
}

export interface CallOptions {
  /**
   * Runs on the validated input before the handler; throws to refuse the call. A transport's own rules go
   * here (`kho serve` refuses inputs that would read the server's files, see `localPathOf`).
   */
  guard?: <N extends OperationName>(name: N, input: ParsedInput<N>) => void;
}

/**
 * The guard of every transport a remote or untrusted caller reaches (`kho serve` over HTTP, the window over
 * IPC): an input that would make Kho read a file on this machine by its path (the contract's `localPath`)
 * is refused, so such a caller sends file contents instead. `via` names the transport in the message.
 */
export function refuseLocalPaths(via: string): NonNullable<CallOptions['guard']> {
  return (name, input) => {
    if (localPathOf(name, input) === undefined) return;
    throw new KhoError(
      'INVALID_INPUT',
      `Invalid input for ${name}: reading files on the computer running Kho by their path is not allowed ${via}; send the file's contents as text with its name.`,
    );
  };
}

/**
 * The single entry point of every transport: validates `raw` against the operation's schema, runs the
 * handler, and checks the result against the output schema so the contract stays true.
 */
export async function callOperation<N extends OperationName>(
  handlers: KhoHandlers,
  name: N | string,
  raw: unknown,
  options: CallOptions = {},
): Promise<OperationOutput<N>> {
  if (!isOperationName(name)) throw new KhoError('NOT_FOUND', `Unknown operation "${String(name)}".`);
  const spec = contract[name];
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) throw invalidInput(name, parsed.error);
  options.guard?.(name, parsed.data as ParsedInput<typeof name>);
  const handler = handlers[name] as (input: unknown) => Promise<unknown>;
  const result = await handler(parsed.data);
  const checked = spec.output.safeParse(result);
  if (!checked.success) {
    throw new KhoError(
      'INTERNAL',
      `Kho produced an invalid result for ${name}: ${checked.error.issues[0]?.message}`,
    );
  }
  return checked.data as OperationOutput<N>;
}
