// Every code main or a sidecar can send reaches the user as its own sentence, never as the
// catch-all "The test failed." or "The action failed: …" (renderer/lib/test-results.ts, i18n/en.ts).
import { describe, expect, it } from 'vitest';
import {
  AuthTestCodeSchema,
  DatabaseTestCodeSchema,
  DifyTestCodeSchema,
  HANDLER_ERROR_CODES,
  IPC_ERROR_CODES,
  IpcError,
  SERVER_TEST_CODES,
} from '../../../electron/contract/ipc';
import { createAppI18n } from '../../../renderer/i18n';
import en from '../../../renderer/i18n/en';
import {
  describeAuth,
  describeDatabase,
  describeDify,
  describeError,
  describeServer,
} from '../../../renderer/lib/test-results';

const i18n = createAppI18n();
const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});
const te = (key: string) => i18n.global.te(key);
const SERVER_WORDS = 'what the server said';
const failure = <C extends string>(code: C) => ({ ok: false as const, code, message: SERVER_WORDS });

describe('every check code has its own sentence', () => {
  it.each(DatabaseTestCodeSchema.options)('database: %s', (code) => {
    const state = describeDatabase(failure(code), t, te);
    expect(state.text).toBe(en.dbResult[code].text);
    expect(state.hint).toBe(en.dbResult[code].hint);
    if (code !== 'unknown') expect(state.text).not.toBe(en.dbResult.unknown.text);
  });

  it.each(DifyTestCodeSchema.options)('dify: %s', (code) => {
    const state = describeDify(failure(code), t, te);
    expect(state.text).toBe(en.difyResult[code].text);
    if (code !== 'unknown') expect(state.text).not.toBe(en.difyResult.unknown.text);
  });

  it.each(AuthTestCodeSchema.options)('company sign-in service: %s', (code) => {
    const state = describeAuth(failure(code), t, te);
    expect(state.text).toBe(en.reachability[code].text);
    if (code !== 'unknown') expect(state.text).not.toBe(en.reachability.unknown.text);
  });

  it.each(SERVER_TEST_CODES)('company server address: %s', (code) => {
    const state = describeServer(failure(code), t, te);
    expect(state.text).toBe(en.reachability[code].text);
    expect(state.text).not.toBe(en.reachability.unknown.text);
    // The server's own words stay available to IT as details.
    expect(state.detail).toBe(SERVER_WORDS);
  });
});

describe('every IPC error code has its own sentence', () => {
  it.each([...IPC_ERROR_CODES, ...HANDLER_ERROR_CODES])('%s', (code) => {
    const text = describeError(new IpcError(code, 'main’s words'), t, te);
    expect(text).toBe(t(`ipcErrors.${code}`, { message: 'main’s words' }));
    expect(text).not.toBe(t('ipcErrors.fallback', { message: 'main’s words' }));
  });
});

describe('MariaDB 1044 is not reported as a refused password', () => {
  it('says the sign-in worked and names both possibilities', () => {
    const state = describeDatabase(failure('database_access_denied'), t, te);
    expect(state.text).toContain('sign-in worked');
    expect(state.hint).toContain('no rights on the database');
    expect(state.hint).toContain('no database of this name exists');
    expect(`${state.text} ${state.hint}`).not.toMatch(/password/i);
  });

  it('keeps access_denied (1045) for a refused user name and password', () => {
    expect(describeDatabase(failure('access_denied'), t, te).text).toContain(
      'refused this user name and password',
    );
  });
});
