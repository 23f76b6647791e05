import { z } from 'zod';
import { type Capability, knownProviders, type ProviderName } from './provider-catalog.js';
import type { StartupNotice } from './provider-inference.js';
import { pythonLogLevels } from './retired-settings.js';

// Env files copied from .env.example carry `KEY=` lines: blank means unset.
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function text() {
  return z.preprocess(blankToUndefined, z.string().trim().optional());
}

function textWithDefault(fallback: string) {
  return z.preprocess(blankToUndefined, z.string().trim().default(fallback));
}

function url(protocols: readonly string[]) {
  const expected = protocols.map((p) => `${p}://`).join(' or ');
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        let parsed: URL;
        try {
          parsed = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: `is not a valid URL (expected ${expected}…)` });
          return;
        }
        if (!protocols.includes(parsed.protocol.slice(0, -1))) {
          ctx.addIssue({ code: 'custom', message: `must start with ${expected}` });
        }
      }),
  );
}

function integer(fallback: number, min: number, max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
        if (!Number.isSafeInteger(value) || value < min || value > max) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
          return z.NEVER;
        }
        return value;
      }),
  );
}

/** A comma list of web origins (`https://app.example.com`); each must be a bare origin, no path; `*` when `wildcard`. */
function originList(options: { wildcard?: boolean } = {}) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx): readonly string[] => {
        if (raw === undefined) return [];
        if (options.wildcard && raw.trim() === '*') return ['*'];
        const origins: string[] = [];
        for (const item of raw
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          let origin: string | undefined;
          try {
            const parsed = new URL(item);
            if (['http:', 'https:'].includes(parsed.protocol) && parsed.origin === item.replace(/\/$/, ''))
              origin = parsed.origin;
          } catch {}
          if (origin === undefined) {
            ctx.addIssue({
              code: 'custom',
              message: `must be ${options.wildcard ? '* or ' : ''}a comma list of origins like https://app.example.com`,
            });
            return z.NEVER;
          }
          origins.push(origin);
        }
        return origins;
      }),
  );
}

/** One word, any case: `read` turns it into the value, or undefined for a word it does not know. */
function word<T>(message: string, read: (raw: string) => T | undefined) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((raw, ctx): T | undefined => {
        if (raw === undefined) return undefined;
        const value = read(raw);
        if (value !== undefined) return value;
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
  );
}

/** One of `values`, or an alias of one (`aliases`: another vocabulary's name → ours). */
function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  aliases: { names: Readonly<Record<string, T[number]>>; label: string } | undefined = undefined,
) {
  const message = `must be one of: ${values.join(', ')}${aliases ? ` (or ${aliases.label})` : ''}`;
  return word(message, (raw): T[number] | undefined =>
    (values as readonly string[]).includes(raw)
      ? (raw as T[number])
      : aliases && Object.hasOwn(aliases.names, raw)
        ? aliases.names[raw]
        : undefined,
  );
}

/** `none` (or unset) gives []; `openai,groq` gives an ordered fallback chain. */
function providerList<C extends Capability>(capability: C) {
  const known = knownProviders(capability);
  const message = `must be none or a comma list of: ${known.join(', ')}`;
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx): readonly ProviderName<C>[] => {
        if (raw === undefined) return [];
        const names = raw.split(',').map((name) => name.trim().toLowerCase());
        if (names.length === 1 && names[0] === 'none') return [];
        if (names.some((name) => !known.includes(name))) {
          ctx.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        if (new Set(names).size !== names.length) {
          ctx.addIssue({ code: 'custom', message: 'names the same provider twice' });
          return z.NEVER;
        }
        return names as ProviderName<C>[];
      }),
  );
}

/** `true` or `false` (also 1/0, yes/no, any case). */
function flag(fallback: boolean) {
  const words: Readonly<Record<string, boolean>> = {
    true: true,
    1: true,
    yes: true,
    false: false,
    0: false,
    no: false,
  };
  return word('must be true or false', (raw) =>
    Object.hasOwn(words, raw) ? words[raw] : undefined,
  ).transform((value) => value ?? fallback);
}

/** A comma list of non-empty names. */
function nameList(fallback: readonly string[]) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw): readonly string[] => {
        const names = (raw ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        return names.length > 0 ? names : fallback;
      }),
  );
}

