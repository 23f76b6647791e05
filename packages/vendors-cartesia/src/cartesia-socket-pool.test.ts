import type { TtsSession } from '@bot-backend/interfaces';
import { startCartesiaFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { createCartesia } from './cartesia-provider.js';
import { cartesiaSdk } from './cartesia-sdk.js';
import { CartesiaSocketPool } from './cartesia-socket-pool.js';
import type { CartesiaTtsSession } from './cartesia-tts-session.js';
import { audioOf, collect, waitFor } from './test-support.js';

const speak = async (session: TtsSession, text: string) => {
  session.pushText(text);
  session.end();
  return collect(session);
};

describe('CartesiaTts.stream: websocket connections kept between replies', () => {
  const fake = useFake(() => startCartesiaFake());
  const provider = (idleConnections?: number) =>
    createCartesia({ apiKey: fake.apiKey, baseURL: fake.url, idleConnections });

  it('the next reply, of any model of the provider, runs on the connection the last one finished on, in a new context', async () => {
    const cartesia = provider();
    const first = cartesia.tts().stream({ sampleRate: 24000 }) as CartesiaTtsSession;
    const firstParts = await speak(first, 'Welcome to the interview.');
    const second = cartesia.tts('sonic-2').stream({ sampleRate: 16000 }) as CartesiaTtsSession;
    const secondParts = await speak(second, 'Tell me about a project.');
    expect(fake.connections).toHaveLength(1);
    expect(second.contextId).not.toBe(first.contextId);
    for (const parts of [firstParts, secondParts]) {
      expect(parts.at(-1)?.type).toBe('finish');
      expect(audioOf(parts).length).toBeGreaterThan(0);
    }
    expect(audioOf(secondParts)[0]?.sampleRate).toBe(16000);
    const models = fake.connections[0]?.messages.map((m) => (m as { model_id?: string }).model_id);
    expect(new Set(models)).toEqual(new Set(['sonic-3', 'sonic-2']));
  });

  it('the reply after an answer of a few seconds, the only session, still finds its connection', async () => {
    const cartesia = provider();
    await speak(cartesia.tts().stream({ sampleRate: 24000 }), 'What is a race condition?');
    // An answer of a few seconds: the kept connection must outlive it, or the reply pays a new handshake.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(fake.openConnections()).toBe(1);
    const parts = await speak(cartesia.tts().stream({ sampleRate: 24000 }), 'Thanks. Next question.');
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.connections).toHaveLength(1);
  });

  it('a line closed before a word was sent to it (prepared, then not needed) leaves its connection for the next', async () => {
    const cartesia = provider();
    await speak(cartesia.tts().stream({ sampleRate: 24000 }), 'Welcome.');
    const unused = cartesia.tts().stream({ sampleRate: 24000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await unused.close();
    const parts = await speak(cartesia.tts().stream({ sampleRate: 24000 }), 'Next question.');
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.connections).toHaveLength(1);
    expect(fake.streamingConnections()).toBe(0);
  });

  it('a reply cut short (barge-in) closes its connection: the next one opens a new connection', async () => {
    const cartesia = provider();
    fake.slow({ chunkDelayMs: 40 });
    const cut = cartesia.tts().stream({ sampleRate: 24000 });
    cut.pushText('A long answer that is still being spoken when the candidate talks over it.');
    cut.end();
    const iterator = cut[Symbol.asyncIterator]();
    await iterator.next();
    await cut.close();
    await waitFor(() => fake.openConnections() === 0);
    const parts = await speak(cartesia.tts().stream({ sampleRate: 24000 }), 'Next question.');
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.connections).toHaveLength(2);
  });

  it('with idleConnections 0 no connection is kept', async () => {
    await speak(provider(0).tts().stream({ sampleRate: 24000 }), 'Three.');
    await waitFor(() => fake.openConnections() === 0);
  });

  it('drops a kept connection that closes, and closes one kept longer than maxIdleMs instead of using it', async () => {
    const client = new cartesiaSdk.Cartesia({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
    const pool = new CartesiaSocketPool({
      client,
      baseURL: fake.url,
      headers: undefined,
      maxIdle: 4,
      maxIdleMs: 1000,
    });
    const open = async () => {
      const { connection, reused } = pool.take(0);
      if (!reused) await connection.ws.connect();
      return { connection, reused };
    };
    const a = await open();
    const b = await open();
    expect([a.reused, b.reused]).toEqual([false, false]);
    pool.give(a.connection, 0);
    pool.give(b.connection, 0);
    expect(pool.idle).toBe(2);
    for (const socket of b.connection.sockets) socket.destroy();
    await waitFor(() => pool.idle === 1);
    const old = pool.take(5000);
    expect(old.reused).toBe(false);
    expect(old.connection).not.toBe(a.connection);
    await old.connection.ws.connect();
    await waitFor(() => fake.openConnections() === 1);
    pool.give(old.connection, 5000);
    expect(pool.take(5500)).toEqual({ connection: old.connection, reused: true });
    // Left idle, it is closed once maxIdleMs (1 s here) has passed.
    pool.give(old.connection);
    await waitFor(() => fake.openConnections() === 0 && pool.idle === 0, 3000);
  });
});
