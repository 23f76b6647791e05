import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSettings } from './settings.js';

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
