import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EnqueueRecord, OutboxJournal, OutboxJournalError } from './outbox-journal.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'outbox-journal-'));
  dirs.push(dir);
  return dir;
};
const enqueue = (id: string): EnqueueRecord => ({
  op: 'enqueue',
  id,
  key: `key-${id}`,
  kind: 'report',
  path: `/api/internal/bot-sessions/${id}/report`,
  payload: { summary: `summary ${id}` },
  at: 1,
});

describe('outbox journal', () => {
  it('replays what was written: delivered entries leave, poisoned ones stay marked', async () => {
    const dir = await tempDir();
    const journal = await OutboxJournal.open(dir);
    await journal.append([enqueue('a'), enqueue('b'), enqueue('c')]);
    await journal.append([{ op: 'delivered', id: 'a', at: 2, status: 201 }]);
    await journal.append([{ op: 'poisoned', id: 'b', at: 3, reason: 'answered 422', status: 422 }]);
    await journal.close();

    const reopened = await OutboxJournal.open(dir);
    const live = reopened.entries();
    expect(live.map((entry) => entry.enqueue.id)).toEqual(['b', 'c']);
    expect(live[0]?.poisoned?.reason).toBe('answered 422');
    expect(live[1]?.enqueue).toEqual(enqueue('c'));
    await reopened.close();
  });

  it('shares one write among concurrent appends and loses none of them', async () => {
    const dir = await tempDir();
    const journal = await OutboxJournal.open(dir);
    await Promise.all(Array.from({ length: 300 }, (_, i) => journal.append([enqueue(`e${i}`)])));
    await journal.close();
    const reopened = await OutboxJournal.open(dir);
    expect(reopened.entries()).toHaveLength(300);
    await reopened.close();
  });

  it('cuts off a line torn by a crash, and refuses a corrupt line in the middle', async () => {
    const dir = await tempDir();
    const journal = await OutboxJournal.open(dir);
    await journal.append([enqueue('a')]);
    await journal.close();
    const file = join(dir, 'outbox.jsonl');
    await appendFile(file, '{"op":"enqueue","id":"b","ke');
    const reopened = await OutboxJournal.open(dir);
    expect(reopened.entries().map((entry) => entry.enqueue.id)).toEqual(['a']);
    await reopened.append([enqueue('c')]);
    await reopened.close();
    expect(
      (await readFile(file, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).id),
    ).toEqual(['a', 'c']);

    await writeFile(file, `${JSON.stringify(enqueue('a'))}\nnot json\n${JSON.stringify(enqueue('c'))}\n`);
    await expect(OutboxJournal.open(dir)).rejects.toBeInstanceOf(OutboxJournalError);
  });

  it('rewrites itself with only the live entries when most lines are dead', async () => {
    const dir = await tempDir();
    const journal = await OutboxJournal.open(dir, { compactAfterLines: 50 });
    for (let i = 0; i < 40; i += 1) {
      await journal.append([enqueue(`e${i}`)]);
      if (i !== 7 && i !== 31) await journal.append([{ op: 'delivered', id: `e${i}`, at: 2, status: 201 }]);
    }
    await journal.append([{ op: 'poisoned', id: 'e31', at: 3, reason: 'answered 400', status: 400 }]);
    await journal.close();
    const lines = (await readFile(join(dir, 'outbox.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(40);
    const reopened = await OutboxJournal.open(dir);
    expect(reopened.entries().map((entry) => [entry.enqueue.id, entry.poisoned?.status])).toEqual([
      ['e7', undefined],
      ['e31', 400],
    ]);
    await reopened.close();
  });
});
