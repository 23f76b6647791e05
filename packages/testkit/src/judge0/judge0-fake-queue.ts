import { randomUUID } from 'node:crypto';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import type { Judge0FakeConfig, Judge0FakeLanguage } from './judge0-fake-config.js';
import {
  type ExecutionTools,
  executeSubmission,
  internalError,
  type Judge0Outcome,
} from './judge0-fake-execution.js';
import type { Judge0Submission } from './judge0-fake-validation.js';

export interface Judge0FakeSubmissionRecord {
  token: string;
  /** The submission as validated and decoded (source_code, stdin in clear). */
  submission: Judge0Submission;
  request: RecordedRequest;
  status_id: number;
  outcome?: Judge0Outcome;
  created_at: string;
  finished_at: string | null;
}

export interface Judge0QueueOptions {
  languages: readonly Judge0FakeLanguage[];
  tools: ExecutionTools;
  /** Runs at once (Judge0's worker count). */
  workers: number;
  /** The fake's configuration, read at each run (tests may change it). */
  config: Pick<Judge0FakeConfig, 'max_wall_time_limit' | 'max_queue_size'>;
  /** SUBMISSION_CACHE_DURATION in ms (see Judge0FakeOptions). */
  submissionCacheMs: number;
}

/**
 * Judge0's queue and workers: submissions wait In Queue, a few run at a time
 * (Processing), then carry their outcome.
 */
export class Judge0Queue {
  private readonly records = new Map<string, Judge0FakeSubmissionRecord>();
  private readonly order: Judge0FakeSubmissionRecord[] = [];
  private readonly waiting: Judge0FakeSubmissionRecord[] = [];
  private readonly finished = new Map<string, Array<() => void>>();
  private readonly snapshots = new Map<string, { at: number; record: Judge0FakeSubmissionRecord }>();
  private running = 0;
  private closed = false;

  constructor(private readonly options: Judge0QueueOptions) {}

  /** Accepted submissions in arrival order. */
  all(): Judge0FakeSubmissionRecord[] {
    return this.order;
  }

  load(): { queued: number; running: number } {
    return { queued: this.waiting.length, running: this.running };
  }

  /** Would `incoming` more submissions overflow the queue (MAX_QUEUE_SIZE)? */
  full(incoming: number): boolean {
    return this.waiting.length + incoming > this.options.config.max_queue_size;
  }

  get(token: string): Judge0FakeSubmissionRecord | undefined {
    return this.records.get(token);
  }

  /** GET /submissions/{token} reads through Rails.cache: within the window, what it was when first read. */
  cached(token: string): Judge0FakeSubmissionRecord | undefined {
    const record = this.records.get(token);
    const cacheMs = this.options.submissionCacheMs;
    if (!record || cacheMs <= 0) return record;
    const snapshot = this.snapshots.get(token);
    if (snapshot && Date.now() - snapshot.at < cacheMs) return snapshot.record;
    this.snapshots.set(token, { at: Date.now(), record: { ...record } });
    return record;
  }

  enqueue(submission: Judge0Submission, req: RecordedRequest): Judge0FakeSubmissionRecord {
    const record: Judge0FakeSubmissionRecord = {
      token: randomUUID(),
      submission,
      request: req,
      status_id: 1,
      created_at: new Date().toISOString(),
      finished_at: null,
    };
    this.records.set(record.token, record);
    this.order.push(record);
    this.waiting.push(record);
    this.pump();
    return record;
  }

  /** Resolves once the submission has its outcome. */
  done(record: Judge0FakeSubmissionRecord): Promise<void> {
    if (record.outcome) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.finished.get(record.token) ?? [];
      list.push(resolve);
      this.finished.set(record.token, list);
    });
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.workers && this.waiting.length > 0) {
      const record = this.waiting.shift()!;
      this.running += 1;
      record.status_id = 2;
      const language = this.options.languages.find((l) => l.id === record.submission.language_id);
      const work = language?.run
        ? executeSubmission(
            record.submission,
            language.run,
            this.options.tools,
            this.options.config.max_wall_time_limit,
          )
        : Promise.resolve(internalError(`the fake cannot run ${language?.name ?? 'this language'}`));
      work
        .catch((error: unknown) => internalError(error instanceof Error ? error.message : String(error)))
        .then((outcome) => {
          this.running -= 1;
          record.outcome = outcome;
          record.status_id = outcome.status_id;
          record.finished_at = new Date().toISOString();
          for (const notify of this.finished.get(record.token) ?? []) notify();
          this.finished.delete(record.token);
          this.pump();
        });
    }
  }
}
