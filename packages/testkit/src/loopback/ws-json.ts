import type { RawData, WebSocket } from 'ws';

export type WsJson = { type: string; [key: string]: unknown };

/**
 * A client's text frame as JSON. A frame that is not JSON closes the socket
 * with the vendor's own code and reason, and gives undefined.
 */
export function readWsJson(
  socket: WebSocket,
  data: RawData,
  onInvalid: { code: number; reason: string },
): WsJson | undefined {
  try {
    return JSON.parse(data.toString()) as WsJson;
  } catch {
    socket.close(onInvalid.code, onInvalid.reason);
    return undefined;
  }
}

/** A binary frame's bytes, whatever shape `ws` delivered them in; a Buffer (`ws`'s default) as it is, not copied. */
export function wsBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
