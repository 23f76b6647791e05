import type { ServerResponse } from 'node:http';

export interface SseEvent {
  /** Objects are JSON-encoded; strings are sent as they are (multi-line strings become several data lines). */
  data: unknown;
  event?: string;
  id?: string;
}

export interface SseWriter {
  send(event: SseEvent): void;
  /** A `:` comment line, as servers send to keep a connection alive. */
  comment(text: string): void;
  end(): void;
}

/** Start a Server-Sent Events response (status 200 unless given) and return a writer for its events. */
export function sseResponse(
  res: ServerResponse,
  options: { status?: number; headers?: Record<string, string> } = {},
): SseWriter {
  res.writeHead(options.status ?? 200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...options.headers,
  });
  res.flushHeaders();
  return {
    send({ data, event, id }) {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      let frame = '';
      if (event !== undefined) frame += `event: ${event}\n`;
      if (id !== undefined) frame += `id: ${id}\n`;
      for (const line of text.split('\n')) frame += `data: ${line}\n`;
      res.write(frame + '\n');
    },
    comment(text) {
      res.write(`: ${text}\n\n`);
    },
    end() {
      res.end();
    },
  };
}

/** Answer with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}
