/** Helpers shared by this package's tests (not exported from the package). */
export { readStream as reader, toneFrames as frames, waitUntil as until } from '@bot-backend/testkit';
