import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BackendClient,
  type Outbox,
  type OutboxEvent,
  OutboxLockedError,
  openOutbox,
} from '@bot-backend/backend-client';

/**
 * Each meeting posts through its own outbox directory: jobs run in separate
 * processes and an outbox directory has one sender at a time.
 */
export function meetingOutboxDir(root: string, meetingId: string): string {
  return join(root, encodeURIComponent(meetingId));
}

export function openMeetingOutbox(
  root: string,
  meetingId: string,
  client: BackendClient,
  onEvent?: (event: OutboxEvent) => void,
): Promise<Outbox> {
  return openOutbox({ dir: meetingOutboxDir(root, meetingId), client, ...(onEvent ? { onEvent } : {}) });
}

export interface SweepResult {
  /** Directories whose entries were all delivered. */
  drained: number;
  /** Directories still holding entries after the budget (tried again next sweep). */
  pending: number;
  /** Directories another process (a running job) holds. */
  busy: number;
}

/**
 * Delivers what earlier jobs left in their outboxes (user-management was down
 * when the meeting ended, or the job was killed before delivery): each
 * directory is opened, drained within the budget, and closed.
 */
export async function sweepMeetingOutboxes(
  root: string,
  client: BackendClient,
  options: { budgetMs: number; onEvent?: (event: OutboxEvent) => void },
): Promise<SweepResult> {
  const result: SweepResult = { drained: 0, pending: 0, busy: 0 };
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return result;
  }
  for (const name of names) {
    let outbox: Outbox;
    try {
      outbox = await openOutbox({
        dir: join(root, name),
        client,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
    } catch (error) {
      if (error instanceof OutboxLockedError) result.busy += 1;
      continue;
    }
    try {
      if (outbox.stats().depth === 0) {
        result.drained += 1;
        continue;
      }
      outbox.start();
      const drained = await outbox.drained({ signal: AbortSignal.timeout(options.budgetMs) }).then(
        () => true,
        () => false,
      );
      if (drained) result.drained += 1;
      else result.pending += 1;
    } finally {
      await outbox.close();
    }
  }
  return result;
}
