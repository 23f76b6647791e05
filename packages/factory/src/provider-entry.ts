import type { SettingName, Settings } from '@bot-backend/config';

/**
 * One vendor for one capability. Adding a vendor is one of these in the
 * capability's registry file; `needs` must match the config package's
 * provider catalog (checked when providers are built).
 */
export interface ProviderEntry<T> {
  readonly name: string;
  readonly needs: readonly SettingName[];
  /**
   * May resolve later: the vendor registries import their package here, so a
   * vendor's SDK loads only in a process that chose that vendor.
   */
  readonly create: (settings: Settings) => T | Promise<T>;
}
