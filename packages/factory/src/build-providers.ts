import {
  type Capability,
  capabilities,
  providerNeeds,
  providerSettingNames,
  type Settings,
  SettingsError,
  type SettingsProblem,
} from '@bot-backend/config';
import type { CapabilityTypes, ProviderTypes } from './capability-types.js';
import { type ChainBuilder, type ChainBuilders, type ChainMember, defaultChains } from './chains.js';
import type { ProviderEntry } from './provider-entry.js';
import type { ProviderEventListener } from './provider-events.js';
import { defaultRegistries, type Registries } from './registries.js';

export type Providers<T extends ProviderTypes = CapabilityTypes> = { [C in Capability]?: T[C] };

export interface BuildProvidersOptions {
  /** Default: the registry files of this package. */
  registries?: Registries | undefined;
  /** Default: the fallback wrappers of this package. */
  chains?: ChainBuilders | undefined;
  /** Every factory event; apps log and count them. */
  onEvent?: ProviderEventListener | undefined;
}

/**
 * Settings → one provider per capability (absent for `none`: the domain then
 * uses its offline strategies). Rejects with SettingsError naming each variable
 * when a provider cannot be built (before any is created); with Error when a
 * registry disagrees with the config catalog (a build mistake, not a settings
 * one). Asynchronous because each chosen vendor's package, and its SDK, loads
 * then: a process without keys loads none.
 */
export function buildProviders(settings: Settings, options: BuildProvidersOptions = {}): Promise<Providers> {
  return buildProvidersFrom(
    settings,
    options.registries ?? defaultRegistries,
    options.chains ?? defaultChains,
    options.onEvent ?? (() => {}),
  );
}

/** The selection logic, for any capability → type map. */
export async function buildProvidersFrom<T extends ProviderTypes>(
  settings: Settings,
  registries: Registries<T>,
  chains: ChainBuilders<T>,
  onEvent: ProviderEventListener,
): Promise<Providers<T>> {
  assertRegistriesMatchCatalog(registries);
  // Resolve every capability first, so nothing is created when any setting is wrong.
  const problems: SettingsProblem[] = [];
  const plans = capabilities.map((capability) =>
    planCapability(capability, settings, registries, chains, problems),
  );
  if (problems.length > 0) throw new SettingsError(problems);

  const providers: Providers<T> = {};
  for (const plan of plans) {
    if (plan !== undefined) providers[plan.capability] = await plan.build(settings, onEvent);
  }
  return providers;
}

interface Plan<T extends ProviderTypes, C extends Capability> {
  capability: C;
  build: (settings: Settings, onEvent: ProviderEventListener) => Promise<T[C]>;
}

function planCapability<T extends ProviderTypes, C extends Capability>(
  capability: C,
  settings: Settings,
  registries: Registries<T>,
  chains: ChainBuilders<T>,
  problems: SettingsProblem[],
): Plan<T, C> | undefined {
  const settingName = providerSettingNames[capability];
  const names: readonly string[] = settings[settingName];
  if (names.length === 0) return undefined;

  const registry: readonly ProviderEntry<T[C]>[] = registries[capability];
  const chain: ChainBuilder<T[C]> | undefined = chains[capability];
  const entries: ProviderEntry<T[C]>[] = [];
  for (const name of names) {
    const entry = registry.find((candidate) => candidate.name === name);
    if (entry === undefined)
      problems.push({ variable: settingName, message: `${name} is not available in this build` });
    else entries.push(entry);
  }
  if (names.length > 1 && chain === undefined) {
    problems.push({
      variable: settingName,
      message: `lists ${names.length} providers, but this build has no ${capability} fallback chain; name one`,
    });
  }
  if (entries.length !== names.length) return undefined;

  return {
    capability,
    build: async (settings, onEvent) => {
      const members: ChainMember<T[C]>[] = await Promise.all(
        entries.map(async (e) => ({ name: e.name, provider: await e.create(settings) })),
      );
      onEvent({ type: 'providers_built', capability, providers: members.map((m) => m.name) });
      // One provider and no chain builder: used as is. Otherwise the chain decides (it may add retries to one).
      if (chain === undefined) return (members[0] as ChainMember<T[C]>).provider;
      return chain(members, { capability, settings, onEvent });
    },
  };
}

/** Every entry must be a provider the settings accept, needing what the catalog says. */
export function assertRegistriesMatchCatalog<T extends ProviderTypes>(registries: Registries<T>): void {
  const mistakes: string[] = [];
  for (const capability of capabilities) {
    const seen = new Set<string>();
    for (const entry of registries[capability]) {
      const expected = providerNeeds(capability, entry.name);
      if (seen.has(entry.name)) mistakes.push(`${capability}/${entry.name} is registered twice`);
      seen.add(entry.name);
      if (expected === undefined) {
        mistakes.push(`${capability}/${entry.name} is not in the config provider catalog`);
      } else if ([...expected].sort().join(',') !== [...entry.needs].sort().join(',')) {
        mistakes.push(
          `${capability}/${entry.name} needs [${entry.needs.join(', ')}] but the catalog says [${expected.join(', ')}]`,
        );
      }
    }
  }
  if (mistakes.length > 0)
    throw new Error(`Provider registries disagree with config: ${mistakes.join('; ')}`);
}
