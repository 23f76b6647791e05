export {
  type CartesiaFake,
  type CartesiaFakeBytesRequest,
  type CartesiaFakeConnection,
  type CartesiaFakeOptions,
  type CartesiaWsErrorScript,
  startCartesiaFake,
} from './cartesia-fake.js';
export {
  defaultFakeTone,
  encodeFakeSamples,
  type FakeEncoding,
  type FakeToneOptions,
  fakeSampleCount,
  fakeToneFloat32,
} from './cartesia-fake-audio.js';
