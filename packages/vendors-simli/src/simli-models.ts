/**
 * Simli's avatar session options: the one list this package goes by.
 *
 * Checked 2026-12-01 against:
 * - docs.simli.com/api-reference/compose-session-token (`POST /compose/token`, the OpenAPI
 *   `StartStreamingSessionRequest`: faceId required, apiVersion "v2", defaults 3600 s and 300 s),
 * - docs.simli.com/api-reference/python/reference (`SimliConfig`: "pcm16" the only audio format),
 * - `SimliSessionRequest` in simli-client 3.0.2 (dist/index.d.ts: `model?: "fasttalk" | "artalk"`).
 */
export const SIMLI_MODELS_CHECKED_ON = '2026-12-01';

export interface SimliModelInfo {
  /** Sessions stream over WebRTC (LiveKit or peer to peer); the token is minted here. */
  streaming: boolean;
  /** The audio the avatar is fed. */
  audioInputFormat: 'pcm16';
  sampleRate: 16000;
}

const compose: SimliModelInfo = { streaming: true, audioInputFormat: 'pcm16', sampleRate: 16000 };

/** Lip-sync models a session may ask for; none sent means Simli's own default. */
export const SIMLI_MODELS = { fasttalk: compose, artalk: compose } as const satisfies Record<
  string,
  SimliModelInfo
>;

export type SimliModel = keyof typeof SIMLI_MODELS | (string & {});

/** None: Simli picks its default model when the request names none. */
export const SIMLI_DEFAULT_MODEL: SimliModel | undefined = undefined;
/** Simli's documented defaults for a Compose session. */
export const SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC = 3600;
export const SIMLI_DEFAULT_MAX_IDLE_TIME_SEC = 300;
/** The only `apiVersion` the token endpoint allows. */
export const SIMLI_API_VERSION = 'v2';
