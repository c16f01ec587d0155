// The secret store: config secrets in the OS keychain through keytar (service 'meeting-assistant',
// account = the field's dotted path). Every call is bounded by a timeout, and every failure becomes
// a KeychainUnavailableError; there is no plaintext fallback anywhere.
import { KEYCHAIN_SERVICE, SECRET_FIELDS, isSecretField, type SecretField } from '../../contract/config';
import { KeychainUnavailableError, keychainMessage, toKeychainError } from './keychain-errors';

/** The part of keytar we use, so tests can pass a fake one. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface SecretStore {
  /** The stored value, or null if the keychain has none for this field. */
  get(field: SecretField): Promise<string | null>;
  /**
   * Stores a value; an empty value deletes the entry (empty means "not set" everywhere).
   * `destination` (destination.ts) is where the secret may be sent; it is stored beside it, and a
   * set without one removes a previous binding, so a new secret never inherits an old destination.
   */
  set(field: SecretField, value: string, destination?: string | null): Promise<void>;
  /** Removes the secret and its destination binding. */
  delete(field: SecretField): Promise<void>;
  /** The destination the secret was saved for, or null when none was recorded. */
  destination(field: SecretField): Promise<string | null>;
  /** The secret fields that have an entry in the keychain (names only). */
  list(): Promise<SecretField[]>;
  /** Checks that the keychain can be written, by storing and removing a probe entry. */
  probe(): Promise<void>;
}

export type SecretStoreOptions = {
  keytar?: KeytarLike;
  /** How keytar is loaded when not given; replaceable to test a load failure. */
  loadKeytar?: () => Promise<KeytarLike>;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
};

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5000;
export const PROBE_ACCOUNT = 'meeting-assistant.probe';

/**
 * The keychain account of a secret's destination binding: beside the secret, under the same
 * service. Its value is not secret (a host or an origin); list() never reports it as a secret.
 */
export function destinationAccount(field: SecretField): string {
  return `${field}#destination`;
}

async function importKeytar(): Promise<KeytarLike> {
  // keytar is CommonJS: under ESM its functions are on `default`.
  const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

export function createSecretStore(options: SecretStoreOptions = {}): SecretStore {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  let keytar: Promise<KeytarLike> | undefined = options.keytar ? Promise.resolve(options.keytar) : undefined;

  // Loaded on first use, so a broken native module is a typed error at that call, not a crash
  // when the app starts. A failed load is retried on the next call.
  const load = (): Promise<KeytarLike> => {
    keytar ??= (options.loadKeytar ?? importKeytar)().catch((error: unknown) => {
      keytar = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      throw new KeychainUnavailableError(
        'keytar_load_failed',
        keychainMessage('keytar_load_failed', platform, detail),
        {
          cause: error,
        },
      );
    });
    return keytar;
  };

  // The keytar call itself cannot be cancelled; on timeout it is left to finish in the background
  // and its result is ignored.
  const call = async <T>(run: (k: KeytarLike) => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError('timeout', keychainMessage('timeout', platform))),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([load().then(run), timeout]);
    } catch (error) {
      throw toKeychainError(error, platform);
    } finally {
      clearTimeout(timer);
    }
  };

  const checkField = (field: unknown): SecretField => {
    // A typo here would silently create a keychain entry nobody reads; fail loudly instead.
    if (!isSecretField(field)) throw new TypeError(`not a secret field: ${String(field)}`);
    return field;
  };

  return {
    async get(field) {
      checkField(field);
      return call((k) => k.getPassword(KEYCHAIN_SERVICE, field));
    },
    async set(field, value, destination) {
      checkField(field);
      if (typeof value !== 'string') throw new TypeError('a secret must be a string');
      if (value === '') return this.delete(field);
      // The old binding goes first: a failure between the two calls leaves the secret unbound
      // (never reused), not bound to a destination it was not saved for.
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, destinationAccount(field)));
      await call((k) => k.setPassword(KEYCHAIN_SERVICE, field, value));
      if (destination)
        await call((k) => k.setPassword(KEYCHAIN_SERVICE, destinationAccount(field), destination));
    },
    async delete(field) {
      checkField(field);
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, field));
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, destinationAccount(field)));
    },
    async destination(field) {
      checkField(field);
      return call((k) => k.getPassword(KEYCHAIN_SERVICE, destinationAccount(field)));
    },
    async list() {
      const found = await call((k) => k.findCredentials(KEYCHAIN_SERVICE));
      const accounts = new Set(found.map((c) => c.account));
      return SECRET_FIELDS.filter((field) => accounts.has(field));
    },
    async probe() {
      // A locked collection still answers reads (with nothing), so only a write tells.
      await call(async (k) => {
        await k.setPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT, 'probe');
        await k.deletePassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT);
      });
    },
  };
}
