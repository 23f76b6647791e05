// Helpers that register vitest hooks: a subpath of their own, so the fakes stay
// usable outside a test run (the bench and the sim import the package's root).
export { type Closable, type UseFakeOptions, useFake } from './loopback/use-fake.js';
