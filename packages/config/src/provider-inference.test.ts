import { describe, expect, it } from 'vitest';
import { parseSettings } from './load-settings.js';

describe('providers inferred from keys', () => {
  it('with only OPENAI_API_KEY, every capability OpenAI serves uses it, and says so', () => {
    const settings = parseSettings({ OPENAI_API_KEY: 'sk-1' });
    expect(settings.LLM_PROVIDER).toEqual(['openai']);
    expect(settings.STT_PROVIDER).toEqual(['openai']);
    expect(settings.TTS_PROVIDER).toEqual(['openai']);
    expect(settings.MODERATION_PROVIDER).toEqual(['openai']);
    expect(settings.AVATAR_PROVIDER).toEqual([]);
    expect(settings.startupNotices).toContainEqual({
      level: 'info',
      setting: 'LLM_PROVIDER',
      message: expect.stringMatching(/LLM_PROVIDER is not set; using openai.*OPENAI_API_KEY/),
    });
  });

  it('none still forces offline', () => {
    const settings = parseSettings({ OPENAI_API_KEY: 'sk-1', LLM_PROVIDER: 'none' });
    expect(settings.LLM_PROVIDER).toEqual([]);
    expect(settings.startupNotices.some((n) => n.setting === 'LLM_PROVIDER')).toBe(false);
  });

  it('an explicit provider is left as it is', () => {
    const settings = parseSettings({ OPENAI_API_KEY: 'sk-1', GROQ_API_KEY: 'g', LLM_PROVIDER: 'groq' });
    expect(settings.LLM_PROVIDER).toEqual(['groq']);
  });

  it('keys for several vendors choose nothing and name them', () => {
    const settings = parseSettings({ OPENAI_API_KEY: 'sk-1', GROQ_API_KEY: 'gsk-1' });
    expect(settings.LLM_PROVIDER).toEqual([]);
    expect(settings.startupNotices).toContainEqual({
      level: 'warn',
      setting: 'LLM_PROVIDER',
      message: expect.stringMatching(/several llm vendors .*\(openai, groq\).*LLM_PROVIDER/),
    });
    // Moderation has one candidate whatever the LLM does.
    expect(settings.MODERATION_PROVIDER).toEqual(['openai']);
  });

  it('a key that cannot serve a capability is named in a warning', () => {
    const settings = parseSettings({ SIMLI_API_KEY: 'simli-1' });
    expect(settings.AVATAR_PROVIDER).toEqual(['simli']);
    expect(settings.LLM_PROVIDER).toEqual([]);
    expect(settings.startupNotices).toContainEqual({
      level: 'warn',
      setting: 'LLM_PROVIDER',
      message: expect.stringMatching(/SIMLI_API_KEY cannot serve llm/),
    });
  });

  it('with no keys at all, nothing is said and everything stays offline', () => {
    const settings = parseSettings({});
    expect(settings.startupNotices).toEqual([]);
    expect(settings.LLM_PROVIDER).toEqual([]);
  });

  it('never puts a key in a notice', () => {
    const settings = parseSettings({ OPENAI_API_KEY: 'sk-very-secret', SIMLI_API_KEY: 'simli-secret' });
    expect(JSON.stringify(settings.startupNotices)).not.toMatch(/very-secret|simli-secret/);
  });
});
