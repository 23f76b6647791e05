import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWavToFrame, WavFileSink } from '@bot-backend/audio';
import { afterAll, beforeAll } from 'vitest';
import { describeAudioSinkConformance } from '../audio-sink-conformance.js';

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wav-sink-conformance-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeAudioSinkConformance({
  name: 'WavFileSink',
  holdsBacklog: false,
  create: ({ sampleRate }) => {
    const path = join(dir, `sink-${++counter}.wav`);
    const sink = new WavFileSink({ path, sampleRate });
    return {
      sink,
      // The file itself is the far side: decode whatever has been written so far.
      received: async () => {
        const bytes = await readFile(path).catch(() => undefined);
        if (!bytes || bytes.length <= 44) return [];
        return [decodeWavToFrame(bytes)];
      },
    };
  },
});
