import type { Providers } from '@bot-backend/factory';

/** What each capability runs on, for the start-up log line; `none` means the offline strategy. */
export function describeProviders(providers: Providers): Record<string, string> {
  return {
    llm: providers.llm?.provider ?? 'none',
    stt: providers.stt?.provider ?? 'none',
    tts: providers.tts?.provider ?? 'none',
    avatar: providers.avatar?.provider ?? 'none',
    moderator: providers.moderator?.provider ?? 'none',
  };
}
