import { parseSettings } from '@bot-backend/vendor-kit';
import { DeepgramClient } from '@deepgram/sdk';
import { toDeepgramConnectError } from './deepgram-errors.js';
import {
  type DeepgramSettings,
  deepgramSettingsSchema,
  type ResolvedDeepgramSettings,
} from './deepgram-options.js';

/** What `createDeepgram` resolves once and every model class receives: settings parsed, one client. */
export interface DeepgramConfig {
  readonly settings: ResolvedDeepgramSettings;
  readonly client: DeepgramClient;
}

/** Parses the settings (a TypeError naming the bad fields) and builds the one SDK client. */
export function resolveDeepgramConfig(settings: DeepgramSettings): DeepgramConfig {
  const resolved = parseSettings('Deepgram', deepgramSettingsSchema, settings);
  return { settings: resolved, client: createDeepgramClient(resolved) };
}

/** The official SDK client, pointed where the settings say, with its hidden retries off. */
function createDeepgramClient(settings: ResolvedDeepgramSettings): DeepgramClient {
  return new DeepgramClient({
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.headers ? { headers: settings.headers } : {}),
    // One retry policy, in the factory: the SDK would otherwise retry 408/429/5xx twice.
    maxRetries: 0,
    // Our own reconnect resends uncovered audio; the SDK wrapper's would not.
    reconnect: false,
  });
}

/** What `connectSocket` needs of the SDK's live and speak sockets. */
interface DeepgramSocket {
  on(event: 'error', callback: () => void): void;
  connect(): unknown;
  waitForOpen(): Promise<unknown>;
}

/**
 * Connects a live or speak socket (its handlers already bound) and waits until it
 * is open; a refused or timed-out upgrade becomes a VendorError.
 */
export async function connectSocket(socket: DeepgramSocket): Promise<void> {
  socket.on('error', () => {
    // Reported through waitForOpen (before open) or the close that follows (after).
  });
  socket.connect();
  try {
    await socket.waitForOpen();
  } catch (error) {
    const message = (error as { message?: unknown } | undefined)?.message;
    throw toDeepgramConnectError(typeof message === 'string' ? message : 'connection failed', error);
  }
}
