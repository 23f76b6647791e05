import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SseAudioSink } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { describeAudioSinkConformance } from '../audio-sink-conformance.js';

/**
 * A real HTTP server streams the sink's events; fetch() reads them like a
 * browser's EventSource would and decodes the base64 PCM.
 */
async function openSsePair(): Promise<{ sink: SseAudioSink; frames: AudioFrame[]; close(): Promise<void> }> {
  let resolveSink: (sink: SseAudioSink) => void = () => {};
  const sinkReady = new Promise<SseAudioSink>((resolve) => {
    resolveSink = resolve;
  });
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    resolveSink(
      new SseAudioSink({
        writer: { write: (chunk) => new Promise<void>((resolve) => res.write(chunk, () => resolve())) },
        leadMs: 200,
        realtimeFactor: 20,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/audio`, { signal: controller.signal });
  const frames: AudioFrame[] = [];
  let sampleRate: number | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
          if (event === 'audio_start') sampleRate = (JSON.parse(data) as { sampleRate: number }).sampleRate;
          if (event === 'audio') {
            if (sampleRate === undefined) throw new Error('audio event before audio_start');
            const bytes = Buffer.from(data, 'base64');
            const samples = new Int16Array(bytes.length / 2);
            for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
            frames.push({ samples, sampleRate });
          }
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  const sink = await sinkReady;
  return {
    sink,
    frames,
    close: async () => {
      controller.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeAudioSinkConformance({
  name: 'SseAudioSink (HTTP over loopback)',
  holdsBacklog: true,
  create: async () => {
    const pair = await openSsePair();
    return { sink: pair.sink, received: () => pair.frames, dispose: () => pair.close() };
  },
});
