export { type EnvRecord, envFileNames, findEnvDir, readEnvFiles, retiredEnvFiles } from './env-files.js';
export {
  type ExitOptions,
  exitOnSettingsError,
  type LoadSettingsOptions,
  loadSettings,
  loadSettingsOrExit,
  parseSettings,
  type SettingsWith,
} from './load-settings.js';
export {
  type Capability,
  capabilities,
  knownProviders,
  type ProviderName,
  type ProviderSettingName,
  providerCatalog,
  providerNeeds,
  providerSettingNames,
} from './provider-catalog.js';
export { inferProviders, type ProviderInference, type StartupNotice } from './provider-inference.js';
export { type RedactedSettings, redactSettings } from './redact-settings.js';
export { pythonLogLevels, retiredSettings } from './retired-settings.js';
export { formatProblems, SettingsError, type SettingsProblem } from './settings-error.js';
export {
  type SecretSettingName,
  type SettingName,
  type Settings,
  secretSettingNames,
  settingsSchema,
  settingsShape,
} from './settings-schema.js';
export { stripUrlCredentials } from './url-credentials.js';
