import type { Capability } from '@bot-backend/config';
import { avatarRegistry } from './avatar-registry.js';
import type { CapabilityTypes, ProviderTypes } from './capability-types.js';
import { llmRegistry } from './llm-registry.js';
import { moderatorRegistry } from './moderator-registry.js';
import type { ProviderEntry } from './provider-entry.js';
import { sttRegistry } from './stt-registry.js';
import { ttsRegistry } from './tts-registry.js';

export type Registries<T extends ProviderTypes = CapabilityTypes> = {
  readonly [C in Capability]: readonly ProviderEntry<T[C]>[];
};

export const defaultRegistries: Registries = {
  llm: llmRegistry,
  stt: sttRegistry,
  tts: ttsRegistry,
  avatar: avatarRegistry,
  moderator: moderatorRegistry,
};
