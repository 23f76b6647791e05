import type { Avatar } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import type { AvatarConformanceHarness } from './harness.js';
import {
  CALL_DEADLINE_MS,
  CANCEL_DEADLINE_MS,
  SHORT_TIMEOUT_MS,
  TIMEOUT_SLACK_MS,
} from './support/constants.js';
import { isolateTests } from './support/lifecycle.js';
import { eventually, rejectionOf, within } from './support/timing.js';
import {
  abortedSignal,
  expectStatusMapped,
  expectVendorError,
  RETRY_AFTER_SEC,
  statusCases,
} from './support/vendor-error-checks.js';

/**
 * The Avatar contract, run against an implementation pointed at its fake:
 * a session token that expires in the future, cancellation, error kinds and timeouts.
 */
export function describeAvatarConformance(harness: AvatarConformanceHarness): void {
  describe(`Avatar conformance: ${harness.name}`, () => {
    isolateTests(harness, []);
    const create = (timeoutMs?: number): Avatar =>
      harness.create(timeoutMs === undefined ? {} : { timeoutMs });

    it('declares specificationVersion v1 and a provider', () => {
      const avatar = create();
      expect(avatar.specificationVersion).toBe('v1');
      expect(avatar.provider.length).toBeGreaterThan(0);
    });

    it('createSession() returns a token, a future expiry and the face id', async () => {
      const avatar = create();
      const before = Date.now();
      const session = await within(
        avatar.createSession({ maxSessionLengthSec: 600 }),
        CALL_DEADLINE_MS,
        'createSession()',
      );
      expect(session.provider).toBe(avatar.provider);
      expect(typeof session.sessionToken).toBe('string');
      expect(session.sessionToken.length).toBeGreaterThan(0);
      expect(Number.isFinite(session.expiresAt), 'expiresAt is epoch ms').toBe(true);
      expect(session.expiresAt).toBeGreaterThan(before);
      // Epoch milliseconds, not seconds: a seconds value would be in 1970.
      expect(session.expiresAt).toBeGreaterThan(1_600_000_000_000);
      expect(typeof session.faceId).toBe('string');
      expect(session.faceId.length).toBeGreaterThan(0);
    });

    describe('cancellation', () => {
      it('aborting createSession() rejects with cancelled and closes the connection', async () => {
        harness.stall();
        const controller = new AbortController();
        const pending = create().createSession({ signal: controller.signal });
        await eventually(
          () => harness.openConnections() > 0,
          CALL_DEADLINE_MS,
          () => 'the request never reached the fake',
        );
        controller.abort();
        expectVendorError(
          await rejectionOf(pending, CANCEL_DEADLINE_MS, 'createSession() after abort'),
          'cancelled',
        );
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
      });

      it('an already-aborted signal rejects with cancelled', async () => {
        const error = await rejectionOf(
          create().createSession({ signal: abortedSignal() }),
          CANCEL_DEADLINE_MS,
          'createSession()',
        );
        expectVendorError(error, 'cancelled');
      });
    });

    describe('errors mapped to kinds', () => {
      for (const expected of statusCases) {
        it(`HTTP ${expected.status} -> ${expected.kind} (retryable: ${expected.retryable})`, async () => {
          harness.fail(
            expected.status,
            expected.status === 429 ? { retryAfterSec: RETRY_AFTER_SEC } : undefined,
          );
          const error = await rejectionOf(create().createSession(), CALL_DEADLINE_MS, 'createSession()');
          expectStatusMapped(error, expected);
        });
      }
    });

    describe('timeouts', () => {
      it('a stalled fake makes createSession() reject with timeout and closes the connection', async () => {
        harness.stall();
        const error = await rejectionOf(
          create(SHORT_TIMEOUT_MS).createSession({ timeoutMs: SHORT_TIMEOUT_MS }),
          SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS,
          'createSession() against a stalled fake',
        );
        expectVendorError(error, 'timeout');
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after the timeout`,
        );
      });
    });
  });
}
