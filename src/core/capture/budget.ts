import { KhoError } from '../../shared/errors.js';

/**
 * How long one capture may take and whether it was cancelled. Capture is a pipeline of bounded
 * synchronous steps (parsing, extraction, sanitising — each capped by the guards in html-guard.ts)
 * and network waits; the budget is checked between steps, and each step yields to the event loop
 * first, so a process serving requests keeps answering and a cancel request is seen within one step.
 */

/** Whole capture (download, extraction, images) unless the caller gives its own. */
export const CAPTURE_BUDGET_MS = 90_000;

export class CaptureBudget {
  private readonly deadline: number;

  constructor(
    private readonly signal: AbortSignal | undefined,
    readonly budgetMs: number = CAPTURE_BUDGET_MS,
  ) {
    this.deadline = Date.now() + budgetMs;
  }

  /** Throws CANCELLED or TIMEOUT when the capture must stop. */
  check(): void {
    if (this.signal?.aborted) throw new KhoError('CANCELLED', 'The capture was cancelled.');
    if (Date.now() > this.deadline) {
      throw new KhoError(
        'TIMEOUT',
        `Capturing took longer than ${Math.round(this.budgetMs / 1000)} s, Kho's limit for one article; nothing was saved.`,
      );
    }
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Lets other work (requests, cancel calls, timers) run, then checks the budget. */
  async step(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }
}
