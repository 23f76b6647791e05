export {
  SimliAvatar,
  type SimliAvatarSession,
  type SimliIceServer,
  type SimliLiveKitAgentOptions,
} from './simli-avatar.js';
export { SIMLI_VENDOR, simliHttpError } from './simli-errors.js';
export {
  SIMLI_API_VERSION,
  SIMLI_DEFAULT_MAX_IDLE_TIME_SEC,
  SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC,
  SIMLI_DEFAULT_MODEL,
  SIMLI_MODELS,
  SIMLI_MODELS_CHECKED_ON,
  type SimliModel,
  type SimliModelInfo,
} from './simli-models.js';
export { SIMLI_DEFAULT_BASE_URL, type SimliSettings, simliSettingsSchema } from './simli-options.js';
export { createSimli, type SimliProvider } from './simli-provider.js';
