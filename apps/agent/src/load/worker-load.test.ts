import { describe, expect, it } from 'vitest';
import { sampleMachineCpu } from './machine-cpu.js';
import { WorkerLoad } from './worker-load.js';

const scripted = (values: number[]) => {
  let i = 0;
  return async () => values[Math.min(i++, values.length - 1)] as number;
};

describe('WorkerLoad', () => {
  it('reports the CPU while no job has been measured, and learns a job limit from CPU per job', async () => {
    // Two cores: each job was measured at 10% of the machine, so 7 fit under a 0.7 threshold.
    const load = new WorkerLoad({
      cores: 2,
      threshold: 0.7,
      sessionsPerCore: 0,
      sampleCpu: scripted([0.05, 0.2, 0.7, 0.35]),
    });
    expect(await load.measure(0)).toBeCloseTo(0.05);
    expect(load.jobLimit).toBeUndefined();
    expect(await load.measure(2)).toBeCloseTo(0.2);
    expect(load.jobLimit).toBe(7);
    // Seven jobs at the same cost: at the threshold, so LiveKit sends no more.
    expect(await load.measure(7)).toBeCloseTo(0.7);
    expect(load.jobLimit).toBe(7);
    // Five jobs, CPU lower than their cost says (others finished work): the job count keeps the load at 5/7.
    expect(await load.measure(5)).toBeCloseTo(0.5);
  });

  it('uses a configured sessions-per-core limit, and clamps to 0…1', async () => {
    const load = new WorkerLoad({
      cores: 4,
      threshold: 0.5,
      sessionsPerCore: 3,
      sampleCpu: scripted([0.1, 1.7]),
    });
    expect(load.jobLimit).toBe(12);
    expect(await load.measure(6)).toBeCloseTo(0.25);
    expect(await load.measure(0)).toBe(1);
    expect(load.last).toMatchObject({ load: 1, cpu: 1, jobs: 0, jobLimit: 12 });
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(
      () => new WorkerLoad({ cores: 1, threshold: 0, sessionsPerCore: 0, sampleCpu: scripted([0]) }),
    ).toThrow(/threshold/);
  });
});

describe('sampleMachineCpu', () => {
  it('sees a busy loop on this machine as load above zero', async () => {
    const sample = sampleMachineCpu(300);
    const until = Date.now() + 250;
    while (Date.now() < until) {
      // burn: at least one core busy for most of the interval
    }
    const cpu = await sample;
    expect(cpu).toBeGreaterThan(0);
    expect(cpu).toBeLessThanOrEqual(1);
  });
});
