import type { Capability, Settings } from '@bot-backend/config';
import type { CapabilityTypes, ProviderTypes } from './capability-types.js';
import type { ProviderEventListener } from './provider-events.js';

export interface ChainMember<T> {
  name: string;
  provider: T;
}

export interface ChainContext {
  capability: Capability;
  settings: Settings;
  onEvent: ProviderEventListener;
}

/**
 * Turns the ordered providers of a setting (`openai,groq`) into one provider.
 * Called for every named list, also a list of one, so it can add retries there too.
 */
export type ChainBuilder<T> = (members: readonly ChainMember<T>[], context: ChainContext) => T;

export type ChainBuilders<T extends ProviderTypes = CapabilityTypes> = {
  readonly [C in Capability]?: ChainBuilder<T[C]>;
};

/**
 * The fallback wrappers this build has, per capability. A capability without
 * one accepts a single provider only; naming two fails at start.
 */
export const defaultChains: ChainBuilders = {};
