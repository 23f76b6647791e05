import {
  type Avatar,
  type AvatarSession,
  type AvatarSessionOptions,
  type CallOptions,
  VendorError,
} from '@bot-backend/interfaces';
import { type CallControl, startCall } from '@bot-backend/vendor-kit';
import { SIMLI_VENDOR, simliHttpError, simliNetworkError } from './simli-errors.js';
import { SIMLI_API_VERSION, type SimliModel } from './simli-models.js';
import {
  type ResolvedSimliSettings,
  SIMLI_DEFAULT_MAX_IDLE_TIME_SEC,
  SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC,
  type SimliConfig,
  simliIceResponseSchema,
  simliTokenResponseSchema,
} from './simli-options.js';

export type SimliIceServer = NonNullable<AvatarSession['iceServers']>[number];

export interface SimliAvatarSession extends AvatarSession {
  provider: typeof SIMLI_VENDOR;
  /** What we could not provide, e.g. the ICE list when `GET /compose/ice` failed (the client then uses public STUN). */
  warnings: string[];
}

export interface SimliLiveKitAgentOptions extends CallOptions {
  /** From createSession(). */
  sessionToken: string;
  /** The LiveKit server the avatar joins (wss://…). */
  livekitUrl: string;
  /**
   * A LiveKit token for identity `simli-avatar-agent`, kind `agent`, with roomJoin for
   * the room and attribute `lk.publish_on_behalf` = the agent's identity (minted by the caller).
   */
  livekitToken: string;
}

const TOKEN_PATH = '/compose/token';
const ICE_PATH = '/compose/ice';
const LIVEKIT_AGENTS_PATH = '/integrations/livekit/agents';

/**
 * Simli avatar sessions: mints a Compose session token (and fetches ICE servers)
 * with the server-side key, for the browser or LiveKit client that renders the avatar.
 */
export class SimliAvatar implements Avatar {
  readonly specificationVersion = 'v1' as const;
  readonly provider = SIMLI_VENDOR;
  /** The lip-sync model sent as `model`; undefined lets Simli pick its default. */
  readonly modelId: SimliModel | undefined;
  readonly baseURL: string;
  readonly #settings: ResolvedSimliSettings;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  /** Built by `createSimli`, which parses the settings once. */
  constructor(modelId: SimliModel | undefined, config: SimliConfig) {
    this.modelId = modelId;
    this.#settings = config.settings;
    this.baseURL = config.baseURL;
    this.#fetch = config.fetch;
    this.#now = config.now;
  }

  async createSession(options: AvatarSessionOptions = {}): Promise<SimliAvatarSession> {
    const faceId = options.faceId ?? this.#settings.faceId;
    if (!faceId) {
      throw new VendorError({
        kind: 'bad_request',
        vendor: SIMLI_VENDOR,
        message: `${SIMLI_VENDOR}: no faceId: pass one or set faceId in the settings`,
      });
    }
    const maxSessionLength =
      options.maxSessionLengthSec ??
      this.#settings.maxSessionLengthSec ??
      SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC;
    const maxIdleTime =
      options.maxIdleTimeSec ?? this.#settings.maxIdleTimeSec ?? SIMLI_DEFAULT_MAX_IDLE_TIME_SEC;
    const body = {
      faceId,
      handleSilence: this.#settings.handleSilence ?? true,
      maxSessionLength,
      maxIdleTime,
      apiVersion: SIMLI_API_VERSION,
      // What the avatar is fed: PCM16 at 16 kHz mono.
      audioInputFormat: 'pcm16',
      ...(this.modelId !== undefined ? { model: this.modelId } : {}),
    };

    const call = startCall(SIMLI_VENDOR, options.signal, options.timeoutMs ?? this.#settings.timeoutMs);
    const startedAt = this.#now();
    try {
      const ice =
        this.#settings.iceServers === false
          ? Promise.resolve(undefined)
          : this.#iceServers(call).then(
              (servers) => servers,
              (error: unknown) =>
                VendorError.isInstance(error) ? error : simliNetworkError(error, ICE_PATH),
            );
      const token = await this.#token(body, call);
      const iceResult = await ice;
      const warnings: string[] = [];
      let iceServers: SimliIceServer[] | undefined;
      if (VendorError.isInstance(iceResult)) {
        // The caller gave up: no session, even though a token came back.
        if (iceResult.kind === 'cancelled') throw iceResult;
        warnings.push(`ice servers unavailable: ${iceResult.message}`);
      } else {
        iceServers = iceResult;
      }
      return {
        provider: SIMLI_VENDOR,
        sessionToken: token,
        // Simli gives no expiry: the session cannot outlive maxSessionLength from now.
        expiresAt: startedAt + maxSessionLength * 1000,
        faceId,
        ...(iceServers ? { iceServers } : {}),
        warnings,
      };
    } finally {
      call.dispose();
    }
  }

  /**
   * Sends the avatar into a LiveKit room (`POST /integrations/livekit/agents`); the
   * session token authenticates the call. Route the agent's audio to identity
   * `simli-avatar-agent` at 16 kHz.
   */
  async startLiveKitAgent(options: SimliLiveKitAgentOptions): Promise<void> {
    const call = startCall(SIMLI_VENDOR, options.signal, options.timeoutMs ?? this.#settings.timeoutMs);
    try {
      await this.#request(
        LIVEKIT_AGENTS_PATH,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            session_token: options.sessionToken,
            livekit_token: options.livekitToken,
            livekit_url: options.livekitUrl,
          }),
        },
        call,
      );
    } finally {
      call.dispose();
    }
  }

  async #token(body: Record<string, unknown>, call: CallControl): Promise<string> {
    const json = await this.#request(
      TOKEN_PATH,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-simli-api-key': this.#settings.apiKey },
        body: JSON.stringify(body),
      },
      call,
    );
    const parsed = simliTokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: SIMLI_VENDOR,
        message: `${SIMLI_VENDOR}: ${TOKEN_PATH} answered without a session_token`,
      });
    }
    // Simli's own failure marker, which older deployments send with a 200.
    if (parsed.data.session_token === 'FAIL TOKEN') {
      throw new VendorError({
        kind: 'bad_request',
        vendor: SIMLI_VENDOR,
        message: `${SIMLI_VENDOR}: ${TOKEN_PATH} refused the session (FAIL TOKEN)`,
      });
    }
    return parsed.data.session_token;
  }

  async #iceServers(call: CallControl): Promise<SimliIceServer[]> {
    const json = await this.#request(
      ICE_PATH,
      { method: 'GET', headers: { 'x-simli-api-key': this.#settings.apiKey } },
      call,
    );
    const parsed = simliIceResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: SIMLI_VENDOR,
        message: `${SIMLI_VENDOR}: ${ICE_PATH} answered an unreadable list`,
      });
    }
    return parsed.data.map((server) => ({
      urls: server.urls,
      ...(server.username ? { username: server.username } : {}),
      ...(server.credential ? { credential: server.credential } : {}),
    }));
  }

  /** One request; its JSON answer (undefined when empty), or a VendorError. */
  async #request(path: string, init: RequestInit, call: CallControl): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.baseURL}${path}`, { ...init, signal: call.signal });
      text = await response.text();
    } catch (error) {
      throw call.abortError() ?? simliNetworkError(error, path);
    }
    if (!response.ok) throw simliHttpError(response.status, response.headers, text, path);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: SIMLI_VENDOR,
        message: `${SIMLI_VENDOR}: ${path} answered something other than JSON`,
        cause: error,
      });
    }
  }
}
