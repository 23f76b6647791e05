import { functionSetting, parseSettings, vendorClientSettings } from '@bot-backend/vendor-kit';
import { z } from 'zod';

export const SIMLI_DEFAULT_BASE_URL = 'https://api.simli.ai';
export {
  SIMLI_DEFAULT_MAX_IDLE_TIME_SEC,
  SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC,
  type SimliModel,
} from './simli-models.js';

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const simliSettingsSchema = z.strictObject({
  /** `timeoutMs` is the deadline for each call's answers (token and ICE list), unless a call gives its own. */
  ...vendorClientSettings('SIMLI_API_KEY'),
  /** e.g. a proxy or a test fake. */
  baseURL: z.url().optional(),
  /** Face used when a call names none (`<face id>` or `<face id>/<emotion id>`). */
  faceId: z.string().min(1).optional(),
  /** Default hard limit on a session's length. */
  maxSessionLengthSec: z.number().int().positive().optional(),
  /** Default idle time after which Simli ends a session. */
  maxIdleTimeSec: z.number().int().positive().optional(),
  /** Let Simli animate silence between utterances; default true. */
  handleSilence: z.boolean().optional(),
  model: z.string().min(1).optional(),
  /** Also fetch the ICE servers for the browser's WebRTC connection; default true. */
  iceServers: z.boolean().optional(),
  /** The clock behind `expiresAt` (tests). */
  now: functionSetting<() => number>('now').optional(),
});

export type SimliSettings = z.input<typeof simliSettingsSchema>;
export type ResolvedSimliSettings = z.output<typeof simliSettingsSchema>;

/** What `createSimli` resolves once and every avatar receives. */
export interface SimliConfig {
  readonly settings: ResolvedSimliSettings;
  /** `baseURL` without a trailing slash (default https://api.simli.ai). */
  readonly baseURL: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

/** Parses the settings once: a missing key throws naming SIMLI_API_KEY. */
export function resolveSimliConfig(settings: SimliSettings): SimliConfig {
  const resolved = parseSettings('Simli', simliSettingsSchema, settings);
  return {
    settings: resolved,
    baseURL: (resolved.baseURL ?? SIMLI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    fetch: resolved.fetch ?? globalThis.fetch,
    now: resolved.now ?? Date.now,
  };
}

/** `POST /compose/token` answer; lenient, only what we read. */
export const simliTokenResponseSchema = z.object({
  session_token: z.string().min(1),
});

/** An error body: `{"detail": "…"}`, FastAPI's `{"detail": [{msg}]}`, or `{"message": "…"}`. */
export const simliErrorBodySchema = z.object({
  detail: z
    .union([
      z.string(),
      z.array(
        z
          .object({ msg: z.string().nullish(), loc: z.array(z.union([z.string(), z.number()])).nullish() })
          .loose(),
      ),
    ])
    .nullish(),
  message: z.string().nullish(),
  error: z.string().nullish(),
});

const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().nullish(),
  credential: z.string().nullish(),
});

/** `GET /compose/ice` answer: a list of RTCIceServer (some deployments wrap it in `iceServers`). */
export const simliIceResponseSchema = z.union([
  z.array(iceServerSchema),
  z.object({ iceServers: z.array(iceServerSchema) }).transform((value) => value.iceServers),
]);
