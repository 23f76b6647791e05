import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioFrame } from '@bot-backend/interfaces';
import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { AsyncQueue } from '@bot-backend/voice';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeetingJournal } from './meeting-journal.js';
import { MeetingTranscriber } from './meeting-transcriber.js';

const rate = 16_000;
function frames(ms: number, sampleRate = rate): AudioFrame[] {
  const perFrame = sampleRate / 50;
  return Array.from({ length: Math.ceil(ms / 20) }, (_, f) => {
    const samples = new Int16Array(perFrame);
    for (let i = 0; i < perFrame; i++) {
      samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * (f * perFrame + i)) / sampleRate));
    }
    return { samples, sampleRate };
  });
}
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('MeetingTranscriber with DeepgramStt against the Deepgram fake', () => {
  let fake: DeepgramFake;
  let dir: string;
  beforeEach(async () => {
    fake = await startDeepgramFake({ msPerWord: 200, wordsPerFinal: 3 });
    dir = mkdtempSync(join(tmpdir(), 'agent-transcriber-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('overlapping speakers, a late joiner and a reconnect land on one meeting clock, journalled', async () => {
    let now = 1_700_000_000_000;
    const journal = await MeetingJournal.open(dir, 'standup-1', { now: () => now });
    const stt = createDeepgram({ apiKey: fake.apiKey, baseUrl: fake.url, endpointingMs: 100 }).stt();
    const journalled: string[] = [];
    const transcriber = new MeetingTranscriber({
      journal,
      stt,
      now: () => now,
      onSegment: (s) => journalled.push(s.id),
    });
    const textOf = (speaker: string) =>
      transcriber.aggregator
        .segmentsOf(speaker)
        .map((s) => s.text)
        .join(' ');

    // Alice's track from the start; Bob's half a second later: both open at once.
    const alice = new AsyncQueue<AudioFrame>();
    const aliceTrack = transcriber.addTrack({ identity: 'alice', name: 'Alice' }, alice);
    now += 500;
    const bob = new AsyncQueue<AudioFrame>();
    transcriber.addTrack({ identity: 'bob' }, bob);
    expect(transcriber.activeTracks).toBe(2);

    fake.script('Let us review the launch plan today.');
    for (const frame of frames(2_000)) alice.push(frame);
    await until(() => textOf('alice') === 'Let us review the launch plan today.');
    fake.script('I have one concern about it.');
    for (const frame of frames(1_800)) bob.push(frame);
    await until(() => textOf('bob') === 'I have one concern about it.');

    // Carol joins half a minute in (a 48 kHz track: resampled for the STT).
    now += 30_000;
    const carol = new AsyncQueue<AudioFrame>();
    transcriber.addTrack({ identity: 'carol' }, carol);
    fake.script('Sorry I am late.');
    for (const frame of frames(1_500, 48_000)) carol.push(frame);
    await until(() => textOf('carol') === 'Sorry I am late.');

    // Alice's connection drops; her new track five seconds later continues her transcript.
    alice.close();
    await aliceTrack.done;
    now += 5_000;
    const aliceAgain = new AsyncQueue<AudioFrame>();
    transcriber.addTrack({ identity: 'alice', name: 'Alice' }, aliceAgain);
    fake.script('I am back now.');
    for (const frame of frames(1_500)) aliceAgain.push(frame);
    await until(() => textOf('alice').endsWith('I am back now.'));

    await transcriber.finish();
    expect(transcriber.activeTracks).toBe(0);

    const segments = transcriber.segments();
    // Meeting order: Alice from 0, Bob from 500 ms (overlapping her), Carol at 30.5 s, Alice again at 35.5 s.
    const firstOf = (speaker: string) => segments.find((s) => s.speaker === speaker)!;
    expect(firstOf('alice').startMs).toBe(0);
    expect(firstOf('bob').startMs).toBe(500);
    expect(firstOf('bob').startMs).toBeLessThan(transcriber.aggregator.segmentsOf('alice')[0]!.endMs + 1_000);
    expect(firstOf('carol').startMs).toBe(30_500);
    const aliceBack = transcriber.aggregator.segmentsOf('alice').find((s) => s.text.startsWith('I am'))!;
    expect(aliceBack.startMs).toBe(35_500);
    expect(segments.map((s) => s.startMs)).toEqual([...segments.map((s) => s.startMs)].sort((a, b) => a - b));
    expect([...new Set(segments.map((s) => s.speaker))]).toEqual(['alice', 'bob', 'carol']);
    expect(textOf('alice')).toBe('Let us review the launch plan today. I am back now.');
    expect(firstOf('alice').speakerName).toBe('Alice');
    // Several finals per utterance (3 words each), each one journalled as it came.
    expect(segments.length).toBeGreaterThan(4);
    expect(new Set(journalled)).toEqual(new Set(segments.map((s) => s.id)));

    // A restart reads back exactly what was kept.
    await journal.close();
    const reopened = await MeetingJournal.open(dir, 'standup-1');
    expect(reopened.recovered?.segments).toEqual(
      [...segments].sort((a, b) => journalled.indexOf(a.id) - journalled.indexOf(b.id)),
    );
    const resumed = new MeetingTranscriber({ journal: reopened, stt });
    expect(resumed.segments()).toEqual(segments);
    await reopened.close();
  });

  it('a failing STT for one track is reported and the others go on', async () => {
    const journal = await MeetingJournal.open(dir, 'm-2', { fsync: false });
    const errors: string[] = [];
    const transcriber = new MeetingTranscriber({
      journal,
      stt: createDeepgram({ apiKey: 'wrong', baseUrl: fake.url }).stt(),
      onSttError: (speaker, error) => errors.push(`${speaker.identity}:${error.kind}`),
    });
    const q = new AsyncQueue<AudioFrame>();
    const track = transcriber.addTrack({ identity: 'dave' }, q);
    for (const frame of frames(200)) q.push(frame);
    await until(() => errors.length > 0);
    q.close();
    await track.done;
    expect(errors).toEqual(['dave:auth']);
    await journal.close();
  });
});
