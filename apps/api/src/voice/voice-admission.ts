import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { errorBody } from '../errors/error-body.js';
import type { ApiErrorCode } from '../errors/error-codes.js';
import { type VoiceErrorCode, voiceErrorCodes } from './voice-messages.js';
import type { Redeemed, VoiceGrant, VoiceTicketService } from './voice-tickets.js';

/** How long an upgraded socket without a ticket in its URL has to send `{type:"auth",ticket}`. */
export const TICKET_MESSAGE_WAIT_MS = 3_000;

const statusText: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with an HTTP error and the shared JSON error body, then hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, code: ApiErrorCode, message: string): void {
  const body = JSON.stringify(errorBody(code, message, 'ws-upgrade'));
  const headers = [
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(status === 401 ? ['WWW-Authenticate: Bearer realm="bot-backend", error="invalid_token"'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** Sends `error {code, message}` and closes with the code's close code (4401, 4403, …). */
export function closeWithError(ws: WebSocket, code: VoiceErrorCode, message: string): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', code, message }));
  ws.close(voiceErrorCodes[code] ?? 1008, code);
}

/**
 * For a socket whose URL carried no ticket: the first message must be
 * `{"type":"auth","ticket":"…"}`. Anything else, or nothing within the wait,
 * is `ticket_required`. While the ticket is checked (by the cluster primary
 * when there are workers) the socket is paused and what the client sent
 * behind the ticket is held, then handed to the admitted connection in order.
 */
export function awaitTicketMessage(
  ws: WebSocket,
  tickets: VoiceTicketService,
  admit: (grant: VoiceGrant) => void,
  refuse: (refusal: Exclude<Redeemed, { ok: true }> | { code: 'ticket_required'; message: string }) => void,
): void {
  const required = {
    code: 'ticket_required',
    message:
      'This server needs a session ticket: POST /v1/voice/sessions, then open /ws/voice?ticket=… or send {"type":"auth","ticket":"…"} first',
  } as const;
  const timer = setTimeout(() => refuse(required), TICKET_MESSAGE_WAIT_MS);
  ws.once('close', () => clearTimeout(timer));
  ws.once('message', (data, isBinary) => {
    clearTimeout(timer);
    const ticket = isBinary ? undefined : ticketOf(data.toString());
    if (ticket === undefined) return refuse(required);
    // Pausing stops reading; messages already read in the same chunk still arrive, and wait here.
    const held = new HeldMessages(ws);
    ws.pause();
    void tickets.redeem(ticket).then((redeemed) => {
      held.stop();
      // Reading again (on a later tick): a refusal's close handshake needs the client's answer.
      ws.resume();
      if (ws.readyState !== ws.OPEN) return;
      if (!redeemed.ok) return refuse(redeemed);
      admit(redeemed.grant);
      held.replay();
    });
  });
}

function ticketOf(text: string): string | undefined {
  try {
    const message = JSON.parse(text) as { type?: unknown; ticket?: unknown };
    if (message.type === 'auth' && typeof message.ticket === 'string' && message.ticket.length <= 4_096)
      return message.ticket;
  } catch {}
  return undefined;
}

/**
 * What a socket receives while its admission is decided: kept from now on
 * until `stop()`, then `replay()` hands it, in order, to the listeners added since.
 */
export class HeldMessages {
  private readonly held: [RawData, boolean][] = [];
  private readonly hold = (message: RawData, binary: boolean) => this.held.push([message, binary]);

  constructor(private readonly ws: WebSocket) {
    ws.on('message', this.hold);
  }

  stop(): void {
    this.ws.off('message', this.hold);
  }

  replay(): void {
    for (const [message, binary] of this.held.splice(0)) this.ws.emit('message', message, binary);
  }
}
