import { expect } from 'vitest';
import type { EventName, EventPayload, KhoEvent } from '../../src/shared/events.js';

/** Waits until `check` holds (polling every 20 ms), or fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The payloads of the events of one name, in the order they came. */
export function named<N extends EventName>(events: KhoEvent[], name: N): Array<EventPayload<N>> {
  return events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<N>);
}
