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
import { type ChainBuilders, type ChainMember, defaultChains } from './chains.js';
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
 * uses its offline strategies). Throws SettingsError naming each variable when
 * a provider cannot be built; throws Error when a registry disagrees with the
 * config catalog (a build mistake, not a settings one).
 */
export function buildProviders(settings: Settings, options: BuildProvidersOptions = {}): Providers {
  return buildProvidersFrom(
    settings,
    options.registries ?? defaultRegistries,
    options.chains ?? defaultChains,
    options.onEvent ?? (() => {}),
  );
}

/** The selection logic, for any capability → type map. */
export function buildProvidersFrom<T extends ProviderTypes>(
  settings: Settings,
  registries: Registries<T>,
  chains: ChainBuilders<T>,
  onEvent: ProviderEventListener,
): Providers<T> {
  assertRegistriesMatchCatalog(registries);
  const problems: SettingsProblem[] = [];
  const providers: Providers<T> = {};
  for (const capability of capabilities) {
    const built = buildCapability(capability, settings, registries, chains, onEvent, problems);
    if (built !== undefined) providers[capability] = built;
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return providers;
}

function buildCapability<T extends ProviderTypes, C extends Capability>(
  capability: C,
  settings: Settings,
  registries: Registries<T>,
  chains: ChainBuilders<T>,
  onEvent: ProviderEventListener,
  problems: SettingsProblem[],
): T[C] | undefined {
  const settingName = providerSettingNames[capability];
  const names: readonly string[] = settings[settingName];
  if (names.length === 0) return undefined;

  const registry = registries[capability];
  const chain = chains[capability];
  const before = problems.length;
  if (names.length > 1 && chain === undefined) {
    problems.push({
      variable: settingName,
      message: `lists ${names.length} providers, but this build has no ${capability} fallback chain; name one`,
    });
  }
  const entries = names.map((name) => {
    const entry = registry.find((candidate) => candidate.name === name);
    if (entry === undefined) {
      problems.push({ variable: settingName, message: `${name} is not available in this build` });
      return undefined;
    }
    for (const need of entry.needs) {
      if (settings[need] === undefined) {
        problems.push({ variable: need, message: `is required by ${settingName}=${name}` });
      }
    }
    return entry;
  });
  if (problems.length > before) return undefined;

  const members: ChainMember<T[C]>[] = entries.flatMap((entry) =>
    entry === undefined ? [] : [{ name: entry.name, provider: entry.create(settings) }],
  );
  onEvent({ type: 'providers_built', capability, providers: members.map((m) => m.name) });
  const [first] = members;
  if (members.length === 1 && first !== undefined) return first.provider;
  return chain?.(members, { capability, settings, onEvent });
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
