import type { Redeemed, VoiceGrant, VoiceTicketService } from '../voice/voice-tickets.js';
import { ticketReply } from './cluster-messages.js';
import { awaitReply } from './ipc-reply.js';

const ASK_MS = 5_000;

type Reply = ReturnType<typeof ticketReply.parse>;

/**
 * A worker's tickets, issued and redeemed by the cluster primary (TicketDesk)
 * over IPC: the primary hands connections to workers in turn, so the socket a
 * ticket is for usually reaches another worker than the one that issued it.
 */
export class ClusterVoiceTickets implements VoiceTicketService {
  private seq = 0;
  private readonly waiting = new Map<number, (reply: Reply | undefined) => void>();

  constructor(private readonly send: (message: unknown) => void) {
    process.on('message', (message: unknown) => {
      const reply = ticketReply.safeParse(message);
      if (reply.success) this.waiting.get(reply.data.id)?.(reply.data);
    });
  }

  async issue(grant: VoiceGrant) {
    const reply = await this.ask({ op: 'issue', grant });
    return reply?.issued ?? undefined;
  }

  async redeem(ticket: string): Promise<Redeemed> {
    const redeemed = (await this.ask({ op: 'redeem', ticket }))?.redeemed;
    if (!redeemed)
      return {
        ok: false,
        code: 'ticket_invalid',
        message: 'The session ticket could not be checked just now; ask for a new one',
      };
    // The grant is the one this machine's workers put in (a validated request body).
    return redeemed.ok ? { ok: true, grant: redeemed.grant as VoiceGrant } : redeemed;
  }

  private ask(request: { op: 'issue'; grant: VoiceGrant } | { op: 'redeem'; ticket: string }) {
    const id = ++this.seq;
    return awaitReply(this.waiting, id, ASK_MS, () =>
      this.send({ type: 'api:ticket-request', id, ...request }),
    );
  }
}
