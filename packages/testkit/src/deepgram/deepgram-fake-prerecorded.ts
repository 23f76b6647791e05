import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { type DeepgramFakeContext, isTrue, modelInfo, round3 } from './deepgram-fake-context.js';
import { errorBody, listenQueryProblem } from './deepgram-fake-rules.js';
import { fakeId, wavDurationMs } from './scripted-words.js';

/** Prerecorded `POST /v1/listen`: the next scripted utterance, timed over the audio that came. */
export function prerecordedHandler(ctx: DeepgramFakeContext, authorized: (req: RecordedRequest) => boolean) {
  const { utterances } = ctx;
  return (req: RecordedRequest, res: ServerResponse) => {
    if (!authorized(req)) return sendJson(res, 401, errorBody(401));
    const problem = listenQueryProblem(req.query, false);
    if (problem) return sendJson(res, 400, errorBody(400, problem));
    const model = req.query.get('model') ?? 'base';
    const durationSec = audioDurationSec(req);
    const utterance = utterances.shift();
    const words = utterance ? utterance.words.slice(utterance.finalized) : [];
    const formatted = isTrue(req.query.get('punctuate')) || isTrue(req.query.get('smart_format'));
    const slot = words.length > 0 ? durationSec / words.length : 0;
    const timed = words.map((w, i) => ({
      word: w.plain,
      start: round3(i * slot),
      end: round3(i * slot + slot * 0.8),
      confidence: 0.97,
      ...(formatted ? { punctuated_word: w.formatted } : {}),
    }));
    const transcript = words.map((w) => (formatted ? w.formatted : w.plain)).join(' ');
    const modelUuid = fakeId('model', 1);
    sendJson(res, 200, {
      metadata: {
        transaction_key: 'deprecated',
        request_id: fakeId('request', ctx.nextRequest()),
        sha256: 'fake',
        created: new Date().toISOString(),
        duration: round3(durationSec),
        channels: 1,
        models: [modelUuid],
        model_info: { [modelUuid]: modelInfo(model) },
      },
      results: {
        channels: [
          {
            alternatives: [{ transcript, confidence: words.length > 0 ? 0.96 : 0, words: timed }],
            ...(req.query.get('language') ? {} : { detected_language: 'en' }),
          },
        ],
      },
    });
  };
}

/** Duration of a prerecorded body: WAV header when present, else raw linear16 per the query. */
function audioDurationSec(req: RecordedRequest): number {
  const body = req.body;
  const wavMs = wavDurationMs(body);
  if (wavMs !== undefined) return wavMs / 1000;
  const encoding = req.query.get('encoding');
  const sampleRate = Number(req.query.get('sample_rate') ?? '0');
  const channels = Number(req.query.get('channels') ?? '1');
  if (encoding === 'linear16' && sampleRate > 0) return body.length / 2 / channels / sampleRate;
  // Compressed containers: the fake cannot decode them; assume 16 kB/s.
  return body.length / 16_000;
}
