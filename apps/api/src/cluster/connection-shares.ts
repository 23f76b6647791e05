import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names the file of the workers' open connection counts in each worker's environment. */
export const CONNECTION_SHARES_ENV = 'API_CONNECTION_SHARES';

/** A slot whose worker is gone (or not started yet): left out of the comparison. */
const ABSENT = -1;
const SLOT_BYTES = 4;

/**
 * A count per worker (its open connections; voice-placement.ts keeps its live
 * interviews in another), one 32-bit slot per worker in a small file the
 * primary makes. The workers read and write it with one positioned read or
 * write each (the page cache, no lock: a slot has one writer and a
 * stale read only delays a decision), so a worker can tell within its own loop
 * turn, during a burst of connections, whether it holds more than its share.
 * IPC through the primary would answer a turn or two later.
 */
export class ConnectionShares {
  private readonly counts: Buffer;

  private constructor(
    private readonly fd: number,
    readonly slots: number,
  ) {
    this.counts = Buffer.alloc(slots * SLOT_BYTES);
  }

  /**
   * The primary's: a new file with every slot absent. Where Linux's /proc is, the file is unlinked
   * at once and the workers open it through the primary's descriptor (`/proc/<pid>/fd/<fd>`), so
   * nothing is left behind even when the primary is killed; elsewhere `remove()` deletes it.
   */
  static create(slots: number): { shares: ConnectionShares; path: string; remove(): void } {
    const dir = mkdtempSync(join(tmpdir(), 'bot-backend-connections-'));
    const file = join(dir, 'counts');
    const fd = openSync(file, 'w+', 0o600);
    const shares = new ConnectionShares(fd, slots);
    shares.counts.fill(0xff);
    writeSync(fd, shares.counts, 0, shares.counts.length, 0);
    const viaProc = `/proc/${process.pid}/fd/${fd}`;
    const unlinked = existsSync(viaProc);
    if (unlinked) rmSync(dir, { recursive: true, force: true });
    return {
      shares,
      path: unlinked ? viaProc : file,
      remove: () => {
        closeSync(fd);
        if (!unlinked) rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  /** A worker's: the file its primary named, or undefined outside such a cluster. */
  static open(path: string | undefined): ConnectionShares | undefined {
    if (!path) return undefined;
    try {
      const fd = openSync(path, 'r+');
      const slots = Math.floor(readSync(fd, Buffer.alloc(4096), 0, 4096, 0) / SLOT_BYTES);
      if (slots > 1) return new ConnectionShares(fd, slots);
      closeSync(fd);
      return undefined;
    } catch {
      return undefined;
    }
  }

  private readonly one = Buffer.allocUnsafe(SLOT_BYTES);

  set(slot: number, count: number): void {
    this.one.writeInt32LE(count);
    writeSync(this.fd, this.one, 0, SLOT_BYTES, slot * SLOT_BYTES);
  }

  markAbsent(slot: number): void {
    this.set(slot, ABSENT);
  }

  /** The fewest connections any other present worker holds, or undefined when none is present. */
  fewestOfOthers(slot: number): number | undefined {
    let fewest: number | undefined;
    for (const [other, count] of this.presentCounts())
      if (other !== slot && (fewest === undefined || count < fewest)) fewest = count;
    return fewest;
  }

  /** Each present worker's slot and count, read now. */
  presentCounts(): [slot: number, count: number][] {
    readSync(this.fd, this.counts, 0, this.counts.length, 0);
    const present: [number, number][] = [];
    for (let i = 0; i < this.slots; i++) {
      const count = this.counts.readInt32LE(i * SLOT_BYTES);
      if (count !== ABSENT) present.push([i, count]);
    }
    return present;
  }
}
