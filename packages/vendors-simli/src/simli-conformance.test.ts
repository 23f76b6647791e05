import { describeAvatarConformance } from '@bot-backend/conformance';
import { type SimliFake, startSimliFake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { createSimli } from './simli-provider.js';

describe('Simli avatar against its loopback fake', () => {
  let fake: SimliFake;
  beforeAll(async () => {
    fake = await startSimliFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  describeAvatarConformance({
    name: 'simli',
    create: (options) =>
      createSimli({
        apiKey: fake.apiKey,
        baseURL: fake.url,
        faceId: 'face-conformance',
        ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      }).avatar(),
    fail: (status, options) => fake.fail(status, options),
    stall: () => fake.stall(),
    openConnections: () => fake.openConnections(),
    reset: () => fake.reset(),
  });
});
