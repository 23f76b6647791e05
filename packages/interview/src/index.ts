export * from './conversation/index.js';
export * from './evaluation/index.js';
export * from './planning/index.js';
