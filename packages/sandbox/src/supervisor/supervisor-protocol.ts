import { z } from 'zod';
import { runnableLanguages, runRequestSchema, sandboxLanguages } from '../sandbox-types.js';

/** API → supervisor, one JSON line on its stdin. */
// The supervisor runs the local languages only; anything else is dropped as malformed.
export const runMessageSchema = z.object({
  id: z.number().int(),
  request: runRequestSchema.extend({ language: z.enum(sandboxLanguages) }),
});
export type RunMessage = z.infer<typeof runMessageSchema>;

const testResultSchema = z.object({
  ok: z.boolean(),
  status: z.enum(['pass', 'fail', 'error', 'timeout']),
  ms: z.number(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
  error: z.string().optional(),
});

const runReportSchema = z.object({
  language: z.enum(runnableLanguages),
  passed: z.number().int().min(0),
  total: z.number().int().min(0),
  passRate: z.number().min(0).max(1),
  results: z.array(testResultSchema),
  compileError: z.string().optional(),
  output: z.string(),
  outputTruncated: z.boolean(),
  totalMs: z.number(),
});

/** Supervisor → API, one JSON line on fd 3. */
export const supervisorMessageSchema = z.discriminatedUnion('type', [
  /** Sent once at start, after the confinement probe. */
  z.object({
    type: z.literal('ready'),
    python: z.object({ ok: z.boolean(), reason: z.string().optional() }),
  }),
  z.object({ type: z.literal('report'), id: z.number().int(), report: runReportSchema }),
  z.object({
    type: z.literal('error'),
    id: z.number().int(),
    kind: z.enum(['unavailable', 'internal']),
    message: z.string().max(1_000),
  }),
]);
export type SupervisorMessage = z.infer<typeof supervisorMessageSchema>;

/** Requests are bounded by the API's body limit; this is the supervisor's own ceiling. */
export const maxRequestLineBytes = 8 * 1024 * 1024;
