import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CodingLanguage, ExperienceLevelId, InterviewFormat, Plan } from '@bot-backend/interview';

/** What a ticket lets its holder run: the interview it was asked for, and whose it is. */
export interface VoiceGrant {
  role: string;
  experienceLevel: ExperienceLevelId;
  format: InterviewFormat;
  durationMinutes?: number | undefined;
  codingLanguage?: CodingLanguage | undefined;
  /** The plan the interview must follow (given or looked up by planId when the ticket was made). */
  plan?: Plan | undefined;
  /** The `sub` of the service token that asked for the ticket; the per-client session limit counts by it. */
  subject?: string | undefined;
}

/** The first field in which a `start` asks for another interview than the ticket's, if any. */
export function grantMismatch(
  grant: VoiceGrant,
  start: Pick<VoiceGrant, 'role' | 'experienceLevel' | 'format' | 'durationMinutes' | 'codingLanguage'>,
): string | undefined {
  for (const field of ['role', 'experienceLevel', 'format', 'durationMinutes', 'codingLanguage'] as const) {
    if (grant[field] !== undefined && start[field] !== undefined && grant[field] !== start[field])
      return field;
  }
  for (const field of ['role', 'experienceLevel', 'format'] as const)
    if (grant[field] !== start[field]) return field;
  return undefined;
}

export type TicketRefusal = 'ticket_invalid' | 'ticket_expired' | 'ticket_used';
export type Redeemed = { ok: true; grant: VoiceGrant } | { ok: false; code: TicketRefusal; message: string };

export type Issued = { ticket: string; expiresAt: number };

/**
 * Where tickets are made and used up. One process: a VoiceTickets of its own
 * (`localTickets`). Cluster workers: the primary's, over IPC
 * (ClusterVoiceTickets), so a ticket one worker issued is good, once, at
 * whichever worker the socket reaches.
 */
export interface VoiceTicketService {
  /** A new ticket, or undefined when too many are already waiting (or the issuer cannot be reached). */
  issue(grant: VoiceGrant): Promise<Issued | undefined>;
  /** Checks and uses up a ticket. */
  redeem(ticket: string): Promise<Redeemed>;
}

export function localTickets(tickets: VoiceTickets): VoiceTicketService {
  return {
    issue: async (grant) => tickets.issue(grant),
    redeem: async (ticket) => tickets.redeem(ticket),
  };
}

/** Tickets waiting to be used; more than this and asking for one is refused until some expire. */
const MAX_PENDING = 10_000;

interface Pending {
  grant: VoiceGrant;
  expiresAt: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Short-lived, single-use tickets for /ws/voice: `<payload>.<HMAC-SHA256>`,
 * signed with a key made when the process starts. The grant stays here, keyed
 * by the ticket's id, so a ticket is good once, for the interview (and plan)
 * it was made for. With cluster workers this lives in the primary and the
 * workers reach it over IPC.
 */
export class VoiceTickets {
  private readonly key = randomBytes(32);
  private readonly pending = new Map<string, Pending>();
  /** Used ticket ids until they would have expired, to tell "used" from "forged". */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new ticket, or undefined when too many are already waiting. */
  issue(grant: VoiceGrant): Issued | undefined {
    this.prune();
    if (this.pending.size >= MAX_PENDING) return undefined;
    const id = randomUUID();
    const expiresAt = this.now() + this.ttlMs;
    const payload = b64(JSON.stringify({ v: 1, id, exp: expiresAt }));
    this.pending.set(id, { grant, expiresAt });
    return { ticket: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** Checks and uses up a ticket. */
  redeem(ticket: string): Redeemed {
    const [payload, signature, extra] = ticket.split('.');
    if (!payload || !signature || extra !== undefined || !this.verify(payload, signature))
      return {
        ok: false,
        code: 'ticket_invalid',
        message: 'The session ticket is not one this server signed',
      };
    let claims: { id?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { ok: false, code: 'ticket_invalid', message: 'The session ticket is malformed' };
    }
    const id = typeof claims.id === 'string' ? claims.id : '';
    if (typeof claims.exp !== 'number' || claims.exp <= this.now()) {
      this.pending.delete(id);
      return {
        ok: false,
        code: 'ticket_expired',
        message: 'The session ticket has expired; ask for a new one',
      };
    }
    if (this.used.has(id))
      return {
        ok: false,
        code: 'ticket_used',
        message: 'The session ticket was already used; ask for a new one',
      };
    const entry = this.pending.get(id);
    if (!entry)
      return {
        ok: false,
        code: 'ticket_invalid',
        message: 'The session ticket is unknown here (another server, or this one restarted)',
      };
    this.pending.delete(id);
    this.used.set(id, entry.expiresAt);
    return { ok: true, grant: entry.grant };
  }

  private sign(payload: string): string {
    return b64(createHmac('sha256', this.key).update(payload).digest());
  }

  private verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
    for (const [id, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(id);
  }
}
