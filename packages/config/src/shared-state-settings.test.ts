import { describe, expect, it } from 'vitest';
import { parseSettings } from './load-settings.js';
import { redactSettings } from './redact-settings.js';

describe('shared state and process settings', () => {
  it('default to no database, migrations at start, a 30 s lease and one worker per core (0)', () => {
    const settings = parseSettings({});
    expect(settings.DATABASE_URL).toBeUndefined();
    expect(settings).toMatchObject({
      DATABASE_MIGRATE: 'start',
      OUTBOX_LEASE_MS: 30_000,
      WEB_CONCURRENCY: 0,
    });
  });

  it('take a postgres URL, and never print it (it carries a password)', () => {
    const url = 'postgres://bot:hunter2-password@db.internal:5432/bot';
    const settings = parseSettings({ DATABASE_URL: url, WEB_CONCURRENCY: '4', DATABASE_MIGRATE: 'off' });
    expect(settings).toMatchObject({ DATABASE_URL: url, WEB_CONCURRENCY: 4, DATABASE_MIGRATE: 'off' });
    expect(JSON.stringify(redactSettings(settings))).not.toContain('hunter2');
    expect(redactSettings(settings).DATABASE_URL).toBe('set');
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/bot', /DATABASE_URL.*postgres/],
    ['WEB_CONCURRENCY', 'all', /WEB_CONCURRENCY/],
    ['OUTBOX_LEASE_MS', '10', /OUTBOX_LEASE_MS/],
    ['DATABASE_MIGRATE', 'later', /DATABASE_MIGRATE/],
  ])('refuse a bad %s, naming it and without echoing a URL', (name, value, message) => {
    let error: unknown;
    try {
      parseSettings({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain('mysql://db');
  });
});
