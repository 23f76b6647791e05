export {
  type SimliFake,
  type SimliFakeOptions,
  type SimliFakeTokenRequest,
  startSimliFake,
} from './simli-fake.js';
