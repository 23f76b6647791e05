import { describe, expect, it } from 'vitest';
import { parseSettings } from './load-settings.js';
import { redactSettings } from './redact-settings.js';
import { secretSettingNames } from './settings-schema.js';

describe('redactSettings', () => {
  it('replaces every secret with set/unset and keeps the rest', () => {
    const settings = parseSettings({
      OPENAI_API_KEY: 'sk-visible-nowhere',
      PORT: '9000',
      LLM_PROVIDER: 'openai',
    });
    const redacted = redactSettings(settings);
    expect(JSON.stringify(redacted)).not.toContain('sk-visible-nowhere');
    expect(redacted.OPENAI_API_KEY).toBe('set');
    expect(redacted.GROQ_API_KEY).toBe('unset');
    expect(redacted.PORT).toBe(9000);
    expect(redacted.LLM_PROVIDER).toEqual(['openai']);
    for (const name of secretSettingNames) expect(['set', 'unset']).toContain(redacted[name]);
  });
});
