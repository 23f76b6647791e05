import type { Readable } from 'node:stream';

export type LineOverflow = 'line' | 'total';

export interface LineLimits {
  /** Bytes of one line, newline excluded. */
  maxLineBytes: number;
  /** Bytes read from the stream in all. */
  maxTotalBytes: number;
}

/**
 * Splits a byte stream into lines while holding at most one line's limit in
 * memory: a line or a stream over its limit is reported once and the rest is
 * discarded unread into any buffer, so a writer that never stops costs the
 * reader nothing. (readline has no limit: an endless line ends in
 * `RangeError: Invalid string length`.)
 */
export class BoundedLineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private total = 0;
  overflow: LineOverflow | undefined;

  constructor(
    private readonly limits: LineLimits,
    private readonly onLine: (line: string) => void,
  ) {}

  /** Feeds a chunk; false once a limit was hit (then everything after is ignored). */
  push(chunk: Buffer): boolean {
    if (this.overflow) return false;
    this.total += chunk.length;
    if (this.total > this.limits.maxTotalBytes) return this.stop('total');
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (this.partBytes + (end - start) > this.limits.maxLineBytes) return this.stop('line');
      if (end > start) {
        this.parts.push(chunk.subarray(start, end));
        this.partBytes += end - start;
      }
      if (newline === -1) return true;
      const line = Buffer.concat(this.parts, this.partBytes).toString('utf8');
      this.parts = [];
      this.partBytes = 0;
      this.onLine(line);
      if (this.overflow) return false;
      start = newline + 1;
    }
  }

  private stop(kind: LineOverflow): false {
    this.overflow = kind;
    this.parts = [];
    this.partBytes = 0;
    return false;
  }
}

/**
 * Reads `stream` line by line under `limits`. `onOverflow` runs once when a
 * limit is hit (the caller kills the writer); the stream keeps draining into
 * nothing so the writer is never blocked on a full pipe before it dies.
 */
export function readBoundedLines(
  stream: Readable,
  limits: LineLimits,
  onLine: (line: string) => void,
  onOverflow: (kind: LineOverflow) => void,
): BoundedLineSplitter {
  const splitter = new BoundedLineSplitter(limits, onLine);
  stream.on('data', (chunk: Buffer | string) => {
    if (splitter.overflow) return;
    if (!splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk) && splitter.overflow) {
      onOverflow(splitter.overflow);
    }
  });
  stream.on('error', () => {});
  return splitter;
}
