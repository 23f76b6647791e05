import { type SecretSettingName, type Settings, secretSettingNames } from './settings-schema.js';
import { stripUrlCredentials } from './url-credentials.js';

export type RedactedSettings = Omit<Settings, SecretSettingName> & Record<SecretSettingName, 'set' | 'unset'>;

/** A copy safe to log: each secret becomes `set` or `unset`; URLs lose their `user:password@`. */
export function redactSettings(settings: Settings): RedactedSettings {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings))
    copy[name] = typeof value === 'string' ? stripUrlCredentials(value) : value;
  for (const name of secretSettingNames) copy[name] = settings[name] === undefined ? 'unset' : 'set';
  return copy as RedactedSettings;
}
