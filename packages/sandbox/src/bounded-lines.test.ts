import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedLineSplitter, readBoundedLines } from './bounded-lines.js';

describe('BoundedLineSplitter', () => {
  it('joins lines split across chunks and splits chunks holding several lines', () => {
    const lines: string[] = [];
    const splitter = new BoundedLineSplitter({ maxLineBytes: 10, maxTotalBytes: 100 }, (l) => lines.push(l));
    splitter.push(Buffer.from('ab'));
    splitter.push(Buffer.from('c\nde\n\nf'));
    splitter.push(Buffer.from('g\n'));
    expect(lines).toEqual(['abc', 'de', '', 'fg']);
    expect(splitter.overflow).toBeUndefined();
  });

  it('keeps a multi-byte character cut between chunks whole', () => {
    const lines: string[] = [];
    const splitter = new BoundedLineSplitter({ maxLineBytes: 10, maxTotalBytes: 100 }, (l) => lines.push(l));
    const bytes = Buffer.from('é\n');
    splitter.push(bytes.subarray(0, 1));
    splitter.push(bytes.subarray(1));
    expect(lines).toEqual(['é']);
  });

  it('stops at a line over its limit, even one that never ends, and emits nothing of it', () => {
    const lines: string[] = [];
    const splitter = new BoundedLineSplitter({ maxLineBytes: 8, maxTotalBytes: 1e9 }, (l) => lines.push(l));
    expect(splitter.push(Buffer.from('ok\n12345'))).toBe(true);
    expect(splitter.push(Buffer.from('6789'))).toBe(false);
    expect(splitter.overflow).toBe('line');
    expect(splitter.push(Buffer.from('\nlater\n'))).toBe(false);
    expect(lines).toEqual(['ok']);
  });

  it('stops when the stream passes its total, however short its lines', () => {
    const splitter = new BoundedLineSplitter({ maxLineBytes: 8, maxTotalBytes: 20 }, () => {});
    for (let i = 0; i < 6; i += 1) splitter.push(Buffer.from('abc\n'));
    expect(splitter.overflow).toBe('total');
  });
});

describe('readBoundedLines', () => {
  it('reports an overflow once and keeps draining the stream', async () => {
    const stream = new PassThrough();
    const overflows: string[] = [];
    readBoundedLines(
      stream,
      { maxLineBytes: 1024, maxTotalBytes: 1e12 },
      () => {},
      (k) => overflows.push(k),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    // 64 MB of one line: drained, never held.
    for (let i = 0; i < 1024; i += 1) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
    }
    stream.end();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(overflows).toEqual(['line']);
  });
});
