import { parseSettings } from '@bot-backend/vendor-kit';
import { DeepgramClient } from '@deepgram/sdk';
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
