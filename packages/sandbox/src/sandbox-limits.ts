import { z } from 'zod';

export const sandboxLimitsSchema = z.object({
  /** Wall time for one test case. */
  perTestMs: z.number().int().positive().default(2_000),
  /** Wall time for a whole request, all tests together. */
  totalMs: z.number().int().positive().default(10_000),
  memoryMb: z.number().int().min(16).default(128),
  /** Bytes of printed output kept; a program printing more is stopped. */
  outputBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Bytes of one test's returned value (as JSON); a larger value fails that test. */
  valueBytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024),
  /** Bytes of the whole report (values, output, errors); a larger report fails the run. */
  reportBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Executions running at once. */
  maxConcurrent: z.number().int().positive().default(2),
  /** Executions allowed to wait; beyond this a run is refused at once. */
  maxQueued: z.number().int().nonnegative().default(48),
  /** Python interpreter; Debian's by default so a user's pyenv shims are not involved. */
  pythonPath: z.string().default('/usr/bin/python3'),
  /** bubblewrap, which confines every Python run; without it Python code is refused, never run unconfined. */
  bwrapPath: z.string().default('/usr/bin/bwrap'),
});

export type SandboxLimits = z.infer<typeof sandboxLimitsSchema>;
export type SandboxLimitsInput = z.input<typeof sandboxLimitsSchema>;
