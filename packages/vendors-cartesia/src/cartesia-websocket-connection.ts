import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ClientOptions } from 'ws';

/**
 * `ws` options for the SDK's websocket. Two reasons to open the connection ourselves:
 * the SDK forces `wss:` whatever the baseURL says, so a plain `http://` baseURL
 * (a local proxy or fake) needs a plain socket; and we keep the socket, so closing
 * a session also tears down a handshake that never completes.
 */
export function cartesiaWebsocketOptions(
  baseURL: string,
  onSocket: (socket: net.Socket) => void,
  headers?: Record<string, string>,
): ClientOptions {
  const base = new URL(baseURL);
  const plain = base.protocol === 'http:';
  const plainPort = Number(base.port || 80);
  const createConnection = (options: tls.ConnectionOptions): net.Socket => {
    const host = options.host ?? base.hostname;
    const socket = plain
      ? net.connect({ host, port: plainPort })
      : tls.connect({
          ...options,
          // As `ws` itself does: a path would turn this into an IPC connection.
          path: undefined,
          servername: options.servername ?? (net.isIP(host) ? '' : host),
        } as tls.ConnectionOptions);
    onSocket(socket);
    return socket;
  };
  return {
    createConnection: createConnection as unknown as typeof net.createConnection,
    ...(headers ? { headers } : {}),
  };
}
