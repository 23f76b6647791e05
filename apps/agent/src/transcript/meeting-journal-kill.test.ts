import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MeetingJournal } from './meeting-journal.js';

const writer = fileURLToPath(new URL('./test-journal-writer.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('MeetingJournal under SIGKILL', () => {
  it('a worker killed mid-meeting loses no final it had acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-journal-kill-'));
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      ['--conditions=@bot-backend/source', '--import', tsxLoader, writer, dir, 'm-1'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acknowledged: string[] = [];
    let buffer = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        acknowledged.push(...lines);
        if (acknowledged.length >= 40) resolve();
      });
    });
    child.kill('SIGKILL');
    await exited;

    const journal = await MeetingJournal.open(dir, 'm-1');
    const recovered = journal.recovered?.segments.map((s) => s.id) ?? [];
    await journal.close();
    // Everything acknowledged is there, in order, once; at most the in-flight ones beyond it.
    expect(recovered.slice(0, acknowledged.length)).toEqual(acknowledged);
    expect(new Set(recovered).size).toBe(recovered.length);
  });
});
