// Public API of the session module (plain Node; no electron import). See README.md.
export {
  createBackendAuth,
  SessionError,
  SESSION_EXPIRED,
  type ApiAccess,
  type BackendAuth,
} from './backend-auth';
export {
  createSessionManager,
  systemClock,
  REFRESH_BEFORE_MS,
  type Clock,
  type SessionManager,
} from './session-manager';
export { createKeychainVault, SESSION_ACCOUNT, type KeptSession, type TokenVault } from './token-vault';
