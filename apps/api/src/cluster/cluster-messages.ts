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

/** A worker asks the primary, which holds the one VoiceTickets of the machine, to issue or redeem a ticket. */
export const ticketRequest = z.discriminatedUnion('op', [
  z.object({
    type: z.literal('api:ticket-request'),
    id: z.number(),
    op: z.literal('issue'),
    grant: z.unknown(),
  }),
  z.object({
    type: z.literal('api:ticket-request'),
    id: z.number(),
    op: z.literal('redeem'),
    ticket: z.string(),
  }),
]);
/** The answer: the issued ticket (or null when too many wait), or the redemption's outcome. */
export const ticketReply = z.object({
  type: z.literal('api:ticket-reply'),
  id: z.number(),
  issued: z.object({ ticket: z.string(), expiresAt: z.number() }).nullable().optional(),
  redeemed: z
    .union([
      z.object({ ok: z.literal(true), grant: z.unknown() }),
      z.object({
        ok: z.literal(false),
        code: z.enum(['ticket_invalid', 'ticket_expired', 'ticket_used']),
        message: z.string(),
      }),
    ])
    .optional(),
});

/** A worker's new plan, kept by the primary too, so POST /v1/voice/sessions {planId} works at any worker. */
export const planPut = z.object({
  type: z.literal('api:plan-put'),
  plan: z.object({ planId: z.string() }).passthrough(),
});
export const planGet = z.object({ type: z.literal('api:plan-get'), id: z.number(), planId: z.string() });
export const planFound = z.object({
  type: z.literal('api:plan-found'),
  id: z.number(),
  plan: z.unknown().nullable(),
});

/** A worker sends its listening socket to the primary and asks for it back as `copies` more descriptors. */
export const listenCopiesRequest = z.object({
  type: z.literal('api:listen-copies'),
  copies: z.number().int().min(1).max(64),
});
/** One copy of the worker's listening socket (the descriptor travels with the message). */
export const listenCopy = z.object({ type: z.literal('api:listen-copy') });

/**
 * A worker sends a /ws/voice upgrade on to the worker in slot `to`, which has fewer live interviews:
 * the socket travels with the message, `request` is the upgrade request as it came (base64).
 */
export const voiceHandOff = z.object({
  type: z.literal('api:voice-hand-off'),
  to: z.number().int().min(0),
  request: z.string(),
  /** How many times it was sent on before, this one included. */
  hops: z.number().int().min(1),
});
/** The primary passes it to that worker (or back to the sender when that worker is gone). */
export const voiceHanded = z.object({
  type: z.literal('api:voice-handed'),
  request: z.string(),
  hops: z.number().int().min(1),
});

/** A worker asks the primary, which counts every worker's interviews per client, for one more of `client`'s. */
export const clientAcquire = z.object({
  type: z.literal('api:client-acquire'),
  id: z.number(),
  client: z.string(),
});
export const clientAcquired = z.object({
  type: z.literal('api:client-acquired'),
  id: z.number(),
  client: z.string(),
  ok: z.boolean(),
});
/** One of `client`'s interviews at that worker ended. */
export const clientRelease = z.object({ type: z.literal('api:client-release'), client: z.string() });
