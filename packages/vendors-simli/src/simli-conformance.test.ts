import { describeAvatarConformance, fakeControls } from '@bot-backend/conformance';
import { startSimliFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { createSimli } from './simli-provider.js';

// The suite calls the harness only inside tests, so the fake can start once before them.
const fake = useFake(() => startSimliFake(), { scope: 'all' });

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
