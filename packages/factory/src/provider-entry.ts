import type { SettingName, Settings } from '@bot-backend/config';

/**
 * One vendor for one capability. Adding a vendor is one of these in the
 * capability's registry file; `needs` must match the config package's
 * provider catalog (checked when providers are built).
 */
export interface ProviderEntry<T> {
  readonly name: string;
  readonly needs: readonly SettingName[];
  readonly create: (settings: Settings) => T;
}
