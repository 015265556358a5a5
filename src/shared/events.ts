import { z } from 'zod';
import { Id, JobState } from './schemas.js';
import { APP_COMMANDS, CHANGE_AREAS, PAIRING_CHANGES, THEMES, type EventName } from './event-names.js';
import { ReceiverState } from './connector-protocol.js';
import { KhoError } from './errors.js';

export { EVENT_NAMES, EVENT_CHANNEL, isEventName, type EventName } from './event-names.js';

/**
 * The events of the contract, beside its operations (contract.ts): each named once with its payload
 * schema and where it comes from. Archive events come from the archive and every transport relays them
 * (IPC to the window, Server-Sent Events under `kho serve`, the CLI prints them); app events come from the
 * Electron main process (the menu, a kho:// link) and exist only in the window.
 */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  summary: string;
  payload: P;
  source: 'archive' | 'app';
}

function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

const Count = z.number().int().nonnegative();

export const events = {
  'job.progress': event({
    summary:
      'A long operation started with a job_id moved on (phase, done of total), or finished, failed or was cancelled.',
    payload: JobState,
    source: 'archive',
  }),
  'archive.changed': event({
    summary:
      'Articles, tags, highlights or settings changed, here or in another process (the CLI, another window). ' +
      'article_ids names the articles when they are known; empty means any.',
    payload: z.object({
      areas: z.array(z.enum(CHANGE_AREAS)).min(1),
      article_ids: z.array(Id),
      origin: z.enum(['here', 'elsewhere']),
    }),
    source: 'archive',
  }),
  'index.progress': event({
    summary:
      'Search indexing caught up on saved changes: indexing (with how many are still waiting) or idle.',
    payload: z.object({ state: z.enum(['indexing', 'idle']), indexed: Count, pending: Count }),
    source: 'archive',
  }),
  'index.error': event({
    summary: 'Search indexing failed; restarted tells whether the search worker was started again.',
    payload: z.object({ message: z.string(), restarted: z.boolean() }),
    source: 'archive',
  }),
  'archive.restarted': event({
    summary: "The archive's process stopped unexpectedly and was started again; calls in flight failed.",
    payload: z.object({ message: z.string() }),
    source: 'archive',
  }),
  'connector.pairing': event({
    summary:
      'A browser asked to pair (with the code to show), its request was approved or denied, it collected its ' +
      'token (paired), a paired browser was used (at most once a minute) or revoked. id: the request, or the ' +
      'browser for used and revoked.',
    payload: z.object({
      change: z.enum(PAIRING_CHANGES),
      id: z.string(),
      name: z.string(),
      code: z.string().nullable(),
    }),
    source: 'archive',
  }),
  'connector.receiver': event({
    summary:
      'This Kho started or stopped answering the browser extension on 127.0.0.1, or could not (the port was taken).',
    payload: ReceiverState,
    source: 'archive',
  }),
  'app.open': event({
    summary:
      'Open an article or a highlight (a kho:// link from the system, another instance or an article).',
    payload: z.object({ target: z.enum(['article', 'highlight']), id: Id }),
    source: 'app',
  }),
  'app.command': event({
    summary: 'A menu command the window carries out (a dialog it owns, or a preference).',
    payload: z.discriminatedUnion('command', [
      z.object({ command: z.enum(APP_COMMANDS) }),
      z.object({ command: z.literal('theme'), theme: z.enum(THEMES) }),
    ]),
    source: 'app',
  }),
} satisfies { [N in EventName]: EventSpec };

export type Events = typeof events;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;
/** One event as it travels: its name and its payload. */
export type KhoEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
export type EventListener = (event: KhoEvent) => void;

/** Builds an event after checking its payload against the contract, so every transport carries true events. */
export function makeEvent<N extends EventName>(name: N, payload: EventPayload<N>): KhoEvent {
  const checked = events[name].payload.safeParse(payload);
  if (!checked.success) {
    throw new KhoError(
      'INTERNAL',
      `Kho produced an invalid ${name} event: ${checked.error.issues[0]?.message ?? 'rejected'}`,
    );
  }
  return { name, payload: checked.data } as KhoEvent;
}
