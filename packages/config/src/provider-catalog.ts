/** The capabilities a provider setting selects. */
export type Capability = 'llm' | 'stt' | 'tts' | 'avatar' | 'moderator';

export const capabilities: readonly Capability[] = ['llm', 'stt', 'tts', 'avatar', 'moderator'];

/** The setting that names each capability's provider (or chain of providers). */
export const providerSettingNames = {
  llm: 'LLM_PROVIDER',
  stt: 'STT_PROVIDER',
  tts: 'TTS_PROVIDER',
  avatar: 'AVATAR_PROVIDER',
  moderator: 'MODERATION_PROVIDER',
} as const satisfies Record<Capability, string>;

export type ProviderSettingName = (typeof providerSettingNames)[Capability];

/**
 * Every provider name the settings accept, per capability, with the settings it
 * cannot start without. The factory's registries must agree with this table
 * (it checks), so a typo in a provider name fails at start, not at first call.
 */
export const providerCatalog = {
  llm: {
    openai: ['OPENAI_API_KEY'],
    groq: ['GROQ_API_KEY'],
  },
  stt: {
    deepgram: ['DEEPGRAM_API_KEY'],
    assemblyai: ['ASSEMBLYAI_API_KEY'],
    openai: ['OPENAI_API_KEY'],
    groq: ['GROQ_API_KEY'],
  },
  tts: {
    cartesia: ['CARTESIA_API_KEY'],
    openai: ['OPENAI_API_KEY'],
    deepgram: ['DEEPGRAM_API_KEY'],
  },
  avatar: {
    simli: ['SIMLI_API_KEY'],
  },
  moderator: {
    openai: ['OPENAI_API_KEY'],
  },
} as const satisfies Record<Capability, Record<string, readonly string[]>>;

export type ProviderName<C extends Capability> = keyof (typeof providerCatalog)[C] & string;

export function knownProviders(capability: Capability): readonly string[] {
  return Object.keys(providerCatalog[capability]);
}

/** The settings a provider needs, or undefined when the name is unknown for that capability. */
export function providerNeeds(capability: Capability, name: string): readonly string[] | undefined {
  const table: Readonly<Record<string, readonly string[]>> = providerCatalog[capability];
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