function secretOfAtLeast(minLength: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value !== undefined && value.length < minLength) {
          ctx.addIssue({ code: 'custom', message: `must be at least ${minLength} characters long` });
        }
      }),
  );
}

/** Settings whose values are never printed, logged or echoed in an error. */
export const secretSettingNames = [
  'OPENAI_API_KEY',
  'GROQ_API_KEY',
  'DEEPGRAM_API_KEY',
  'ASSEMBLYAI_API_KEY',
  'CARTESIA_API_KEY',
  'SIMLI_API_KEY',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
  'INTERNAL_SERVICE_JWT_SECRET',
  'SANDBOX_AUTH_TOKEN',
  // A connection URL carries its password.
  'DATABASE_URL',
] as const;

export const settingsShape = {
  NODE_ENV: oneOf(['development', 'production', 'test']),
  PORT: integer(8000, 0, 65_535),
  HOST: textWithDefault('0.0.0.0'),
  // Python's names too (WARNING, CRITICAL, NOTSET…), as the original read them.
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    names: pythonLogLevels,
    label: "Python's: CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET, or 50 … 0",
  }),

  LLM_PROVIDER: providerList('llm'),
  STT_PROVIDER: providerList('stt'),
  TTS_PROVIDER: providerList('tts'),
  AVATAR_PROVIDER: providerList('avatar'),
  MODERATION_PROVIDER: providerList('moderator'),

  OPENAI_API_KEY: text(),
  OPENAI_BASE_URL: url(['http', 'https']),
  FEEDBACK_MODEL: textWithDefault('gpt-4o-mini'),
  /** The interviewer's chat model; each vendor's default when unset. */
  LLM_MODEL: text(),
  /** Speech-to-text model, voice model and voice for whichever vendor serves them; each vendor's default when unset. */
  STT_MODEL: text(),
  TTS_MODEL: text(),
  TTS_VOICE: text(),
  GROQ_API_KEY: text(),
  GROQ_BASE_URL: url(['http', 'https']),
  DEEPGRAM_API_KEY: text(),
  DEEPGRAM_BASE_URL: url(['http', 'https', 'ws', 'wss']),
  ASSEMBLYAI_API_KEY: text(),
  ASSEMBLYAI_BASE_URL: url(['http', 'https']),
  ASSEMBLYAI_STREAMING_URL: url(['wss']),
  CARTESIA_API_KEY: text(),
  CARTESIA_BASE_URL: url(['http', 'https']),
  CARTESIA_VOICE: text(),
  SIMLI_API_KEY: text(),
  SIMLI_BASE_URL: url(['http', 'https']),
  SIMLI_FACE_ID: text(),

  LIVEKIT_URL: url(['ws', 'wss', 'http', 'https']),
  LIVEKIT_API_KEY: text(),
  LIVEKIT_API_SECRET: text(),

  BACKEND_API_URL: url(['http', 'https']),
  INTERNAL_SERVICE_JWT_SECRET: secretOfAtLeast(32),
  INBOUND_AUTH: oneOf(['jwt', 'off']),
  /** The `iss` values an inbound service token may carry (comma list). */
  INBOUND_JWT_ISSUER: nameList(['user-management']),
  /** Development only: POST /dev/page-token hands the bundled page a short-lived service token. */
  DEV_PAGE_TOKENS: flag(false),
  OUTBOX_DIR: textWithDefault('data/outbox'),
  /** PostgreSQL holding what replicas share (the outbox, session reports); unset → OUTBOX_DIR and memory. */
  DATABASE_URL: url(['postgres', 'postgresql']),
  /** `start`: apply db/migrations at start (under an advisory lock); `off`: `pnpm migrate` does it. */
  DATABASE_MIGRATE: oneOf(['start', 'off']),
  /** How long a replica holds an outbox row it claimed; a dead replica's rows return after it. */
  OUTBOX_LEASE_MS: integer(30_000, 1_000, 3_600_000),
  /** API worker processes behind the one port; 0 → one per available core (1 when NODE_ENV=test). */
  WEB_CONCURRENCY: integer(0, 0, 256),
  /** How workers get connections: `shared` (or unset) accept from the socket's queue, quick in a burst; `round-robin` dealt in turn by the primary. */
  WEB_ACCEPT: oneOf(['shared', 'round-robin']),
  /** apps/agent: interviews per core before the worker reports itself full to LiveKit; 0 → learnt from measured CPU per job. */
  AGENT_SESSIONS_PER_CORE: integer(0, 0, 1_000),

  VENDOR_TIMEOUT_MS: integer(15_000, 100, 600_000),
  VENDOR_MAX_RETRIES: integer(2, 0, 10),
  CIRCUIT_BREAKER_FAILURES: integer(5, 1, 1_000),
  CIRCUIT_BREAKER_COOLDOWN_MS: integer(30_000, 100, 3_600_000),

  /** confined (default): code runs under bubblewrap, or not at all; none: code is judged by reading only. */
  SANDBOX_MODE: oneOf(['confined', 'none']),
  SANDBOX_BWRAP: textWithDefault('/usr/bin/bwrap'),
  SANDBOX_TEST_TIMEOUT_MS: integer(2_000, 50, 60_000),
  SANDBOX_TOTAL_TIMEOUT_MS: integer(10_000, 100, 300_000),
  SANDBOX_MEMORY_MB: integer(128, 16, 4_096),
  SANDBOX_OUTPUT_BYTES: integer(65_536, 1_024, 16_777_216),
  SANDBOX_MAX_CONCURRENT: integer(2, 1, 64),
  SANDBOX_MAX_QUEUED: integer(48, 0, 10_000),
  SANDBOX_PYTHON: textWithDefault('/usr/bin/python3'),
  /** A Judge0 CE server that runs code answers instead of this process. */
  SANDBOX_URL: url(['http', 'https']),
  /** That server's AUTHN_TOKEN (sent as X-Auth-Token). */
  SANDBOX_AUTH_TOKEN: text(),

  SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000),
  REQUEST_BODY_LIMIT_BYTES: integer(1_048_576, 1_024, 104_857_600),

  // /ws/voice limits (per socket unless said otherwise).
  VOICE_MAX_FRAME_BYTES: integer(2_097_152, 1_024, 67_108_864),
  VOICE_MAX_TURN_AUDIO_MS: integer(180_000, 1_000, 3_600_000),
  VOICE_MAX_SESSION_MS: integer(3_600_000, 1_000, 14_400_000),
  VOICE_IDLE_TIMEOUT_MS: integer(300_000, 1_000, 3_600_000),
  /**
   * Interviews one worker process runs at once (each worker serves its own). Default: what one core
   * held within the overhead target (pipeline overhead p99 ≤ 20 ms) as measured; README, Benchmarks.
   */
  VOICE_MAX_SESSIONS: integer(10, 0, 10_000),
  /** Interviews one client (token subject, else address) may run at once. */
  VOICE_MAX_SESSIONS_PER_CLIENT: integer(3, 1, 10_000),
  /** How long a ticket from POST /v1/voice/sessions may wait before it opens /ws/voice. */
  VOICE_TICKET_TTL_MS: integer(60_000, 1_000, 600_000),

  /** Browser origins besides the API's own that may call REST routes and open /ws/voice (`*`: any, not in production). */
  CORS_ORIGINS: originList({ wildcard: true }),
  /** Lets in `Origin: null` (a page opened from a file, a sandboxed frame) on REST and /ws/voice. */
  CORS_ALLOW_NULL_ORIGIN: flag(false),
};

export const settingsSchema = z.object(settingsShape).transform((raw) => {
  const NODE_ENV = raw.NODE_ENV ?? 'development';
  return {
    ...raw,
    NODE_ENV,
    LOG_LEVEL: raw.LOG_LEVEL ?? 'info',
    DATABASE_MIGRATE: raw.DATABASE_MIGRATE ?? 'start',
    // Production refuses unauthenticated callers unless told otherwise.
    INBOUND_AUTH: raw.INBOUND_AUTH ?? (NODE_ENV === 'production' ? 'jwt' : 'off'),
  };
});

export type Settings = Readonly<
  z.output<typeof settingsSchema> & {
    /** What loading decided on its own (providers inferred from keys, models replaced), for the start-up log. */
    startupNotices: readonly StartupNotice[];
  }
>;
export type SettingName = keyof typeof settingsShape;
export type SecretSettingName = (typeof secretSettingNames)[number];
