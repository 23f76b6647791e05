import { afterEach, beforeEach } from 'vitest';
import type { FakeControls } from '../harness.js';
import { CANCEL_DEADLINE_MS } from './constants.js';
import { eventually } from './timing.js';

/**
 * Per-test isolation: scripted state is reset before each test, and after it
 * the suite waits (without failing) for the fake's connections to drain, so one
 * test's leftovers never land in the next.
 */
export function isolateTests(harness: FakeControls, cleanups: (() => Promise<void> | void)[]): void {
  beforeEach(() => {
    harness.reset?.();
  });
  afterEach(async () => {
    const pending = cleanups.splice(0, cleanups.length);
    for (const cleanup of pending) {
      try {
        await cleanup();
      } catch {
        // Cleanup of a session that already failed; the test itself reported the problem.
      }
    }
    await eventually(
      () => harness.openConnections() === 0,
      CANCEL_DEADLINE_MS,
      () => '',
    ).catch(() => {});
  });
}
