import { describe, expect, it } from 'vitest';
import { grantMismatch, VoiceTickets } from './voice-tickets.js';

const grant = { role: 'backend', experienceLevel: 'mid', format: 'blended' } as const;

describe('VoiceTickets', () => {
  it('redeems a ticket once, then says it was used', () => {
    const tickets = new VoiceTickets(60_000);
    const { ticket } = tickets.issue({ ...grant, subject: 'c-1' })!;
    expect(tickets.redeem(ticket)).toEqual({ ok: true, grant: { ...grant, subject: 'c-1' } });
    expect(tickets.redeem(ticket)).toMatchObject({ ok: false, code: 'ticket_used' });
  });

  it('expires a ticket at its time to live, by the clock it was given', () => {
    let now = 1_000;
    const tickets = new VoiceTickets(5_000, () => now);
    const issued = tickets.issue(grant)!;
    expect(issued.expiresAt).toBe(6_000);
    now = 6_000;
    expect(tickets.redeem(issued.ticket)).toMatchObject({ ok: false, code: 'ticket_expired' });
  });

  it('refuses another process’s tickets and anything not signed here', () => {
    const mine = new VoiceTickets(60_000);
    const theirs = new VoiceTickets(60_000);
    const { ticket } = theirs.issue(grant)!;
    expect(mine.redeem(ticket)).toMatchObject({ ok: false, code: 'ticket_invalid' });
    expect(mine.redeem('')).toMatchObject({ ok: false, code: 'ticket_invalid' });
    expect(mine.redeem('a.b.c')).toMatchObject({ ok: false, code: 'ticket_invalid' });
  });

  it('names the first field in which a start asks for another interview', () => {
    expect(grantMismatch(grant, { ...grant })).toBeUndefined();
    expect(grantMismatch(grant, { ...grant, format: 'verbal' })).toBe('format');
    expect(grantMismatch({ ...grant, durationMinutes: 30 }, { ...grant, durationMinutes: 45 })).toBe(
      'durationMinutes',
    );
    // The ticket fixes what it names; a start may leave the rest to it.
    expect(grantMismatch({ ...grant, durationMinutes: 30 }, grant)).toBeUndefined();
  });
});
