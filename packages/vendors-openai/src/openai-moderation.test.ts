import { startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

describe('OpenAIModeration against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake());

  const moderator = () => createOpenAI({ apiKey: 'sk-mod', baseURL: fake.openaiBaseURL }).moderation();

  it('sends the text and model, and reports the categories that fired', async () => {
    fake.moderation({ flagged: true, categories: ['harassment', 'violence'] });
    const result = await moderator().moderate('some answer');
    expect(result).toEqual({
      flagged: true,
      categories: ['harassment', 'violence'],
      model: 'omni-moderation-latest',
    });
    const [request] = fake.requests();
    expect(request?.path).toBe('/v1/moderations');
    expect(request?.headers.authorization).toBe('Bearer sk-mod');
    expect(request?.body).toEqual({ model: 'omni-moderation-latest', input: 'some answer' });
  });

  it('reports clean text as not flagged', async () => {
    const result = await moderator().moderate('hello');
    expect(result).toMatchObject({ flagged: false, categories: [] });
  });

  it('maps failures to VendorError kinds', async () => {
    fake.fail(429, { retryAfterSec: 1 });
    await expect(moderator().moderate('x')).rejects.toMatchObject({ kind: 'rate_limit', retryAfterMs: 1000 });
    fake.fail(401);
    await expect(moderator().moderate('x')).rejects.toMatchObject({ kind: 'auth' });
  });
});
