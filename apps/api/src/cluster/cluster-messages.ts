import { z } from 'zod';

/** Between the primary and its workers over the cluster IPC channel; parsed on arrival. */
export const metricsRequest = z.object({ type: z.literal('api:metrics-request'), id: z.number() });
export const metricsResponse = z.object({
  type: z.literal('api:metrics-response'),
  id: z.number(),
  text: z.string().optional(),
  error: z.string().optional(),
});

/** The environment variable the primary hands each worker its slot in (0…N-1), kept across restarts. */
export const WORKER_INDEX_ENV = 'API_WORKER_INDEX';

/** A worker asks (through the primary) whether another worker ran an interview: reports without a database. */
export const sessionRequest = z.object({
  type: z.literal('api:session-request'),
  id: z.number(),
  sessionId: z.string(),
});
/** The primary asks each other worker; each answers with its record or null. */
export const sessionLookup = z.object({
  type: z.literal('api:session-lookup'),
  id: z.number(),
  sessionId: z.string(),
});
export const sessionFound = z.object({
  type: z.literal('api:session-found'),
  id: z.number(),
  record: z.unknown().nullable(),
});
