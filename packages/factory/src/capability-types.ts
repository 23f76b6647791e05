import type { Capability } from '@bot-backend/config';
import type { Avatar, LLM, Moderator, STT, TTS } from '@bot-backend/interfaces';

/** What each capability's providers implement. */
export interface CapabilityTypes {
  llm: LLM;
  stt: STT;
  tts: TTS;
  avatar: Avatar;
  moderator: Moderator;
}

/** A capability → provider type map; tests of the selection logic use their own. */
export type ProviderTypes = Record<Capability, unknown>;
