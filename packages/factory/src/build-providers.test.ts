import {
  parseSettings,
  type SettingName,
  type Settings,
  SettingsError,
  type SettingsProblem,
} from '@bot-backend/config';
import { describe, expect, it } from 'vitest';
import { assertRegistriesMatchCatalog, buildProviders, buildProvidersFrom } from './build-providers.js';
import type { ChainBuilders } from './chains.js';
import type { ProviderEntry } from './provider-entry.js';
import type { ProviderEvent } from './provider-events.js';
import type { Registries } from './registries.js';

// The selection logic is generic over what a provider is; these records say
// which entry built them and with which key, which is all the logic decides.
interface Built {
  entry: string;
  key: string | undefined;
}
type Tagged = { llm: Built; stt: Built; tts: Built; avatar: Built; moderator: Built | string };

function keyOf(settings: Settings, name: SettingName | undefined): string | undefined {
  const value = name === undefined ? undefined : settings[name];
  return typeof value === 'string' ? value : undefined;
}

const entry = (
  capability: string,
  name: string,
  needs: ProviderEntry<Built>['needs'],
): ProviderEntry<Built> => ({
  name,
  needs,
  create: (settings) => ({ entry: `${capability}/${name}`, key: keyOf(settings, needs[0]) }),
});

const registries: Registries<Tagged> = {
  llm: [entry('llm', 'openai', ['OPENAI_API_KEY']), entry('llm', 'groq', ['GROQ_API_KEY'])],
  stt: [entry('stt', 'deepgram', ['DEEPGRAM_API_KEY']), entry('stt', 'assemblyai', ['ASSEMBLYAI_API_KEY'])],
  tts: [entry('tts', 'cartesia', ['CARTESIA_API_KEY'])],
  avatar: [entry('avatar', 'simli', ['SIMLI_API_KEY'])],
  moderator: [{ name: 'openai', needs: ['OPENAI_API_KEY'], create: () => 'openai-moderation' }],
};

// Settings validation already demands each provider's key; these tests build
// Settings with the keys present and then check the factory's own rules.
const keys = {
  OPENAI_API_KEY: 'openai-key',
  GROQ_API_KEY: 'groq-key',
  DEEPGRAM_API_KEY: 'deepgram-key',
  ASSEMBLYAI_API_KEY: 'assemblyai-key',
  CARTESIA_API_KEY: 'cartesia-key',
  SIMLI_API_KEY: 'simli-key',
};

