import { describeAvatarConformance, fakeControls } from '@bot-backend/conformance';
import { type SimliFake, startSimliFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createSimli } from './simli-provider.js';

// The suite calls the harness only inside tests, so the fake can start in beforeAll.
let fake: SimliFake;
beforeAll(async () => {
  fake = await startSimliFake();
});
afterAll(() => fake.close());

describeAvatarConformance({
  name: 'simli, against its loopback fake',
  ...fakeControls(() => fake),
  create: (options) =>
    createSimli({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      faceId: 'face-conformance',
      timeoutMs: options?.timeoutMs,
    }).avatar(),
});
