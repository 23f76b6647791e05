import type { z } from 'zod';
import type { EnvRecord } from './env-files.js';
import {
  type Capability,
  capabilities,
  type ProviderSettingName,
  providerCatalog,
  providerSettingNames,
} from './provider-catalog.js';
import type { settingsSchema } from './settings-schema.js';

type SettingsValues = z.output<typeof settingsSchema>;

/** One line for the start-up log: what the settings chose on their own, or what they could not use. */
export interface StartupNotice {
  level: 'info' | 'warn';
  /** The setting the notice is about (e.g. LLM_PROVIDER, SIMLI_API_KEY). */
  setting: string;
  message: string;
}

export interface ProviderInference {
  /** Provider settings filled in from the keys present. */
  inferred: { -readonly [K in ProviderSettingName]?: SettingsValues[K] };
  notices: StartupNotice[];
}

/** The interview's own path; an absent avatar or moderator is not worth a warning. */
const coreCapabilities: ReadonlySet<Capability> = new Set(['llm', 'stt', 'tts']);

/** Every `*_API_KEY` a provider in the catalogue needs, in catalogue order. */
const vendorKeys: readonly string[] = [
  ...new Set(
    capabilities.flatMap((capability) =>
      Object.values(providerCatalog[capability] as Record<string, readonly string[]>).flat(),
    ),
  ),
];

/**
 * A capability whose provider setting is absent (not `none`) takes the one
 * vendor whose key is present and serves it. Several candidates choose nothing:
 * the notice names them and the setting to set (no hidden ordering). Keys that
 * cannot serve an unset llm/stt/tts are named in a warning, so a configuration
 * never silently gets less than its keys suggest.
 */
export function inferProviders(env: EnvRecord): ProviderInference {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const inferred: ProviderInference['inferred'] = {};
  const notices: StartupNotice[] = [];

  for (const capability of capabilities) {
    const setting = providerSettingNames[capability];
    const table = providerCatalog[capability] as Record<string, readonly string[]>;
    if (isSet(setting)) {
      continue;
    }
    const candidates = Object.entries(table).filter(([, needs]) => needs.every(isSet));
    if (candidates.length === 1) {
      const [name, needs] = candidates[0]!;
      // `name` is a key of this capability's catalogue table, so a valid value of its setting.
      (inferred as Record<string, readonly string[]>)[setting] = [name];
      notices.push({
        level: 'info',
        setting,
        message: `${setting} is not set; using ${name}, the only ${capability} vendor with a key (${needs.join(', ')}). Set ${setting}=none to stay offline.`,
      });
    } else if (candidates.length === 0 && coreCapabilities.has(capability)) {
      // Keys are present, but none of them can serve this capability: say so, naming them.
      const present = vendorKeys.filter(isSet);
      if (present.length > 0) {
        notices.push({
          level: 'warn',
          setting,
          message: `${setting} is not set and no ${capability} vendor has a key: ${present.join(', ')} cannot serve ${capability} (it needs one of ${Object.values(table).flat().join(', ')}); ${capability} stays offline.`,
        });
      }
    } else if (candidates.length > 1) {
      const names = candidates.map(([name]) => name);
      notices.push({
        level: 'warn',
        setting,
        message: `${setting} is not set and keys for several ${capability} vendors are present (${names.join(', ')}); ${capability} stays offline until ${setting} names one (or a chain, e.g. ${names.join(',')}).`,
      });
    }
  }
  return { inferred, notices };
}
