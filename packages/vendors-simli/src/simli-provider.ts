import { SimliAvatar } from './simli-avatar.js';
import type { SimliModel } from './simli-models.js';
import { resolveSimliConfig, type SimliSettings } from './simli-options.js';

export interface SimliProvider {
  readonly name: 'simli';
  readonly baseURL: string;
  /** An avatar with this lip-sync model (default: settings.model, else Simli's own default). */
  avatar(model?: SimliModel): SimliAvatar;
}

/**
 * The one way in: validates the settings once (a missing key throws, naming
 * SIMLI_API_KEY) and hands the resolved config to every avatar it creates;
 * nothing is read from the environment.
 */
export function createSimli(settings: SimliSettings): SimliProvider {
  const config = resolveSimliConfig(settings);
  return {
    name: 'simli',
    baseURL: config.baseURL,
    avatar: (model) => new SimliAvatar(model ?? config.settings.model, config),
  };
}
