import { z } from 'zod';

export const sandboxLanguages = ['javascript', 'typescript', 'python'] as const;
export type SandboxLanguage = (typeof sandboxLanguages)[number];
/** Every language some runner runs: the local ones, and those a Judge0 server adds. Each runner says which it runs (`Sandbox.languages`). */
export const runnableLanguages = [...sandboxLanguages, 'java', 'cpp'] as const;
export type RunnableLanguage = (typeof runnableLanguages)[number];

export const testCaseSchema = z.object({
  args: z.array(z.unknown()),
  expected: z.unknown(),
  /** Arrays compare as multisets, at every depth. */
  orderInsensitive: z.boolean().optional(),
  /** Relative tolerance for non-integer numbers; default 1e-6. */
  floatTolerance: z.number().nonnegative().optional(),
});
export type TestCase = z.infer<typeof testCaseSchema>;

export const runRequestSchema = z.object({
  language: z.enum(runnableLanguages),
  code: z.string(),
  // An identifier only: it is spliced into the call that runs each test.
  entryPoint: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be a plain identifier'),
  tests: z.array(testCaseSchema).min(1).max(100),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

export type TestStatus = 'pass' | 'fail' | 'error' | 'timeout';

export interface TestResult {
  ok: boolean;
  status: TestStatus;
  /** Wall time of this test inside the sandbox. */
  ms: number;
  expected?: unknown;
  actual?: unknown;
  /** For error and timeout: what stopped it, in one line. */
  error?: string;
}

export interface RunReport {
  language: RunnableLanguage;
  passed: number;
  total: number;
  passRate: number;
  results: TestResult[];
  /** The program could not start (syntax error, missing entry point…). */
  compileError?: string;
  /** Output the program printed, cut at the output limit. */
  output: string;
  outputTruncated: boolean;
  totalMs: number;
}

export interface RunOptions {
  /** Stops waiting for the run: the promise rejects with the signal's reason, and a run not yet started never starts. */
  signal?: AbortSignal | undefined;
}