async function problemsOf(run: () => Promise<unknown>): Promise<readonly SettingsProblem[]> {
  try {
    await run();
  } catch (error) {
    if (SettingsError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('buildProvidersFrom', () => {
  it('gives no provider for `none`, so the domain runs offline', async () => {
    const events: ProviderEvent[] = [];
    // Every key is set: `none` is what keeps each capability offline (unset would infer the only vendor).
    const none = {
      LLM_PROVIDER: 'none',
      STT_PROVIDER: 'none',
      TTS_PROVIDER: 'none',
      AVATAR_PROVIDER: 'none',
      MODERATION_PROVIDER: 'none',
    };
    const providers = await buildProvidersFrom(parseSettings({ ...keys, ...none }), registries, {}, (e) =>
      events.push(e),
    );
    expect(providers).toEqual({});
    expect(events).toEqual([]);
  });

  it('builds the named provider of each capability from the settings it is given', async () => {
    const events: ProviderEvent[] = [];
    const settings = parseSettings({
      ...keys,
      LLM_PROVIDER: 'groq',
      STT_PROVIDER: 'assemblyai',
      TTS_PROVIDER: 'cartesia',
      AVATAR_PROVIDER: 'simli',
      MODERATION_PROVIDER: 'openai',
    });
    const providers = await buildProvidersFrom(settings, registries, {}, (e) => events.push(e));
    expect(providers).toEqual({
      llm: { entry: 'llm/groq', key: 'groq-key' },
      stt: { entry: 'stt/assemblyai', key: 'assemblyai-key' },
      tts: { entry: 'tts/cartesia', key: 'cartesia-key' },
      avatar: { entry: 'avatar/simli', key: 'simli-key' },
      moderator: 'openai-moderation',
    });
    expect(events).toContainEqual({ type: 'providers_built', capability: 'llm', providers: ['groq'] });
    expect(events).toHaveLength(5);
  });

  it('hands a comma list, in order, to the capability chain builder', async () => {
    const calls: { capability: string; members: string[] }[] = [];
    const chains: ChainBuilders<Tagged> = {
      llm: (members, context) => {
        calls.push({ capability: context.capability, members: members.map((m) => m.name) });
        return { entry: `chain(${members.map((m) => m.provider.entry).join(' > ')})`, key: undefined };
      },
    };
    const settings = parseSettings({ ...keys, LLM_PROVIDER: 'groq,openai' });
    const providers = await buildProvidersFrom(settings, registries, chains, () => {});
    expect(providers.llm).toEqual({ entry: 'chain(llm/groq > llm/openai)', key: undefined });
    expect(calls).toEqual([{ capability: 'llm', members: ['groq', 'openai'] }]);
  });

  it('lets the chain builder wrap a single provider too', async () => {
    const chains: ChainBuilders<Tagged> = {
      tts: ([first]) => ({ entry: `retrying(${first?.provider.entry})`, key: first?.provider.key }),
    };
    const providers = await buildProvidersFrom(
      parseSettings({ ...keys, TTS_PROVIDER: 'cartesia' }),
      registries,
      chains,
      () => {},
    );
    expect(providers.tts).toEqual({ entry: 'retrying(tts/cartesia)', key: 'cartesia-key' });
  });

  it('refuses a list for a capability without a chain builder, naming the setting', async () => {
    const settings = parseSettings({ ...keys, STT_PROVIDER: 'deepgram,assemblyai' });
    expect(await problemsOf(() => buildProvidersFrom(settings, registries, {}, () => {}))).toEqual([
      { variable: 'STT_PROVIDER', message: expect.stringContaining('no stt fallback chain') },
    ]);
  });

  it('reports a catalog provider this build does not register, for every capability at once', async () => {
    const settings = parseSettings({ ...keys, STT_PROVIDER: 'openai', TTS_PROVIDER: 'deepgram' });
    expect(await problemsOf(() => buildProvidersFrom(settings, registries, {}, () => {}))).toEqual([
      { variable: 'STT_PROVIDER', message: 'openai is not available in this build' },
      { variable: 'TTS_PROVIDER', message: 'deepgram is not available in this build' },
    ]);
  });

  it('creates nothing when any capability fails', async () => {
    let created = 0;
    const counting: Registries<Tagged> = {
      ...registries,
      llm: [
        {
          name: 'openai',
          needs: ['OPENAI_API_KEY'],
          create: () => ({ entry: `n${++created}`, key: undefined }),
        },
      ],
    };
    const settings = parseSettings({ ...keys, LLM_PROVIDER: 'openai', STT_PROVIDER: 'openai' });
    await expect(buildProvidersFrom(settings, counting, {}, () => {})).rejects.toThrow(SettingsError);
    expect(created).toBe(0);
  });
});

describe('assertRegistriesMatchCatalog', () => {
  it('rejects names the settings would never accept, wrong needs, and repeats', () => {
    const wrong: Registries<Tagged> = {
      ...registries,
      llm: [entry('llm', 'mistral', ['OPENAI_API_KEY']), entry('llm', 'groq', ['OPENAI_API_KEY'])],
      avatar: [entry('avatar', 'simli', ['SIMLI_API_KEY']), entry('avatar', 'simli', ['SIMLI_API_KEY'])],
    };
    expect(() => assertRegistriesMatchCatalog(wrong)).toThrow(
      /llm\/mistral is not in the config provider catalog; llm\/groq needs \[OPENAI_API_KEY\] but the catalog says \[GROQ_API_KEY\]; avatar\/simli is registered twice/,
    );
  });

  it('accepts this package own registries', async () => {
    await expect(buildProviders(parseSettings({}))).resolves.toEqual({});
  });
});
