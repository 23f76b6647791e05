import type { AddressInfo } from 'node:net';
import { bytesLEToInt16 } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { WebSocket, WebSocketServer } from 'ws';

export interface WsAudioMessage {
  type: string;
  turnId?: string;
  sampleRate?: number;
}

/**
 * A loopback WebSocket pair: the server end is handed to the sink, the client
 * end plays the browser and decodes what arrives (JSON control messages and
 * binary PCM16 LE frames at the rate of the last audio_start).
 */
export async function openWsPair(): Promise<{
  server: WebSocket;
  frames: AudioFrame[];
  messages: WsAudioMessage[];
  close(): Promise<void>;
}> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', (socket) => resolve(socket)));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const frames: AudioFrame[] = [];
  const messages: WsAudioMessage[] = [];
  let sampleRate: number | undefined;
  client.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data)
      ? data
      : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    if (!isBinary) {
      const message = JSON.parse(bytes.toString('utf8')) as WsAudioMessage;
      messages.push(message);
      if (message.type === 'audio_start') sampleRate = message.sampleRate;
      return;
    }
    if (sampleRate === undefined) throw new Error('binary audio before audio_start');
    frames.push({ samples: bytesLEToInt16(bytes), sampleRate });
    messages.push({ type: 'binary' });
  });
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve());
    client.once('error', reject);
  });
  const server = await serverSide;
  return {
    server,
    frames,
    messages,
    close: async () => {
      client.terminate();
      server.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
