import type { z } from 'zod';
import { type EnvRecord, findEnvDir, readEnvFiles, retiredEnvFiles } from './env-files.js';
import { capabilities, providerNeeds, providerSettingNames } from './provider-catalog.js';
import { inferProviders } from './provider-inference.js';
import { retiredSettings } from './retired-settings.js';
import { formatProblems, SettingsError, type SettingsProblem } from './settings-error.js';
import { type SettingName, type Settings, settingsSchema, settingsShape } from './settings-schema.js';

/** Settings with the required ones known to be present. */
export type SettingsWith<R extends SettingName> = Settings & {
  readonly [K in R]-?: NonNullable<Settings[K]>;
};

export interface LoadSettingsOptions<R extends SettingName = never> {
  /** Directory holding `.env` and `.env.local`. Default: the workspace root above process.cwd(). */
  cwd?: string | undefined;
  /** The process environment; wins over the files. Default: process.env. */
  env?: EnvRecord | undefined;
  /** Settings this entry point cannot run without (reported with every other problem). */
  require?: readonly R[] | undefined;
}

/** `.env`, then `.env.local`, then the environment (later wins), validated. Throws SettingsError. */
export function loadSettings<R extends SettingName = never>(
  options: LoadSettingsOptions<R> = {},
): SettingsWith<R> {
  const dir = options.cwd ?? findEnvDir(process.cwd());
  const merged: EnvRecord = { ...readEnvFiles(dir), ...(options.env ?? process.env) };
  const files = retiredEnvFiles(dir).map(
    (name): SettingsProblem => ({
      variable: name,
      message:
        'is a settings file of the Python original, not read here; move its lines to .env.local (or .env)',
    }),
  );
  let settings: SettingsWith<R>;
  try {
    settings = parseSettings(merged, options.require ?? []);
  } catch (error) {
    if (SettingsError.isInstance(error) && files.length > 0)
      throw new SettingsError([...error.problems, ...files]);
    throw error;
  }
  if (files.length > 0) throw new SettingsError(files);
  return settings;
}

/** Validates an already merged set of variables. Throws SettingsError listing every problem. */
export function parseSettings<R extends SettingName = never>(
  env: EnvRecord,
  required: readonly R[] = [],
): SettingsWith<R> {
  const problems = new Map<string, string[]>();
  const add = (variable: string, message: string) => {
    const list = problems.get(variable) ?? [];
    if (!list.includes(message)) list.push(message);
    problems.set(variable, list);
  };

  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) add(variableOf(issue), issue.message);
  }

  const isSet = (name: string) => {
    const value = env[name];
    return value !== undefined && value.trim() !== '';
  };

  // Cross-field rules run on the raw values too, so one run reports everything.
  const needers = new Map<string, string[]>();
  for (const capability of capabilities) {
    const settingName = providerSettingNames[capability];
    const list = settingsShape[settingName].safeParse(env[settingName]);
    if (!list.success) continue;
    for (const provider of list.data) {
      for (const need of providerNeeds(capability, provider) ?? []) {
        if (isSet(need)) continue;
        needers.set(need, [...(needers.get(need) ?? []), `${settingName}=${provider}`]);
      }
    }
  }
  for (const [variable, by] of needers) add(variable, `is required by ${by.join(', ')}`);

  const nodeEnv = settingsShape.NODE_ENV.safeParse(env.NODE_ENV);
  const inboundAuth = settingsShape.INBOUND_AUTH.safeParse(env.INBOUND_AUTH);
  const production = nodeEnv.success && nodeEnv.data === 'production';
  const inbound = inboundAuth.success ? (inboundAuth.data ?? (production ? 'jwt' : 'off')) : undefined;
  if (inbound === 'jwt' && !isSet('INTERNAL_SERVICE_JWT_SECRET')) {
    add('INTERNAL_SERVICE_JWT_SECRET', 'is required when INBOUND_AUTH=jwt (the default in production)');
  }
  if (isSet('BACKEND_API_URL') && !isSet('INTERNAL_SERVICE_JWT_SECRET')) {
    add('INTERNAL_SERVICE_JWT_SECRET', 'is required when BACKEND_API_URL is set (calls are signed with it)');
  }
  for (const name of required) {
    if (!isSet(name)) add(name, 'is required');
  }
  for (const [name, replacement] of Object.entries(retiredSettings)) {
    if (isSet(name)) add(name, replacement);
  }
  if (production && env.CORS_ORIGINS?.trim() === '*') {
    add('CORS_ORIGINS', 'may not be * in production; list the origins that may call this service');
  }
  const devTokens = settingsShape.DEV_PAGE_TOKENS.safeParse(env.DEV_PAGE_TOKENS);
  if (production && devTokens.success && devTokens.data) {
    add('DEV_PAGE_TOKENS', 'may not be true in production (it hands service tokens to any caller)');
  }

  if (problems.size > 0 || !result.success) {
    throw new SettingsError(
      [...problems].map(
        ([variable, messages]): SettingsProblem => ({ variable, message: messages.join('; ') }),
      ),
    );
  }
  // A capability left unset takes the one vendor whose key is present.
  const { inferred, notices } = inferProviders(env);
  // Every name in `required` was checked above.
  const settings: Settings = Object.freeze({ ...result.data, ...inferred, startupNotices: notices });
  return settings as SettingsWith<R>;
}

function variableOf(issue: z.core.$ZodIssue): string {
  const first = issue.path[0];
  return typeof first === 'string' ? first : '(settings)';
}

export interface ExitOptions<R extends SettingName = never> extends LoadSettingsOptions<R> {
  /** For tests of this function; default process.stderr / process.exit. */
  write?: ((message: string) => void) | undefined;
  exit?: ((code: number) => never) | undefined;
}

/** For an app's main(): the settings, or one message on stderr and exit code 1. */
export function loadSettingsOrExit<R extends SettingName = never>(
  options: ExitOptions<R> = {},
): SettingsWith<R> {
  return exitOnSettingsError(() => loadSettings(options), options);
}

/**
 * Runs `build` (settings loading, provider building); a SettingsError becomes
 * one message on stderr and exit code 1, anything else is rethrown. A `build`
 * that returns a promise (providers are built asynchronously) is handled the
 * same way when the promise rejects.
 */
export function exitOnSettingsError<T>(build: () => T, options: Pick<ExitOptions, 'write' | 'exit'> = {}): T {
  const report = (error: unknown): never => {
    if (!SettingsError.isInstance(error)) throw error;
    const write = options.write ?? ((message: string) => process.stderr.write(message));
    const exit = options.exit ?? ((code: number) => process.exit(code));
    write(`${formatProblems(error.problems)}\nSee .env.example for every setting.\n`);
    return exit(1);
  };
  try {
    const built = build();
    return (built instanceof Promise ? built.catch(report) : built) as T;
  } catch (error) {
    return report(error);
  }
}
