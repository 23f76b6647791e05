import { type ClientOptions, WebSocket } from 'ws';
import type { WsJson } from './ws-json.js';

/**
 * A raw WebSocket client for the fakes' own tests (no SDK): every text frame
 * parsed and kept, the close code and reason awaited. Resolves once open.
 */
export async function openTestSocket(url: string, options: ClientOptions = {}) {
  const messages: WsJson[] = [];
  const socket = new WebSocket(url, options);
  socket.on('message', (data, isBinary) => {
    if (!isBinary) messages.push(JSON.parse(data.toString()) as WsJson);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, closed };
}
