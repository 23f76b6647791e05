import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConnectionShares } from './connection-shares.js';

describe('ConnectionShares', () => {
  it("lets each worker see the others' open connections, leaving out absent workers", () => {
    const before = leftovers();
    const made = ConnectionShares.create(3);
    // Nothing stays in the temporary folder, even while the table is in use (Linux: opened through /proc).
    if (existsSync('/proc/self/fd')) expect(leftovers()).toEqual(before);
    try {
      const first = ConnectionShares.open(made.path);
      const second = ConnectionShares.open(made.path);
      expect(first?.slots).toBe(3);
      // Nobody has started yet: nothing to compare with.
      expect(first?.fewestOfOthers(0)).toBeUndefined();
      first?.set(0, 7);
      expect(second?.fewestOfOthers(1)).toBe(7);
      second?.set(1, 2);
      expect(first?.fewestOfOthers(0)).toBe(2);
      // Its own slot never counts.
      expect(second?.fewestOfOthers(1)).toBe(7);
      made.shares.set(2, 5);
      expect(second?.fewestOfOthers(1)).toBe(5);
      expect(first?.fewestOfOthers(0)).toBe(2);
      // A worker that died is left out until its replacement writes its own count.
      made.shares.markAbsent(1);
      expect(first?.fewestOfOthers(0)).toBe(5);
      expect(second?.presentCounts()).toEqual([
        [0, 7],
        [2, 5],
      ]);
    } finally {
      made.remove();
    }
    expect(existsSync(made.path)).toBe(false);
    expect(leftovers()).toEqual(before);
  });

  it('is absent outside a cluster that made one', () => {
    expect(ConnectionShares.open(undefined)).toBeUndefined();
    expect(ConnectionShares.open('/nonexistent/bot-backend/counts')).toBeUndefined();
  });
});

const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('bot-backend-connections-'));
