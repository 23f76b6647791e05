import type { Worker } from 'node:cluster';
import type { VoiceGrant, VoiceTickets } from '../voice/voice-tickets.js';
import { ticketRequest } from './cluster-messages.js';

/**
 * The primary's side of ClusterVoiceTickets: every worker's tickets are
 * issued and used up here, in one VoiceTickets, so the single use holds
 * across workers (a ticket issued by one is good once at any other).
 */
export class TicketDesk {
  constructor(private readonly tickets: VoiceTickets) {}

  /** True when the message was a ticket request (answered here). */
  handle(from: Worker, message: unknown): boolean {
    const request = ticketRequest.safeParse(message);
    if (!request.success) return false;
    const { id } = request.data;
    const reply =
      request.data.op === 'issue'
        ? // The grant came from the worker's validated request body; it goes back as it came.
          { issued: this.tickets.issue(request.data.grant as VoiceGrant) ?? null }
        : { redeemed: this.tickets.redeem(request.data.ticket) };
    if (from.isConnected()) from.send({ type: 'api:ticket-reply', id, ...reply });
    return true;
  }
}
