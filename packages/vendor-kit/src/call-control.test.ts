import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitUntil as until } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCall, stopError } from './call-control.js';

// A loopback server that answers /slow only when told to, so the abort reaches a real request.
let server: Server;
let url: string;
const waiting: ServerResponse[] = [];
const closedEarly: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/fast') {
      res.end('ok');
      return;
    }
    res.on('close', () => {
      if (!res.writableEnded) closedEarly.push(req.url ?? '');
    });
    waiting.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of waiting) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('startCall', () => {
  it('times out with a retryable timeout when no first byte came, and tears the request down', async () => {
    const call = startCall('acme', undefined, 1000);
    const error = await fetch(`${url}/slow?t`, { signal: call.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(call.reason).toBe('timeout');
    expect(call.abortError()).toMatchObject({ kind: 'timeout', vendor: 'acme', retryable: true });
    expect(call.abortError()?.message).toMatch(/1000 ms/);
    await until(() => closedEarly.includes('/slow?t'));
    call.dispose();
  });

  it("is cancelled (not retryable) when the caller's signal aborts, and the server sees the request end", async () => {
    const controller = new AbortController();
    const call = startCall('acme', controller.signal, 5000);
    const pending = fetch(`${url}/slow?c`, { signal: call.signal }).catch((e: unknown) => e);
    await until(() => waiting.some((res) => res.req.url === '/slow?c'));
    controller.abort();
    await pending;
    expect(call.abortError()).toMatchObject({ kind: 'cancelled', retryable: false });
    await until(() => closedEarly.includes('/slow?c'));
    call.dispose();
  });

  it('is cancelled from the start when the signal had already aborted', () => {
    const call = startCall('acme', AbortSignal.abort(), 100);
    expect(call.signal.aborted).toBe(true);
    expect(call.reason).toBe('cancelled');
    call.dispose();
  });

  it('firstByte() stops the timer: a slow body after the first byte is not a timeout', async () => {
    const call = startCall('acme', undefined, 500);
    const response = await fetch(`${url}/fast`, { signal: call.signal });
    call.firstByte();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await response.text()).toBe('ok');
    expect(call.reason).toBeUndefined();
    expect(call.abortError()).toBeUndefined();
    call.dispose();
  });

  it('dispose() after a finished call is not a cancellation', () => {
    const controller = new AbortController();
    const call = startCall('acme', controller.signal, 1000);
    call.dispose();
    controller.abort();
    expect(call.signal.aborted).toBe(true);
    expect(call.abortError()).toBeUndefined();
  });

  it('dispose() after finished() aborts nothing: the request read to its end keeps its signal, and a caller abort after it reaches nothing', async () => {
    const controller = new AbortController();
    const call = startCall('acme', controller.signal, 1000);
    const response = await fetch(`${url}/fast`, { signal: call.signal });
    expect(await response.text()).toBe('ok');
    call.finished();
    call.dispose();
    expect(call.signal.aborted).toBe(false);
    controller.abort();
    expect(call.signal.aborted).toBe(false);
    expect(call.abortError()).toBeUndefined();
  });

  it('dispose() without finished() still aborts what runs: the server sees the request end', async () => {
    const call = startCall('acme', undefined, 5000);
    const pending = fetch(`${url}/slow?d`, { signal: call.signal }).catch((e: unknown) => e);
    await until(() => waiting.some((res) => res.req.url === '/slow?d'));
    call.dispose();
    expect(await pending).toBeInstanceOf(Error);
    expect(call.signal.aborted).toBe(true);
    await until(() => closedEarly.includes('/slow?d'));
  });

  it('the first reason wins: a cancel after a timeout stays a timeout, and the reverse', async () => {
    const timedOut = startCall('acme', undefined, 20);
    await until(() => timedOut.reason !== undefined);
    timedOut.cancel();
    expect(timedOut.reason).toBe('timeout');
    timedOut.dispose();

    const cancelled = startCall('acme', undefined, 20);
    cancelled.cancel();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(cancelled.reason).toBe('cancelled');
    cancelled.dispose();
  });

  it('stopError words both reasons for any vendor', () => {
    expect(stopError('x', 'timeout', 250).message).toBe('x: no first byte within 250 ms');
    expect(stopError('x', 'cancelled')).toMatchObject({
      kind: 'cancelled',
      message: 'x: cancelled by the caller',
    });
  });
});
