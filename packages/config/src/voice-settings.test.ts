import { describe, expect, it } from 'vitest';
import { parseSettings } from './load-settings.js';

describe('VOICE_* settings', () => {
  it('default to the documented limits and no foreign origins', () => {
    const settings = parseSettings({});
    expect(settings).toMatchObject({
      VOICE_MAX_FRAME_BYTES: 2_097_152,
      VOICE_MAX_TURN_AUDIO_MS: 180_000,
      VOICE_MAX_SESSION_MS: 3_600_000,
      VOICE_IDLE_TIMEOUT_MS: 300_000,
      VOICE_MAX_SESSIONS: 10,
    });
    expect(settings.CORS_ORIGINS).toEqual([]);
    expect(settings.CORS_ALLOW_NULL_ORIGIN).toBe(false);
    expect(settings.VOICE_MAX_SESSIONS_PER_CLIENT).toBe(3);
    expect(settings.VOICE_TICKET_TTL_MS).toBe(60_000);
  });

  it('read CORS_ORIGINS as origins, trailing slash and spaces aside', () => {
    const settings = parseSettings({
      CORS_ORIGINS: 'https://app.example.com/, http://localhost:3000',
    });
    expect(settings.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it.each([
    ['a path', 'https://app.example.com/interview'],
    ['not a URL', 'app.example.com'],
    ['another scheme', 'ftp://app.example.com'],
    ['a wildcard inside a list', 'https://app.example.com,*'],
  ])('refuse an allowed origin that is %s, naming the variable', (_case, value) => {
    expect(() => parseSettings({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });

  it('refuse limits out of range', () => {
    expect(() => parseSettings({ VOICE_MAX_FRAME_BYTES: '10', VOICE_MAX_SESSIONS: '-1' })).toThrow(
      /VOICE_MAX_FRAME_BYTES[\s\S]*VOICE_MAX_SESSIONS|VOICE_MAX_SESSIONS[\s\S]*VOICE_MAX_FRAME_BYTES/,
    );
  });
});
