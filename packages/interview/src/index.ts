export * from './evaluation/index.js';
export * from './planning/index.js';
export * from './conversation/index.js';
