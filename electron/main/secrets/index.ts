// Public API of the keychain secret store (plain Node; no electron import). See ../config/README.md.
export {
  createSecretStore,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  destinationAccount,
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
export {
  BOUND_FIELDS,
  configDestination,
  databaseDestination,
  decideReuse,
  destinationChangedMessage,
  difyDestination,
  isBoundField,
  SECRET_DESTINATION_CHANGED,
  type BoundField,
  type SecretReuse,
} from './destination';
