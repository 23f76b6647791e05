import { cpus } from 'node:os';

/** Busy share of all cores over `intervalMs`, from the kernel's per-core times (what `top` reads). */
export function sampleMachineCpu(intervalMs: number): Promise<number> {
  const before = cpus();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const after = cpus();
      let idle = 0;
      let total = 0;
      after.forEach((core, index) => {
        const start = before[index]?.times;
        if (!start) return;
        const end = core.times;
        idle += end.idle - start.idle;
        total +=
          end.user +
          end.nice +
          end.sys +
          end.idle +
          end.irq -
          (start.user + start.nice + start.sys + start.idle + start.irq);
      });
      resolve(total <= 0 ? 0 : 1 - idle / total);
    }, intervalMs);
    timer.unref();
  });
}
