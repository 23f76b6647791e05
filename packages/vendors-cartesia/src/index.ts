/** @deprecated The converter moved to `PcmOutput` in @bot-backend/vendor-kit. */
export { PcmOutput as CartesiaPcmConverter } from '@bot-backend/vendor-kit';
export {
  CARTESIA_VENDOR,
  cartesiaErrorToVendorError,
  cartesiaWsErrorToVendorError,
} from './cartesia-errors.js';
export {
  CARTESIA_DEFAULT_MODEL,
  CARTESIA_DEFAULT_VOICE,
  CARTESIA_MODELS,
  CARTESIA_MODELS_CHECKED_ON,
  CARTESIA_SAMPLE_RATES,
  CARTESIA_SPEED_RANGE,
  CARTESIA_VOLUME_RANGE,
  type CartesiaModelInfo,
  type CartesiaTtsModelId,
  cartesiaModelInfo,
  cartesiaRateFor,
} from './cartesia-models.js';
export {
  CARTESIA_DEFAULT_BASE_URL,
  CARTESIA_NATIVE_SAMPLE_RATE,
  type CartesiaEmotion,
  type CartesiaSettings,
  type CartesiaTtsOptions,
  cartesiaSettingsSchema,
  cartesiaTtsOptionsSchema,
} from './cartesia-options.js';
export { type CartesiaProvider, createCartesia } from './cartesia-provider.js';
export { CartesiaTts, type CartesiaTtsConfig } from './cartesia-tts.js';
export { CartesiaTtsSession } from './cartesia-tts-session.js';
