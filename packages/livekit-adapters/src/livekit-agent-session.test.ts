import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { voice } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitLlm } from './livekit-llm.js';
import './test-livekit.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(async () => {
  await fake.close();
});

describe('LiveKitLlm inside LiveKit’s own voice.AgentSession (text mode, no room)', () => {
  it('answers a user turn with the agent’s instructions sent as the system message', async () => {
    fake.reply('Could you describe the system you built most recently?');
    const llm = new LiveKitLlm(
      createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL }).llm('gpt-4o-mini'),
    );
    const session = new voice.AgentSession({ llm, vad: null, turnHandling: { turnDetection: null } });
    try {
      await session.start({
        agent: new voice.Agent({ instructions: 'You are a calm technical interviewer.' }),
      });
      const result = session.run({ userInput: 'Hello, I am ready.' });
      await result.wait();
      // LiveKit's own assertion: the turn's first event is the assistant's message.
      result.expect.nextEvent().isMessage({ role: 'assistant' });
      const said = session.history.items
        .filter((item) => item.type === 'message' && item.role === 'assistant')
        .map((item) => (item.type === 'message' ? item.textContent : ''));
      expect(said).toEqual(['Could you describe the system you built most recently?']);
      const body = fake.chatRequests().at(-1)!.body as { messages: { role: string; content: string }[] };
      expect(body.messages[0]).toEqual({
        role: 'system',
        content: expect.stringContaining('calm technical interviewer'),
      });
      expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Hello, I am ready.' });
    } finally {
      await session.close();
    }
  });
});
