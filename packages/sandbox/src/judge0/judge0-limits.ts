import { z } from 'zod';
import type { SandboxLimits } from '../sandbox-limits.js';
import type { RunnableLanguage } from '../sandbox-types.js';
import { type Judge0ClientOptions, judge0Request } from './judge0-client.js';

// GET /config_info (docs/api/system_and_configuration/configuration_info.md): the maxima a
// submission may ask for; a value above one is a 422. Only the fields we read.
const configInfoSchema = z
  .object({
    max_cpu_time_limit: z.number().positive().nullish(),
    max_cpu_extra_time: z.number().nonnegative().nullish(),
    max_wall_time_limit: z.number().positive().nullish(),
    max_memory_limit: z.number().positive().nullish(),
    max_max_file_size: z.number().positive().nullish(),
  })
  .loose();
export type Judge0Maxima = z.infer<typeof configInfoSchema>;

/**
 * The server's maxima, read once. A server that does not answer them (an
 * older Judge0, a proxy in front) is sent our limits as they are; a failure
 * is not remembered, so the next run asks again.
 */
export function judge0ServerMaxima(
  client: Judge0ClientOptions,
): (signal?: AbortSignal) => Promise<Judge0Maxima> {
  let known: Judge0Maxima | undefined;
  return async (signal) => {
    if (known) return known;
    try {
      const parsed = configInfoSchema.safeParse(
        await judge0Request(client, 'GET', 'config_info', { signal, maxBytes: 64 * 1024 }),
      );
      if (!parsed.success) return {};
      known = parsed.data;
      return known;
    } catch (error) {
      if (signal?.aborted) throw error;
      return {};
    }
  };
}

// What the interpreter itself needs beside the program's own memory (isolate's cgroup counts both).
const runtimeBaselineMb: Record<RunnableLanguage, number> = {
  python: 64,
  javascript: 128,
  typescript: 128,
  java: 256,
  cpp: 64,
};

/**
 * Our limits in Judge0's units (seconds, kilobytes), each kept within the
 * server's maximum: a lower maximum shortens the run rather than refusing it.
 */
export function judge0Limits(
  limits: SandboxLimits,
  language: RunnableLanguage,
  fileBytes: number,
  maxima: Judge0Maxima,
) {
  const totalSec = Math.ceil(limits.totalMs / 1000);
  const within = (value: number, max: number | null | undefined) => (max ? Math.min(value, max) : value);
  return {
    cpu_time_limit: within(totalSec + 1, maxima.max_cpu_time_limit),
    cpu_extra_time: within(0.5, maxima.max_cpu_extra_time),
    // Start-up of the interpreter is not the program's time.
    wall_time_limit: within(totalSec + 2, maxima.max_wall_time_limit),
    memory_limit: within((limits.memoryMb + runtimeBaselineMb[language]) * 1024, maxima.max_memory_limit),
    max_file_size: within(Math.ceil(fileBytes / 1024), maxima.max_max_file_size),
    enable_network: false,
    redirect_stderr_to_stdout: false,
  };
}
