// "Keep me signed in": the token, its expiry and the backend it came from, in the OS keychain
// (service 'meeting-assistant', its own account, never a config field and never on disk).
// Every call is bounded by a timeout; a keychain failure is reported, never worked around.
import { z } from 'zod';
import { KEYCHAIN_SERVICE } from '../../contract/config';
import type { KeytarLike } from '../secrets';
import { toKeychainError } from '../secrets';

export const SESSION_ACCOUNT = 'session.token';

export const KeptSessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  /** ApiAccess.destination of the backend that issued it: never sent anywhere else. */
  destination: z.string(),
});
export type KeptSession = z.infer<typeof KeptSessionSchema>;

export interface TokenVault {
  /** The kept session, or null (none, or an entry that does not parse: it is removed). */
  load(): Promise<KeptSession | null>;
  save(kept: KeptSession): Promise<void>;
  clear(): Promise<void>;
}

export interface KeychainVaultOptions {
  /** Tests use their own account so parallel runs never share one. */
  account?: string;
  keytar?: KeytarLike;
  timeoutMs?: number;
}

async function importKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

export function createKeychainVault(opts: KeychainVaultOptions = {}): TokenVault {
  const account = opts.account ?? SESSION_ACCOUNT;
  const timeoutMs = opts.timeoutMs ?? 5000;
  let keytar: Promise<KeytarLike> | undefined = opts.keytar ? Promise.resolve(opts.keytar) : undefined;

  const call = async <T>(run: (k: KeytarLike) => Promise<T>): Promise<T> => {
    keytar ??= importKeytar().catch((err: unknown) => {
      keytar = undefined;
      throw err;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    try {
      return await Promise.race([keytar.then(run), timeout]);
    } catch (err) {
      throw toKeychainError(err, process.platform);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async load() {
      const raw = await call((k) => k.getPassword(KEYCHAIN_SERVICE, account));
      if (!raw) return null;
      let value: unknown = null;
      try {
        value = JSON.parse(raw);
      } catch {
        value = null;
      }
      const parsed = KeptSessionSchema.safeParse(value);
      if (parsed.success) return parsed.data;
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
      return null;
    },
    async save(kept) {
      await call((k) => k.setPassword(KEYCHAIN_SERVICE, account, JSON.stringify(kept)));
    },
    async clear() {
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
    },
  };
}
