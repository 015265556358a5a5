import {
  makeEvent,
  type EventListener,
  type EventName,
  type EventPayload,
  type KhoEvent,
} from '../shared/events.js';

/**
 * The archive's event fan-out: handlers, jobs and search emit contract events here, and each transport
 * (the archive host, `kho serve`, the CLI) subscribes. A listener that throws does not stop the others.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    if (this.listeners.size === 0) return;
    const event: KhoEvent = makeEvent(name, payload);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error(`A listener of ${name} failed:`, err);
      }
    }
  }
}
