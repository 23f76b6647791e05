/** One thing wrong with the settings; `message` never contains a setting's value. */
export interface SettingsProblem {
  variable: string;
  message: string;
}

const marker = Symbol.for('@bot-backend/config.SettingsError');

/** Every problem found in one pass, so an operator fixes them all at once. */
export class SettingsError extends Error {
  readonly [marker] = true;
  override readonly name = 'SettingsError';
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[]) {
    super(formatProblems(problems));
    this.problems = problems;
  }

  static isInstance(error: unknown): error is SettingsError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

export function formatProblems(problems: readonly SettingsProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${p.variable}: ${p.message}`);
  return [`Invalid settings (${count}):`, ...lines].join('\n');
}
