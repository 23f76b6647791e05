import { SimliAvatar } from './simli-avatar.js';
import type { SimliSettings } from './simli-options.js';

export interface SimliProvider {
  readonly name: 'simli';
  readonly baseURL: string;
  avatar(): SimliAvatar;
}

/** Simli. Settings are validated here (a missing key throws, naming SIMLI_API_KEY); nothing is read from the environment. */
export function createSimli(settings: SimliSettings): SimliProvider {
  const avatar = new SimliAvatar(settings);
  return { name: 'simli', baseURL: avatar.baseURL, avatar: () => avatar };
}
