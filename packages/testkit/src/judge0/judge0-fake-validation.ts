import type { Judge0FakeConfig, Judge0FakeLanguage } from './judge0-fake-config.js';

/**
 * Submission validation as Judge0 CE does it (app/models/submission.rb), with
 * Rails' own messages (activemodel en.yml: "can't be blank", "is not a number",
 * "must be less than or equal to %{count}"), answered as a 422 whose body is
 * `{field: [messages]}` (submissions_controller.rb#create renders
 * `submission.errors`). Unknown body fields are dropped, as `params.permit` does.
 */

export interface Judge0Submission {
  source_code: string | null;
  language_id: number;
  stdin: string | null;
  expected_output: string | null;
  cpu_time_limit: number;
  cpu_extra_time: number;
  wall_time_limit: number;
  memory_limit: number;
  stack_limit: number;
  max_processes_and_or_threads: number;
  max_file_size: number;
  number_of_runs: number;
  redirect_stderr_to_stdout: boolean;
  enable_network: boolean;
  command_line_arguments: string | null;
}

export type ValidationErrors = Record<string, string[]>;

const permitted = [
  'source_code',
  'language_id',
  'compiler_options',
  'command_line_arguments',
  'number_of_runs',
  'stdin',
  'expected_output',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
] as const;

/**
 * Ruby's Base64.decode64 (String#unpack1("m")) skips characters outside the
 * alphabet instead of refusing them, so the real server never answers an error
 * for bad Base64: the text decodes to whatever its valid characters say, and
 * an empty result then fails the `source_code` presence check.
 */
export function decode64(text: string): string {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('utf8');
}

// Rails prints the configured limit as Ruby does: floats keep their ".0".
function count(value: number, float: boolean): string {
  return float && Number.isInteger(value) ? `${value}.0` : String(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value))
    return Number(value);
  return undefined;
}

function truthy(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true' || value === 1 || value === '1';
}

interface Range {
  field: (typeof permitted)[number];
  fallback: number;
  min: number;
  minInclusive: boolean;
  max: number;
  float: boolean;
}

