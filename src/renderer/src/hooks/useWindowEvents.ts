import { useEffect } from 'preact/hooks';
import type { KhoEvents } from '../../api.js';
import type { EventPayload } from '../../../shared/events.js';
import { useLatest } from './useLatest.js';

export interface WindowEventHandlers {
  /** A menu command (Add, Import files, search, settings, shortcuts, a theme). */
  onCommand(command: EventPayload<'app.command'>): void;
  /** A kho:// link to an article or a highlight. */
  onOpen(link: EventPayload<'app.open'>): void;
  /** The archive's process was started again; what was in progress failed. */
  onRestarted(message: string): void;
  /** Background search indexing failed. */
  onIndexError(message: string): void;
}

/**
 * The events the window acts on besides changes (useLibrary reloads for those): menu commands and links
 * from the Electron main process, and trouble the archive reports.
 */
export function useWindowEvents(events: KhoEvents, handlers: WindowEventHandlers): void {
  const latest = useLatest(handlers);
  useEffect(
    () =>
      events.subscribe((event) => {
        const h = latest.current;
        if (event.name === 'app.command') h.onCommand(event.payload);
        else if (event.name === 'app.open') h.onOpen(event.payload);
        else if (event.name === 'archive.restarted') h.onRestarted(event.payload.message);
        else if (event.name === 'index.error') h.onIndexError(event.payload.message);
      }),
    [events, latest],
  );
}
