export {
  SimliAvatar,
  type SimliAvatarSession,
  type SimliIceServer,
  type SimliLiveKitAgentOptions,
} from './simli-avatar.js';
export { SIMLI_VENDOR, simliHttpError } from './simli-errors.js';
export {
  SIMLI_DEFAULT_BASE_URL,
  SIMLI_DEFAULT_MAX_IDLE_TIME_SEC,
  SIMLI_DEFAULT_MAX_SESSION_LENGTH_SEC,
  type SimliModel,
  type SimliSettings,
  simliSettingsSchema,
} from './simli-options.js';
export { createSimli, type SimliProvider } from './simli-provider.js';