export function validateSubmission(
  raw: Record<string, unknown>,
  base64: boolean,
  config: Judge0FakeConfig,
  languages: readonly Judge0FakeLanguage[],
): { ok: true; submission: Judge0Submission } | { ok: false; errors: ValidationErrors } {
  const params: Record<string, unknown> = {};
  for (const key of permitted) if (key in raw) params[key] = raw[key];
  const errors: ValidationErrors = {};
  const add = (field: string, message: string) => {
    errors[field] ??= [];
    errors[field].push(message);
  };
  const text = (field: 'source_code' | 'stdin' | 'expected_output'): string | null => {
    const value = params[field];
    if (value === undefined || value === null) return null;
    const string = typeof value === 'string' ? value : String(value);
    return base64 ? decode64(string) : string;
  };

  const source_code = text('source_code');
  if (isBlank(source_code)) add('source_code', "can't be blank");

  const languageRaw = params.language_id;
  let language: Judge0FakeLanguage | undefined;
  if (isBlank(languageRaw)) add('language_id', "can't be blank");
  else {
    const id = numeric(languageRaw);
    language = id === undefined ? undefined : languages.find((l) => l.id === Math.trunc(id));
    if (!language) add('language_id', `language with id ${String(languageRaw)} doesn't exist`);
    else if (language.is_archived) {
      add('language_id', `language with id ${language.id} is archived and cannot be used anymore`);
    }
  }

  const ranges: Range[] = [
    field('number_of_runs', config.number_of_runs, 0, false, config.max_number_of_runs, false),
    field('cpu_time_limit', config.cpu_time_limit, 0, true, config.max_cpu_time_limit, true),
    field('cpu_extra_time', config.cpu_extra_time, 0, true, config.max_cpu_extra_time, true),
    field('wall_time_limit', config.wall_time_limit, 1, true, config.max_wall_time_limit, true),
    field('memory_limit', config.memory_limit, 2048, true, config.max_memory_limit, false),
    field('stack_limit', config.stack_limit, 0, true, config.max_stack_limit, false),
    field(
      'max_processes_and_or_threads',
      config.max_processes_and_or_threads,
      0,
      false,
      config.max_max_processes_and_or_threads,
      false,
    ),
    field('max_file_size', config.max_file_size, 0, true, config.max_max_file_size, false),
  ];
  const values: Record<string, number> = {};
  for (const range of ranges) {
    const given = params[range.field];
    // set_defaults uses `||=`: only nil (and false) take the default; 0 stays 0.
    if (given === undefined || given === null || given === false) {
      values[range.field] = range.fallback;
      continue;
    }
    const value = numeric(given);
    if (value === undefined) {
      add(range.field, 'is not a number');
      continue;
    }
    if (range.minInclusive ? value < range.min : value <= range.min) {
      add(
        range.field,
        `must be greater than ${range.minInclusive ? 'or equal to ' : ''}${count(range.min, false)}`,
      );
    }
    if (value > range.max) add(range.field, `must be less than or equal to ${count(range.max, range.float)}`);
    values[range.field] = value;
  }

  for (const name of ['compiler_options', 'command_line_arguments'] as const) {
    const value = params[name];
    if (typeof value === 'string' && value.length > 512) add(name, 'is too long (maximum is 512 characters)');
  }
  if (truthy(params.enable_network) && !config.allow_enable_network) {
    add('enable_network', 'enabling network is not allowed');
  }
  if (
    truthy(params.enable_per_process_and_thread_time_limit) &&
    !config.allow_enable_per_process_and_thread_time_limit
  ) {
    add('enable_per_process_and_thread_time_limit', 'this option cannot be enabled');
  }
  if (
    truthy(params.enable_per_process_and_thread_memory_limit) &&
    !config.allow_enable_per_process_and_thread_memory_limit
  ) {
    add('enable_per_process_and_thread_memory_limit', 'this option cannot be enabled');
  }

  if (Object.keys(errors).length > 0 || !language || source_code === null) return { ok: false, errors };
  const args = params.command_line_arguments;
  return {
    ok: true,
    submission: {
      source_code,
      language_id: language.id,
      stdin: text('stdin'),
      expected_output: text('expected_output'),
      cpu_time_limit: values.cpu_time_limit!,
      cpu_extra_time: values.cpu_extra_time!,
      wall_time_limit: values.wall_time_limit!,
      memory_limit: Math.trunc(values.memory_limit!),
      stack_limit: Math.trunc(values.stack_limit!),
      max_processes_and_or_threads: Math.trunc(values.max_processes_and_or_threads!),
      max_file_size: Math.trunc(values.max_file_size!),
      number_of_runs: Math.trunc(values.number_of_runs!),
      redirect_stderr_to_stdout: truthy(params.redirect_stderr_to_stdout) ?? false,
      enable_network: truthy(params.enable_network) ?? false,
      command_line_arguments: typeof args === 'string' ? args : null,
    },
  };
}

function field(
  name: Range['field'],
  fallback: number,
  min: number,
  minInclusive: boolean,
  max: number,
  float: boolean,
): Range {
  return { field: name, fallback, min, minInclusive, max, float };
}

/** Every attribute GET /submissions/{token} can return (SubmissionSerializer: the table's columns, status and language, not id). */
export const submissionFields = [
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'stdout',
  'status_id',
  'created_at',
  'finished_at',
  'time',
  'memory',
  'stderr',
  'token',
  'number_of_runs',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'compile_output',
  'exit_code',
  'exit_signal',
  'message',
  'wall_time',
  'compiler_options',
  'command_line_arguments',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
  'started_at',
  'queued_at',
  'updated_at',
  'queue_host',
  'execution_host',
  'status',
  'language',
] as const;

/** SubmissionSerializer.default_fields */
export const defaultSubmissionFields = [
  'token',
  'time',
  'memory',
  'stdout',
  'stderr',
  'compile_output',
  'message',
  'status',
] as const;

/** app/services/fields/submission.rb: `*` is every field; unknown names are a 400. */
export function requestedFields(raw: string | null): { fields: string[] } | { invalid: string[] } {
  const names = (raw ?? '').split(',').filter((name) => name !== '');
  const known = new Set<string>(submissionFields);
  const invalid = names.filter((name) => name !== '*' && !known.has(name));
  if (invalid.length > 0) return { invalid };
  if (names.includes('*')) return { fields: [...submissionFields] };
  return { fields: names.length > 0 ? names : [...defaultSubmissionFields] };
}
