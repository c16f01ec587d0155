// Public API of the keychain secret store (plain Node; no electron import). See ../config/README.md.
export {
  createSecretStore,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  PROBE_ACCOUNT,
  type KeytarLike,
  type SecretStore,
  type SecretStoreOptions,
} from './secret-store';
export {
  KeychainUnavailableError,
  classifyKeychainError,
  keychainMessage,
  toKeychainError,
  type KeychainErrorCode,
} from './keychain-errors';
