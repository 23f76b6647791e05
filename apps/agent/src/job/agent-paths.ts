import { dirname, join, resolve } from 'node:path';

/**
 * Where the worker keeps its files: next to the API's OUTBOX_DIR (default
 * `data/outbox` → `data/agent`), never inside it, since an outbox directory has
 * one sender. Meeting journals and per-meeting outboxes live under it.
 */
export function agentDataDir(outboxDir: string): string {
  return join(dirname(resolve(outboxDir)), 'agent');
}

export function meetingJournalDir(dataDir: string): string {
  return join(dataDir, 'meetings');
}

export function meetingOutboxRoot(dataDir: string): string {
  return join(dataDir, 'outbox');
}
