import { type Judge0FakeLanguage, judge0Statuses } from './judge0-fake-config.js';
import type { Judge0FakeSubmissionRecord } from './judge0-fake-queue.js';

function encode64(bytes: Buffer | string | null): string | null {
  if (bytes === null) return null;
  // Ruby's Base64.encode64: a newline after every 60 characters and at the end.
  const flat = Buffer.from(bytes).toString('base64');
  return flat.length === 0 ? '' : `${flat.match(/.{1,60}/g)!.join('\n')}\n`;
}

function utf8(bytes: Buffer | null): string | null | undefined {
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export const conversionError =
  'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter';
// ActionDispatch::PublicExceptions renders a JSON error as {status, error} when the request is JSON.
export const badRequestBody = { status: 400, error: 'Bad Request' };
export const notFoundBody = { status: 404, error: 'Not Found' };

/** SubmissionSerializer with the requested fields; undefined when a text attribute is not UTF-8 and base64 is off. */
export function serializeSubmission(
  record: Judge0FakeSubmissionRecord,
  fields: string[],
  base64: boolean,
  languages: readonly Judge0FakeLanguage[],
): Record<string, unknown> | undefined {
  const outcome = record.outcome;
  const textOf = (bytes: Buffer | null | undefined): string | null | undefined =>
    bytes === undefined || bytes === null ? null : base64 ? encode64(bytes) : utf8(bytes);
  const s = record.submission;
  const values: Record<string, unknown> = {
    token: record.token,
    source_code: base64 ? encode64(s.source_code) : s.source_code,
    language_id: s.language_id,
    stdin: base64 ? encode64(s.stdin) : s.stdin,
    expected_output: base64 ? encode64(s.expected_output) : s.expected_output,
    stdout: textOf(outcome?.stdout),
    stderr: textOf(outcome?.stderr),
    compile_output: textOf(outcome?.compile_output),
    message: outcome?.message ? (base64 ? encode64(outcome.message) : outcome.message) : null,
    status_id: record.status_id,
    status: { id: record.status_id, description: judge0Statuses[record.status_id as 1] },
    language: {
      id: s.language_id,
      name: languages.find((l) => l.id === s.language_id)?.name ?? null,
    },
    time: outcome?.time ?? null,
    wall_time: outcome?.wall_time ?? null,
    memory: outcome?.memory ?? null,
    exit_code: outcome?.exit_code ?? null,
    exit_signal: outcome?.exit_signal ?? null,
    created_at: record.created_at,
    finished_at: record.finished_at,
    number_of_runs: s.number_of_runs,
    cpu_time_limit: String(s.cpu_time_limit),
    cpu_extra_time: String(s.cpu_extra_time),
    wall_time_limit: String(s.wall_time_limit),
    memory_limit: s.memory_limit,
    stack_limit: s.stack_limit,
    max_processes_and_or_threads: s.max_processes_and_or_threads,
    max_file_size: s.max_file_size,
    redirect_stderr_to_stdout: s.redirect_stderr_to_stdout,
    enable_network: s.enable_network,
    command_line_arguments: s.command_line_arguments,
  };
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field in values ? values[field] : null;
    if (value === undefined) return undefined;
    body[field] = value;
  }
  return body;
}
