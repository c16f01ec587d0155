// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LaunchStateSchema, type LaunchState } from '../../../electron/contract/ipc';
import { routes } from '../../../renderer/router';
import { SCREEN_ROUTE, useLaunchStore } from '../../../renderer/stores/launch';
import { useSettingsStore } from '../../../renderer/stores/settings';
import { DRAFT_DEBOUNCE_MS, useWizardStore } from '../../../renderer/stores/wizard';
import { installFakeBridge } from './fake-bridge';

const READY: LaunchState = {
  screen: 'ready',
  status: {
    mode: 'embedded',
    apiBaseUrl: 'http://127.0.0.1:8000/api',
    health: { status: 'ok', database: 'ok', version: '0.1.0' },
    config: { kind: 'user', path: '/u/config.json' },
    appVersion: '0.1.0',
    logsDir: '/u/logs',
    readySince: '2026-01-01T00:00:00Z',
  },
};

function wizardState(
  prefill: Record<string, unknown> = {},
  secretsStored: string[] = [],
): Extract<LaunchState, { screen: 'wizard' }> {
  return {
    screen: 'wizard',
    prefill,
    secretsStored: secretsStored as never,
    source: { kind: 'admin', path: '/admin/config.json' },
    targetPath: '/u/config.json',
  };
}

let bridge: ReturnType<typeof installFakeBridge>;
beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  bridge?.uninstall();
  vi.useRealTimers();
});

describe('useLaunchStore', () => {
  it('every screen of the launch state goes to a route the router has', () => {
    const screens = LaunchStateSchema.options.map((o) => o.shape.screen.value);
    const named = new Set(routes.map((r) => r.name).filter(Boolean));
    expect(Object.keys(SCREEN_ROUTE).sort()).toEqual([...screens].sort());
    for (const screen of screens) expect(named, `route of ${screen}`).toContain(SCREEN_ROUTE[screen]);
  });

  it('loads the state, follows progress events, and asks again when the launch ends', async () => {
    let state: LaunchState = { screen: 'starting', progress: [{ step: 'config', state: 'done' }] };
    bridge = installFakeBridge({ 'app:getLaunchState': () => state });
    const launch = useLaunchStore();
    launch.init();
    await launch.load();
    expect(launch.screen).toBe('starting');
    expect(launch.progress.config?.state).toBe('done');
    bridge.emit('launch:progress', { step: 'waiting', state: 'active', attempt: 2, attempts: 30 });
    expect(launch.progress.waiting).toMatchObject({ attempt: 2, attempts: 30 });
    bridge.emit('model:progress', {
      file: 'model.bin',
      downloadedBytes: 5,
      totalBytes: 10,
      bytesPerSecond: 1,
    });
    expect(launch.model?.downloadedBytes).toBe(5);
    state = READY;
    bridge.emit('launch:progress', { step: 'ready', state: 'done' });
    await vi.waitFor(() => expect(launch.screen).toBe('ready'));
    launch.dispose();
    expect(bridge.listenerCount('launch:progress')).toBe(0);
  });

  it('keeps the error when main cannot be reached', async () => {
    bridge = installFakeBridge();
    const launch = useLaunchStore();
    await launch.load();
    expect(launch.state).toBeNull();
    expect(launch.loadError).toMatchObject({ code: 'internal' });
  });
});

