import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type App, createApp, inProcessDeps, type RunningServer, startServer } from '@bot-backend/api';
import { parseSettings } from '@bot-backend/config';
import { buildProviders, type ProviderEvent, type Providers } from '@bot-backend/factory';

/** apps/api as main() serves it, on a loopback port, with the providers the settings name. */
export interface ServerUnderTest {
  url: string;
  wsUrl: string;
  app: App;
  providers: Providers;
  /** /ws/voice sockets still open (undefined: this build has no /ws/voice). */
  voiceSessions(): number | undefined;
  /** Log lines at warn or above, counted. */
  warnings(): number;
  /** The factory's events (retries, fallbacks, circuit changes) so far, counted by `type:detail`. */
  providerEvents(): Record<string, number>;
  close(): Promise<void>;
}

interface VoiceCapableApp {
  voice?: { size: number };
  handleUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export async function startServerUnderTest(env: Record<string, string>): Promise<ServerUnderTest> {
  let warnings = 0;
  const events: Record<string, number> = {};
  const providers = await providersFor(env, (event) => {
    const detail = 'to' in event ? event.to : 'reason' in event ? event.reason : '';
    const key = `${event.type}:${detail}`;
    events[key] = (events[key] ?? 0) + 1;
  });
  const deps = inProcessDeps({
    loopback: true,
    env: {
      LOG_LEVEL: 'info',
      VOICE_MAX_SESSIONS: '2000',
      // Every candidate connects from this one loopback address.
      VOICE_MAX_SESSIONS_PER_CLIENT: '2000',
      ...env,
    },
    logName: 'bench',
    // Every line is serialized as in production (access logs included), then dropped.
    onLogLine: (line) => {
      if (/"level":(40|50|60)/.test(line)) warnings += 1;
    },
    providers,
  });
  const app = createApp(deps);
  const server: RunningServer = await startServer(app, deps);
  const voice = app as unknown as VoiceCapableApp;
  return {
    url: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/ws/voice`,
    app,
    providers,
    voiceSessions: () => (voice.handleUpgrade ? (voice.voice?.size ?? 0) : undefined),
    warnings: () => warnings,
    providerEvents: () => ({ ...events }),
    close: () => server.shutdown('bench over'),
  };
}

/** Providers as main() builds them (the factory builds every vendor the bench's settings name). */
async function providersFor(
  env: Record<string, string>,
  onEvent: (event: ProviderEvent) => void,
): Promise<Providers> {
  if (!env.LLM_PROVIDER && !env.STT_PROVIDER && !env.TTS_PROVIDER) return {};
  return buildProviders(parseSettings(env), { onEvent });
}
