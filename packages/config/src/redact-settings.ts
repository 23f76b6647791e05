import { type SecretSettingName, type Settings, secretSettingNames } from './settings-schema.js';

export type RedactedSettings = Omit<Settings, SecretSettingName> & Record<SecretSettingName, 'set' | 'unset'>;

/** A copy safe to log: each secret becomes `set` or `unset`. */
export function redactSettings(settings: Settings): RedactedSettings {
  const copy: Record<string, unknown> = { ...settings };
  for (const name of secretSettingNames) copy[name] = settings[name] === undefined ? 'unset' : 'set';
  return copy as RedactedSettings;
}
