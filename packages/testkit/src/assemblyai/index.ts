export {
  type AssemblyAIFake,
  type AssemblyAIFakeOptions,
  type AssemblyAIJob,
  type AssemblyAIStreamingConnection,
  startAssemblyAIFake,
} from './assemblyai-fake.js';
export { fakeTlsCert } from './fake-tls-cert.js';
export { acceptFakeTlsCertificates, startTlsFront, type TlsFront } from './tls-front.js';
