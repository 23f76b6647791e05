import type { Settings, StartupNotice } from '@bot-backend/config';
import { defaultChatModel, modelFor, voiceFor } from './vendor-models.js';

/**
 * Settings as the providers will use them, with a notice for each model setting
 * a configured vendor cannot take (it names another vendor's model) and the
 * FEEDBACK_MODEL replaced by the primary LLM vendor's own when it names another
 * vendor's (gpt-4o-mini with Groq): LLM_MODEL when that is the vendor's, else its default.
 */
export function resolveSettings<S extends Settings>(settings: S): S {
  const notices: StartupNotice[] = [];
  const check = (
    setting: 'LLM_MODEL' | 'STT_MODEL' | 'TTS_MODEL' | 'TTS_VOICE',
    vendors: readonly string[],
    fits: (vendor: string, value: string) => string | undefined,
  ) => {
    const value = settings[setting];
    if (value === undefined) return;
    for (const vendor of vendors) {
      if (fits(vendor, value) === undefined) {
        notices.push({
          level: 'warn',
          setting,
          message: `${setting}=${value} is not a ${vendor} model or voice; ${vendor} uses its default.`,
        });
      }
    }
  };
  check('LLM_MODEL', settings.LLM_PROVIDER, modelFor);
  check('STT_MODEL', settings.STT_PROVIDER, modelFor);
  check('TTS_MODEL', settings.TTS_PROVIDER, modelFor);
  check('TTS_VOICE', settings.TTS_PROVIDER, voiceFor);

  let feedbackModel = settings.FEEDBACK_MODEL;
  const primary = settings.LLM_PROVIDER[0];
  if (primary !== undefined && modelFor(primary, feedbackModel) === undefined) {
    const replacement = modelFor(primary, settings.LLM_MODEL) ?? defaultChatModel(primary);
    if (replacement !== undefined) {
      notices.push({
        level: 'warn',
        setting: 'FEEDBACK_MODEL',
        message: `FEEDBACK_MODEL=${feedbackModel} is not a ${primary} model; feedback uses ${replacement} instead.`,
      });
      feedbackModel = replacement;
    }
  }
  if (notices.length === 0) return settings;
  return Object.freeze({
    ...settings,
    FEEDBACK_MODEL: feedbackModel,
    startupNotices: [...settings.startupNotices, ...notices],
  });
}
