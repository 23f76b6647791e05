export { realPostgresUrl } from './real-postgres.js';
export {
  ROWS_PATH,
  type StandInFault,
  type StandInRequest,
  startUserManagementStandIn,
  type UserManagementStandIn,
  type UserManagementStandInOptions,
} from './user-management-stand-in.js';
export { openResultStore, type ResultStore, type StoredResult } from './user-management-store.js';
export {
  checkServiceToken,
  importTokenKey,
  type TokenCheck,
  type TokenCheckSettings,
} from './user-management-tokens.js';
