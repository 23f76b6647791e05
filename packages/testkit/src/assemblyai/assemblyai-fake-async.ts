import { randomUUID } from 'node:crypto';
import { fakeId, type ScriptedWord, wavDurationMs } from '../deepgram/scripted-words.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { acceptedAsyncModels, transcriptRequestProblem } from './assemblyai-fake-rules.js';

/**
 * Async transcription in the AssemblyAI fake: `POST /v2/upload`, `POST /v2/transcript`,
 * `GET /v2/transcript/{id}` (queued, processing, completed or error), and `GET /v3/token`.
 */

export interface AssemblyAIJob {
  id: string;
  request: Record<string, unknown>;
  polls: number;
}

export interface AsyncContext {
  authorized(req: RecordedRequest): boolean;
  utterances: Array<{ words: ScriptedWord[] }>;
  jobs: AssemblyAIJob[];
  uploads: Map<string, Buffer>;
  tokens: string[];
  jobFailures: string[];
  pollsUntilDone: number;
}

export function registerAsyncRoutes(server: LoopbackServer, ctx: AsyncContext): void {
  const { authorized, utterances, jobs, uploads, tokens, jobFailures, pollsUntilDone } = ctx;
  const jobResults = new Map<string, { words: ScriptedWord[]; durationMs: number; error?: string }>();
  const authError = (res: Parameters<typeof sendJson>[0]) =>
    sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' });

  server.route('POST', '/v2/upload', (req, res) => {
    if (!authorized(req)) return authError(res);
    const uploadUrl = `https://cdn.assemblyai.com/upload/${fakeId('upload', uploads.size + 1)}`;
    uploads.set(uploadUrl, req.body);
    sendJson(res, 200, { upload_url: uploadUrl });
  });

  server.route('POST', '/v2/transcript', (req, res) => {
    if (!authorized(req)) return authError(res);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString()) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON body' });
    }
    const problem = transcriptRequestProblem(body);
    if (problem) return sendJson(res, 400, { error: problem });
    const audioUrl = String(body.audio_url);
    const id = randomUUID();
    jobs.push({ id, request: body, polls: 0 });
    const audio = uploads.get(audioUrl);
    const utterance = utterances.shift();
    const failure = jobFailures.shift();
    jobResults.set(id, {
      words: utterance?.words ?? [],
      durationMs: audio ? uploadDurationMs(audio) : 0,
      ...(failure !== undefined ? { error: failure } : {}),
    });
    sendJson(res, 200, transcriptBody(id, body, 'queued'));
  });

  server.route('GET', /^\/v2\/transcript\/[^/]+$/, (req, res) => {
    if (!authorized(req)) return authError(res);
    const id = req.path.split('/').pop() ?? '';
    const job = jobs.find((j) => j.id === id);
    const result = jobResults.get(id);
    if (!job || !result) return sendJson(res, 404, { error: 'Transcript not found' });
    job.polls += 1;
    if (job.polls < pollsUntilDone) {
      return sendJson(res, 200, transcriptBody(id, job.request, job.polls === 1 ? 'queued' : 'processing'));
    }
    if (result.error !== undefined) {
      return sendJson(res, 200, { ...transcriptBody(id, job.request, 'error'), error: result.error });
    }
    const slot = result.words.length > 0 ? result.durationMs / result.words.length : 0;
    const formatted = job.request.format_text !== false;
    sendJson(res, 200, {
      ...transcriptBody(id, job.request, 'completed'),
      text: result.words.map((w) => (formatted ? w.formatted : w.plain)).join(' '),
      confidence: result.words.length > 0 ? 0.93 : null,
      audio_duration: Math.round(result.durationMs / 1000),
      language_code: typeof job.request.language_code === 'string' ? job.request.language_code : 'en_us',
      words: result.words.map((w, i) => ({
        text: formatted ? w.formatted : w.plain,
        start: Math.round(i * slot),
        end: Math.round(i * slot + slot * 0.8),
        confidence: 0.95,
        speaker: null,
      })),
    });
  });

  // ---- temporary streaming tokens ------------------------------------------------
  server.route('GET', '/v3/token', (req, res) => {
    if (!authorized(req)) return authError(res);
    const expires = Number(req.query.get('expires_in_seconds') ?? 'NaN');
    if (!(expires >= 1 && expires <= 600)) {
      return sendJson(res, 400, { error: 'expires_in_seconds must be between 1 and 600' });
    }
    const token = `tok-${randomUUID()}`;
    tokens.push(token);
    sendJson(res, 200, { token, expires_in_seconds: expires });
  });
}

/** The model that ran: the first one asked for, or the account default. */
function firstModel(request: Record<string, unknown>): string {
  const models = request.speech_models;
  return Array.isArray(models) && typeof models[0] === 'string' ? models[0] : acceptedAsyncModels[0];
}

function transcriptBody(
  id: string,
  request: Record<string, unknown>,
  status: string,
): Record<string, unknown> {
  return {
    id,
    status,
    audio_url: request.audio_url,
    // The models asked for, and (once done) the one that ran (docs: "Identify the model used").
    speech_models: request.speech_models ?? null,
    speech_model_used: status === 'completed' ? firstModel(request) : null,
    language_code: request.language_code ?? null,
    punctuate: request.punctuate ?? true,
    format_text: request.format_text ?? true,
    text: null,
    words: null,
    utterances: null,
    confidence: null,
    audio_duration: null,
    error: null,
  };
}

/** Duration of an uploaded WAV (PCM); other containers are assumed to be 16 kB/s. */
function uploadDurationMs(body: Buffer): number {
  return wavDurationMs(body) ?? (body.length / 16_000) * 1000;
}
