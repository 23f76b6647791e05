export {
  type DeepgramFake,
  type DeepgramFakeOptions,
  type DeepgramLiveConnection,
  speechWaveform,
  startDeepgramFake,
} from './deepgram-fake.js';
export { type ScriptedWord, scriptWords } from './scripted-words.js';
