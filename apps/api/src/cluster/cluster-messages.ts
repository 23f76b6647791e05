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
