export {
  type DeepgramFake,
  type DeepgramFakeOptions,
  type DeepgramLiveConnection,
  type DeepgramSpeakConnection,
  speechWaveform,
  startDeepgramFake,
} from './deepgram-fake.js';
export { type ScriptedWord, scriptWords } from './scripted-words.js';
