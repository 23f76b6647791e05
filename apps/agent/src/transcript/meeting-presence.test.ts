import { describe, expect, it } from 'vitest';
import { type MeetingEndReason, MeetingPresence } from './meeting-presence.js';

/** Timers run by hand: the grace period is a decision, not a wait. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (fn: () => void) => {
      next += 1;
      pending.set(next, fn);
      return next;
    },
    clearTimer: (id: unknown) => {
      pending.delete(id as number);
    },
    fire: () => {
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
    },
    armed: () => pending.size,
  };
}

function presence() {
  const timers = manualTimers();
  const ended: MeetingEndReason[] = [];
  const p = new MeetingPresence({ graceMs: 30_000, onEnded: (r) => ended.push(r), ...timers });
  return { p, timers, ended };
}

describe('MeetingPresence', () => {
  it('ends when everyone left and nobody came back within the grace period', () => {
    const { p, timers, ended } = presence();
    p.start(['alice', 'bob']);
    expect(timers.armed()).toBe(0);
    p.left('alice');
    expect(timers.armed()).toBe(0);
    p.left('bob');
    expect(timers.armed()).toBe(1);
    timers.fire();
    expect(ended).toEqual(['everyone_left']);
    expect(p.endedBy).toBe('everyone_left');
  });

  it('someone rejoining within the grace period keeps the meeting going', () => {
    const { p, timers, ended } = presence();
    p.start(['alice']);
    p.left('alice');
    p.joined('alice');
    expect(timers.armed()).toBe(0);
    timers.fire();
    expect(ended).toEqual([]);
  });

  it('an empty room at start gets the grace period too; the room closing ends it at once, once', () => {
    const { p, timers, ended } = presence();
    p.start([]);
    expect(timers.armed()).toBe(1);
    p.roomClosed();
    expect(timers.armed()).toBe(0);
    p.roomClosed();
    p.left('x');
    expect(ended).toEqual(['room_closed']);
  });
});
