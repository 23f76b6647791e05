export { avatarRegistry } from './avatar-registry.js';
export {
  assertRegistriesMatchCatalog,
  type BuildProvidersOptions,
  buildProviders,
  buildProvidersFrom,
  type Providers,
} from './build-providers.js';
export type { CapabilityTypes, ProviderTypes } from './capability-types.js';
export {
  type ChainBuilder,
  type ChainBuilders,
  type ChainContext,
  type ChainMember,
  defaultChains,
} from './chains.js';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
export {
  createFallbackLlm,
  type FallbackLlm,
  type LlmChainEvent,
  type LlmFallbackOptions,
} from './llm-fallback.js';
export { llmRegistry } from './llm-registry.js';
export { moderatorRegistry } from './moderator-registry.js';
export type { ProviderEntry } from './provider-entry.js';
export type { ProviderEvent, ProviderEventListener, ProvidersBuiltEvent } from './provider-events.js';
export { defaultRegistries, type Registries } from './registries.js';
export { resolveSettings } from './resolve-settings.js';
export { sttRegistry } from './stt-registry.js';
export { ttsRegistry } from './tts-registry.js';
export { defaultChatModel, modelFor, requestFor, voiceFor } from './vendor-models.js';
