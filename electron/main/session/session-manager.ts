// The signed-in session in main: the JWT lives here, in memory, and nowhere the renderer can see.
// Signs in through the backend, refreshes the token when less than `refreshBeforeMs` remain (so a
// long meeting never drops the session), keeps it in the keychain when asked, and restores it on
// the next start. Plain TypeScript: the API access, the vault and the clock come in as arguments.
import type { SessionView, SignInArgs } from '../../contract/session';
import type { EventPayload } from '../../contract/ipc';
import {
  SESSION_EXPIRED,
  SessionError,
  type ApiAccess,
  type BackendAuth,
  type TokenAnswer,
} from './backend-auth';
import type { TokenVault } from './token-vault';

/** Time and timers, replaceable so tests can move the clock to just before expiry. */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const REFRESH_BEFORE_MS = 5 * 60_000;
/** A refresh that could not reach the backend is tried again after this (until expiry). */
export const REFRESH_RETRY_MS = 30_000;
/** setTimeout's ceiling (about 24.8 days); a longer wait is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionManagerOptions {
  /** Null until the app is ready (LaunchController.apiAccess). */
  access: () => ApiAccess | null;
  auth: BackendAuth;
  vault: TokenVault;
  emit: (payload: EventPayload<'session:changed'>) => void;
  clock?: Clock;
  refreshBeforeMs?: number;
  retryMs?: number;
  log?: (line: string) => void;
}

interface Current {
  token: string;
  expiresAt: number;
  user: TokenAnswer['user'];
  keep: boolean;
  destination: string;
}

export function createSessionManager(opts: SessionManagerOptions) {
  const clock = opts.clock ?? systemClock;
  const refreshBeforeMs = opts.refreshBeforeMs ?? REFRESH_BEFORE_MS;
  const retryMs = opts.retryMs ?? REFRESH_RETRY_MS;
  const log = opts.log ?? (() => undefined);
  let current: Current | null = null;
  let timer: unknown = null;
  /** Bumped by every sign-in and sign-out, so a late refresh answer can't resurrect a session. */
  let epoch = 0;
  let restored: Promise<void> | null = null;

  const view = (): SessionView =>
    current
      ? {
          user: current.user,
          expiresAt: new Date(current.expiresAt).toISOString(),
          keepSignedIn: current.keep,
        }
      : null;

  const changed = () => opts.emit(view());

  function arm(ms: number): void {
    if (timer !== null) clock.clearTimer(timer);
    timer = clock.setTimer(
      () => {
        timer = null;
        void refresh();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  }

  const schedule = () => current && arm(current.expiresAt - refreshBeforeMs - clock.now());

  function disarm(): void {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
  }

  async function keep(c: Current): Promise<void> {
    try {
      if (c.keep)
        await opts.vault.save({
          token: c.token,
          expiresAt: new Date(c.expiresAt).toISOString(),
          destination: c.destination,
        });
      else await opts.vault.clear();
    } catch (err) {
      // Signed in all the same; only the next start will ask again.
      log(`[session] the keychain could not keep the session: ${(err as Error).message}`);
    }
  }

  async function forget(): Promise<void> {
    epoch++;
    disarm();
    const had = current !== null;
    current = null;
    try {
      await opts.vault.clear();
    } catch (err) {
      log(`[session] the keychain entry could not be removed: ${(err as Error).message}`);
    }
    if (had) changed();
  }

  function adopt(answer: TokenAnswer, keepIt: boolean, destination: string): Current {
    current = {
      token: answer.token,
      expiresAt: Date.parse(answer.expires_at),
      user: answer.user,
      keep: keepIt,
      destination,
    };
    schedule();
    return current;
  }

  async function refresh(): Promise<void> {
    const c = current;
    if (!c) return;
    if (c.expiresAt - clock.now() > refreshBeforeMs) {
      schedule();
      return;
    }
    const access = opts.access();
    const mine = epoch;
    try {
      if (!access || access.destination !== c.destination)
        throw new SessionError('backend_unreachable', 'The backend is not available right now.');
      const answer = await opts.auth.refresh(access, c.token);
      if (mine !== epoch) return;
      await keep(adopt(answer, c.keep, c.destination));
      changed();
    } catch (err) {
      if (mine !== epoch) return;
      const code = err instanceof SessionError ? err.code : 'unexpected';
      if (code === SESSION_EXPIRED || c.expiresAt <= clock.now()) {
        log(`[session] signed out: the token could not be renewed (${code})`);
        await forget();
        return;
      }
      log(`[session] refresh failed (${code}); trying again`);
      arm(Math.min(retryMs, c.expiresAt - clock.now()));
    }
  }

  /** The kept session from the keychain, if it is for this backend and the backend still takes it. */
  async function restore(access: ApiAccess): Promise<void> {
    let kept;
    try {
      kept = await opts.vault.load();
    } catch (err) {
      log(`[session] the keychain could not be read: ${(err as Error).message}`);
      return;
    }
    if (!kept) return;
    const expiresAt = Date.parse(kept.expiresAt);
    if (kept.destination !== access.destination || expiresAt <= clock.now()) {
      await opts.vault.clear().catch(() => undefined);
      return;
    }
    const mine = epoch;
    try {
      const user = await opts.auth.me(access, kept.token);
      if (mine !== epoch || current) return;
      current = { token: kept.token, expiresAt, user, keep: true, destination: kept.destination };
      schedule();
      changed();
      // A kept token that is already within the refresh window is renewed at once by schedule().
    } catch (err) {
      if (err instanceof SessionError && err.code === SESSION_EXPIRED)
        await opts.vault.clear().catch(() => undefined);
      else throw err;
    }
  }

  return {
    /** The session, restoring a kept one the first time the app is ready. */
    async get(): Promise<SessionView> {
      const access = opts.access();
      if (!current && access && !restored) {
        restored = restore(access).catch((err: unknown) => {
          // The backend was unreachable: try again at the next get().
          log(`[session] the kept session could not be checked: ${(err as Error).message}`);
          restored = null;
        });
      }
      if (restored) await restored;
      return view();
    },

    async signIn(args: SignInArgs): Promise<NonNullable<SessionView>> {
      const access = opts.access();
      if (!access)
        throw new SessionError('not_ready', 'The app has not finished starting. Try again in a moment.');
      const answer = await opts.auth.login(access, args.username, args.password);
      epoch++;
      restored ??= Promise.resolve();
      const c = adopt(answer, args.keepSignedIn, access.destination);
      await keep(c);
      changed();
      return view()!;
    },

    async signOut(): Promise<void> {
      restored ??= Promise.resolve();
      await forget();
    },

    /** The token for main's own API calls (meetings, minutes); never for the renderer. */
    token(): string | null {
      return current && current.expiresAt > clock.now() ? current.token : null;
    },

    /** Stops the refresh timer (app quit). */
    dispose(): void {
      epoch++;
      disarm();
    },
  };
}
export type SessionManager = ReturnType<typeof createSessionManager>;
