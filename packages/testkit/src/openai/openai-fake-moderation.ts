import type { RouteHandler } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { modelNotFound, type Vendor, type WireError } from './openai-fake-errors.js';
import { OPENAI_MODERATION_MODELS } from './openai-fake-models.js';

export interface OpenAiFakeModeration {
  flagged: boolean;
  categories?: readonly string[];
}

/** The categories of omni-moderation-latest (platform.openai.com/docs/guides/moderation). */
const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

/** `model` is optional (default omni-moderation-latest); a named one must exist, `input` must be given. */
export function checkModerationRequest(
  vendor: Vendor,
  body: Record<string, unknown> | undefined,
): WireError | undefined {
  const model = body?.model;
  if (typeof model === 'string' && !OPENAI_MODERATION_MODELS.has(model)) return modelNotFound(vendor, model);
  return undefined;
}

/** POST /moderations: the next scripted result (default: nothing flagged) for every input. */
export function moderationHandler(queue: OpenAiFakeModeration[], requestCount: () => number): RouteHandler {
  return (req, res) => {
    const body = JSON.parse(req.body.toString('utf8')) as { model?: unknown; input?: unknown };
    const scripted = queue.shift() ?? { flagged: false };
    const fired = new Set(scripted.categories ?? []);
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const table = <T>(value: (name: string) => T) =>
      Object.fromEntries(MODERATION_CATEGORIES.map((name) => [name, value(name)]));
    sendJson(res, 200, {
      id: `modr-fake-${requestCount()}`,
      model: typeof body.model === 'string' ? body.model : 'omni-moderation-latest',
      results: inputs.map(() => ({
        flagged: scripted.flagged,
        categories: table((name) => fired.has(name)),
        category_scores: table((name) => (fired.has(name) ? 0.97 : 0.0001)),
        category_applied_input_types: table(() => ['text']),
      })),
    });
  };
}
