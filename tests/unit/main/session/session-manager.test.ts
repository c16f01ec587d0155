// The session manager's decisions with a scripted backend and a manual clock: when it refreshes,
// what a refused or unreachable refresh does, and which kept sessions it trusts.
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../electron/contract/session';
import {
  SESSION_EXPIRED,
  SessionError,
  type ApiAccess,
  type BackendAuth,
} from '../../../../electron/main/session/backend-auth';
import { createSessionManager, type Clock } from '../../../../electron/main/session/session-manager';
import type { KeptSession, TokenVault } from '../../../../electron/main/session/token-vault';

const HOUR = 3_600_000;
const USER = { email: 'alice@example.com', name: 'Alice Chen', role: 'user' as const };
const ACCESS: ApiAccess = { baseUrl: 'http://127.0.0.1:1/api', headers: {}, destination: 'embedded' };

function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const timers = new Set<{ due: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { due: now + ms, fn };
      timers.add(t);
      return t;
    },
    clearTimer: (h) => void timers.delete(h as { due: number; fn: () => void }),
  };
  return {
    clock,
    pending: () => [...timers].map((t) => t.due - now),
    async advance(ms: number) {
      now += ms;
      for (const t of [...timers])
        if (t.due <= now) {
          timers.delete(t);
          t.fn();
        }
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function memoryVault(initial: KeptSession | null = null): TokenVault & { kept: KeptSession | null } {
  const v = {
    kept: initial,
    load: async () => v.kept,
    save: async (k: KeptSession) => void (v.kept = k),
    clear: async () => void (v.kept = null),
  };
  return v;
}

function setup(opts: { vault?: ReturnType<typeof memoryVault>; access?: () => ApiAccess | null } = {}) {
  const time = manualClock();
  const vault = opts.vault ?? memoryVault();
  const events: SessionView[] = [];
  let n = 0;
  const calls: string[] = [];
  const answer = () => ({
    token: `token-${++n}`,
    expires_at: new Date(time.clock.now() + HOUR).toISOString(),
    user: USER,
  });
  const script: { refresh: () => unknown; me: () => unknown } = {
    refresh: answer,
    me: () => USER,
  };
  const auth = {
    login: async () => (calls.push('login'), answer()),
    refresh: async () => (calls.push('refresh'), script.refresh()),
    me: async () => (calls.push('me'), script.me()),
  } as unknown as BackendAuth;
  const session = createSessionManager({
    access: opts.access ?? (() => ACCESS),
    auth,
    vault,
    emit: (v) => events.push(v),
    clock: time.clock,
  });
  return { time, vault, events, calls, script, session };
}

const args = (keepSignedIn: boolean) => ({ username: 'alice', password: 'pw', keepSignedIn });

describe('session manager', () => {
  it('refreshes 5 minutes before expiry, not earlier, and keeps the new token', async () => {
    const { time, session, vault, calls } = setup();
    await session.signIn(args(true));
    expect(time.pending()).toEqual([HOUR - 5 * 60_000]);
    await time.advance(HOUR - 5 * 60_000 - 1);
    expect(calls).toEqual(['login']);
    await time.advance(1);
    expect(calls).toEqual(['login', 'refresh']);
    expect(session.token()).toBe('token-2');
    expect(vault.kept?.token).toBe('token-2');
  });

  it('a refresh the backend refuses signs out, in memory and in the keychain', async () => {
    const { time, session, vault, script, events } = setup();
    await session.signIn(args(true));
    script.refresh = () => {
      throw new SessionError(SESSION_EXPIRED, 'The token has expired.');
    };
    await time.advance(HOUR - 5 * 60_000);
    expect(session.token()).toBeNull();
    expect(vault.kept).toBeNull();
    expect(events.at(-1)).toBeNull();
  });

  it('a refresh that cannot reach the backend is tried again, and the session is kept meanwhile', async () => {
    const { time, session, script, calls } = setup();
    await session.signIn(args(false));
    script.refresh = () => {
      throw new SessionError('backend_unreachable', 'down');
    };
    await time.advance(HOUR - 5 * 60_000);
    expect(session.token()).toBe('token-1');
    expect(time.pending()).toEqual([30_000]);
    script.refresh = () => ({
      token: 'token-9',
      expires_at: new Date(time.clock.now() + HOUR).toISOString(),
      user: USER,
    });
    await time.advance(30_000);
    expect(calls.filter((c) => c === 'refresh')).toHaveLength(2);
    expect(session.token()).toBe('token-9');
  });

  it('without "Keep me signed in" nothing is kept, and an earlier kept session is removed', async () => {
    const vault = memoryVault({
      token: 'old',
      expiresAt: new Date(Date.now() + HOUR).toISOString(),
      destination: 'x',
    });
    const { session } = setup({ vault });
    await session.signIn(args(false));
    expect(vault.kept).toBeNull();
  });

  it('a kept session is only sent to the backend that issued it', async () => {
    const vault = memoryVault({
      token: 'from-elsewhere',
      expiresAt: new Date(Date.parse('2026-01-01T00:00:00Z') + HOUR).toISOString(),
      destination: 'https://other.example',
    });
    const { session, calls } = setup({ vault });
    expect(await session.get()).toBeNull();
    expect(calls).toEqual([]);
    expect(vault.kept).toBeNull();
  });

  it('a kept session that has expired is dropped without asking the backend', async () => {
    const vault = memoryVault({
      token: 'stale',
      expiresAt: new Date(Date.parse('2026-01-01T00:00:00Z') - 1).toISOString(),
      destination: 'embedded',
    });
    const { session, calls } = setup({ vault });
    expect(await session.get()).toBeNull();
    expect(calls).toEqual([]);
    expect(vault.kept).toBeNull();
  });

  it('a kept session the backend no longer takes is removed', async () => {
    const vault = memoryVault({
      token: 'revoked',
      expiresAt: new Date(Date.parse('2026-01-01T00:00:00Z') + HOUR).toISOString(),
      destination: 'embedded',
    });
    const { session, script } = setup({ vault });
    script.me = () => {
      throw new SessionError(SESSION_EXPIRED, 'The token is not valid.');
    };
    expect(await session.get()).toBeNull();
    expect(vault.kept).toBeNull();
  });

  it('before the app is ready, sign-in says so and nothing is restored yet', async () => {
    const vault = memoryVault({
      token: 'kept',
      expiresAt: new Date(Date.parse('2026-01-01T00:00:00Z') + HOUR).toISOString(),
      destination: 'embedded',
    });
    let access: ApiAccess | null = null;
    const { session } = setup({ vault, access: () => access });
    expect(await session.get()).toBeNull();
    await expect(session.signIn(args(false))).rejects.toMatchObject({ code: 'not_ready' });
    access = ACCESS;
    expect(await session.get()).toMatchObject({ user: USER, keepSignedIn: true });
  });
});