describe('useWizardStore', () => {
  it('starts from the prefill, generates a JWT secret, and restores a saved draft', async () => {
    bridge = installFakeBridge({
      'wizard:loadDraft': () => ({
        step: 'dify',
        values: { backend: { database: { user: 'from-draft' } } },
        savedAt: '2026-01-01T00:00:00Z',
      }),
      'wizard:saveDraft': () => undefined,
    });
    const w = useWizardStore();
    await w.start(
      wizardState({ backend: { embedded: true, database: { host: 'db.corp', user: 'admin-user' } } }),
    );
    expect(w.model.values.backend.database.host).toBe('db.corp');
    expect(w.model.values.backend.database.user).toBe('from-draft');
    expect(w.step).toBe('dify');
    expect(w.draftRestored).toBe(true);
    expect(w.model.secrets['backend.auth.jwtSecret']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('does not generate a JWT secret the keychain already has', async () => {
    bridge = installFakeBridge({ 'wizard:loadDraft': () => null });
    const w = useWizardStore();
    await w.start(wizardState({}, ['backend.auth.jwtSecret']));
    expect(w.model.secrets['backend.auth.jwtSecret']).toBeUndefined();
    expect(w.model.stored).toEqual(['backend.auth.jwtSecret']);
  });

  it('persists the draft on change and on step change, never with a secret', async () => {
    bridge = installFakeBridge({ 'wizard:loadDraft': () => null, 'wizard:saveDraft': () => undefined });
    const w = useWizardStore();
    await w.start(wizardState());
    w.model.secrets['backend.database.password'] = 'top-secret';
    w.model.values.backend.database.host = 'typed.example.com';
    await vi.waitFor(() => expect(bridge.calls.some((c) => c.channel === 'wizard:saveDraft')).toBe(true), {
      timeout: DRAFT_DEBOUNCE_MS * 5,
    });
    w.next();
    const saves = bridge.calls.filter((c) => c.channel === 'wizard:saveDraft');
    expect(saves.at(-1)?.args).toMatchObject({
      step: 'database',
      values: { backend: { database: { host: 'typed.example.com' } } },
    });
    expect(JSON.stringify(saves)).not.toContain('top-secret');
  });

  it('Back and Next follow the steps of the chosen mode', async () => {
    bridge = installFakeBridge({ 'wizard:loadDraft': () => null, 'wizard:saveDraft': () => undefined });
    const w = useWizardStore();
    await w.start(wizardState());
    w.next();
    expect(w.step).toBe('database');
    w.back();
    w.model.values.backend.embedded = false;
    w.next();
    expect(w.step).toBe('review');
  });

  it('Finish: success hands the new state to the launch store and clears the draft', async () => {
    bridge = installFakeBridge({
      'wizard:loadDraft': () => null,
      'wizard:saveDraft': () => undefined,
      'wizard:clearDraft': () => undefined,
      'wizard:finish': () => ({ ok: true, state: READY }),
    });
    const w = useWizardStore();
    await w.start(wizardState({ whisper: { model: 'medium' } }));
    w.model.secrets['backend.database.password'] = 'pw';
    const r = await w.finish();
    expect(r?.ok).toBe(true);
    expect(useLaunchStore().screen).toBe('ready');
    const call = bridge.calls.find((c) => c.channel === 'wizard:finish')?.args as {
      config: unknown;
      secrets: unknown;
    };
    expect(call.secrets).toMatchObject({ 'backend.database.password': 'pw' });
    expect(JSON.stringify(call.config)).not.toContain('"pw"');
    expect(call.config).toMatchObject({ whisper: { model: 'medium' } });
    expect(bridge.calls.some((c) => c.channel === 'wizard:clearDraft')).toBe(true);
    expect(w.model.secrets).toEqual({});
  });

  it('Finish: a failure goes back to the step concerned, with the reason on the field', async () => {
    bridge = installFakeBridge({
      'wizard:loadDraft': () => null,
      'wizard:saveDraft': () => undefined,
      'wizard:finish': () => ({
        ok: false,
        stage: 'validate',
        failure: { code: 'invalid_config', message: 'Some settings need attention.' },
        problems: [
          { path: 'backend.auth.adminEmail', message: 'must be an e-mail address, like admin@example.com' },
        ],
        previousKept: true,
        canRestore: false,
      }),
    });
    const w = useWizardStore();
    await w.start(wizardState());
    w.goTo('review');
    await w.finish();
    expect(w.step).toBe('signin');
    expect(w.failure?.failure.message).toBe('Some settings need attention.');
    expect(w.model.errors['backend.auth.adminEmail']).toBe(
      'Must be an e-mail address, like admin@example.com.',
    );
    expect(useLaunchStore().state).toBeNull();
  });
});

describe('useSettingsStore', () => {
  const view = {
    config: {
      version: 1,
      apiBaseUrl: 'http://localhost:8000/api',
      backend: {
        embedded: true,
        host: '127.0.0.1',
        port: 8000,
        database: { host: 'db', port: 3306, user: 'u', password: '', database: 'd' },
        externalApis: {
          authApiUrl: 'https://a',
          difyApiUrl: 'https://d/v1',
          difyApiKey: '',
          difySttApiKey: '',
        },
        auth: { adminEmail: 'a@example.com', jwtSecret: '', jwtExpireHours: 24 },
      },
      whisper: {
        model: 'small',
        device: 'auto',
        computeType: 'int8',
        language: 'auto',
        downloadRoot: '',
        hubEndpoint: '',
        offline: false,
      },
    },
    source: { kind: 'user', path: '/u/config.json' },
    secretsStored: ['backend.database.password', 'backend.auth.jwtSecret'],
    warnings: [],
  };

  it('loads the current config with secrets marked stored, and Cancel (reset) discards edits', async () => {
    bridge = installFakeBridge({ 'config:get': () => view });
    const s = useSettingsStore();
    await s.load();
    expect(s.loaded).toBe(true);
    expect(s.model.values.backend.database.port).toBe(3306);
    expect(s.model.stored).toEqual(['backend.database.password', 'backend.auth.jwtSecret']);
    s.model.values.backend.database.host = 'changed';
    s.model.secrets['backend.database.password'] = 'new';
    s.reset();
    expect(s.model.values.backend.database.host).toBe('db');
    expect(s.model.secrets).toEqual({});
  });

  it('a failed save keeps the values and says why', async () => {
    bridge = installFakeBridge({
      'config:get': () => view,
      'config:save': () => ({
        ok: false,
        stage: 'health',
        failure: { code: 'database_error', message: 'The database refused the user.' },
        problems: [],
        previousKept: false,
        canRestore: true,
      }),
    });
    const s = useSettingsStore();
    await s.load();
    s.model.values.backend.database.user = 'other';
    expect(await s.save()).toBe(false);
    expect(s.failure).toMatchObject({ stage: 'health', previousKept: false });
    expect(s.canRestore).toBe(true);
    expect(s.model.values.backend.database.user).toBe('other');
    const args = bridge.calls.find((c) => c.channel === 'config:save')?.args as { secrets: unknown };
    expect(args.secrets).toEqual({});
  });

  it('a successful save hands the new state to the launch store', async () => {
    bridge = installFakeBridge({
      'config:get': () => view,
      'config:save': () => ({ ok: true, state: READY }),
    });
    const s = useSettingsStore();
    await s.load();
    expect(await s.save()).toBe(true);
    expect(useLaunchStore().screen).toBe('ready');
  });

  it('says so when the config cannot be read', async () => {
    bridge = installFakeBridge();
    const s = useSettingsStore();
    await s.load();
    expect(s.loadError).toMatchObject({ code: 'internal' });
    expect(s.loaded).toBe(true);
  });
});
