import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitStateChange } from './circuit-breaker.js';

function setup(threshold = 3, cooldownMs = 1000) {
  let now = 10_000;
  const changes: CircuitStateChange[] = [];
  const breaker = new CircuitBreaker({ failureThreshold: threshold, cooldownMs, now: () => now }, (change) =>
    changes.push(change),
  );
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and skips calls while open', () => {
    const { breaker, changes } = setup(3);
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual([{ from: 'closed', to: 'open', failures: 3 }]);
  });

  it('a success resets the consecutive count', () => {
    const { breaker } = setup(2);
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.failures).toBe(1);
  });

  it('lets exactly one probe through after the cool-down; its success closes the circuit', () => {
    const { breaker, changes, advance } = setup(1, 1000);
    breaker.recordFailure();
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes.map((c) => c.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed probe reopens the circuit for another cool-down', () => {
    const { breaker, advance } = setup(1, 500);
    breaker.recordFailure();
    advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    advance(499);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a released probe (cancelled call) lets the next probe through', () => {
    const { breaker, advance } = setup(1, 100);
    breaker.recordFailure();
    advance(100);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
