import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiKeySetting,
  fetchSetting,
  functionSetting,
  headersSetting,
  parseSettings,
  timeoutMsSetting,
  vendorClientSettings,
} from './settings.js';

const schema = z.strictObject({ apiKey: z.string().min(1), retries: z.number().int().default(2) });

describe('parseSettings', () => {
  it('returns the resolved settings, defaults filled in', () => {
    expect(parseSettings('Acme', schema, { apiKey: 'k' })).toEqual({ apiKey: 'k', retries: 2 });
  });

  it('names every bad field, and never echoes a value', () => {
    let error: unknown;
    try {
      parseSettings('Acme', schema, { apiKey: '', retries: 1.5, retrys: 'secret-value' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid Acme settings: /);
    expect(message).toMatch(/apiKey/);
    expect(message).toMatch(/retries/);
    expect(message).toMatch(/retrys/);
    expect(message).not.toMatch(/secret-value/);
  });
});

describe('shared setting pieces', () => {
  const vendor = z.strictObject({
    apiKey: apiKeySetting('ACME_API_KEY'),
    fetch: fetchSetting,
    now: functionSetting<() => number>('now').optional(),
    timeoutMs: timeoutMsSetting,
    headers: headersSetting,
  });
  const problems = (input: unknown) => {
    const parsed = vendor.safeParse(input);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('takes a full set of settings, functions passed through as they are', () => {
    const now = () => 1;
    const parsed = vendor.parse({ apiKey: 'k', fetch, now, timeoutMs: 500, headers: { 'x-tenant': 't' } });
    expect(parsed.fetch).toBe(fetch);
    expect(parsed.now).toBe(now);
    expect(parsed).toMatchObject({ apiKey: 'k', timeoutMs: 500, headers: { 'x-tenant': 't' } });
    expect(vendor.parse({ apiKey: 'k' })).toEqual({ apiKey: 'k' });
  });

  it('names the environment variable when the key is missing or empty', () => {
    expect(problems({})).toEqual(['apiKey: apiKey is required (ACME_API_KEY)']);
    expect(problems({ apiKey: '' })).toEqual(['apiKey: apiKey is required (ACME_API_KEY)']);
    expect(z.object({ apiKey: apiKeySetting() }).safeParse({ apiKey: '' }).error?.issues[0]?.message).toBe(
      'apiKey is required',
    );
  });

  it('refuses a value that is not a function where one is wanted', () => {
    expect(problems({ apiKey: 'k', fetch: 'https://proxy', now: 3 })).toEqual([
      'fetch: fetch must be a function',
      'now: now must be a function',
    ]);
  });

  it('refuses a timeout that is not a positive whole number, and headers that are not strings', () => {
    expect(problems({ apiKey: 'k', timeoutMs: 0 })).toHaveLength(1);
    expect(problems({ apiKey: 'k', timeoutMs: 1.5 })).toHaveLength(1);
    expect(problems({ apiKey: 'k', headers: { 'x-n': 1 } })).toEqual([
      expect.stringMatching(/^headers\.x-n: /),
    ]);
  });
});

describe('vendorClientSettings', () => {
  const schema = z.strictObject({ ...vendorClientSettings('ACME_API_KEY'), region: z.string().optional() });

  it('gives a schema the key, fetch and timeout, checked as the pieces check them', () => {
    expect(schema.parse({ apiKey: 'k', fetch, timeoutMs: 200, region: 'eu' })).toEqual({
      apiKey: 'k',
      fetch,
      timeoutMs: 200,
      region: 'eu',
    });
    const parsed = schema.safeParse({ fetch: 1, timeoutMs: -1 });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'apiKey',
      'fetch',
      'timeoutMs',
    ]);
    expect(parsed.error?.issues[0]?.message).toBe('apiKey is required (ACME_API_KEY)');
  });
});
