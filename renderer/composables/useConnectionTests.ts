// The Test buttons: each runs through main (and the backend sidecar) and stores its result,
// with a fingerprint of the values tested, in the form model.
import { computed, nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import { IpcError, SECRET_DESTINATION_CHANGED } from '../../electron/contract/ipc';
import { invoke } from '../ipc';
import type { FormModel, SecretField, TestState } from '../lib/form';
import {
  describeAuth,
  describeDatabase,
  describeDify,
  describeServer,
  errorState,
  type Translate,
} from '../lib/test-results';

export type DifyKeyField = 'backend.externalApis.difyApiKey' | 'backend.externalApis.difySttApiKey';

export function databaseFingerprint(model: FormModel): string {
  const d = model.values.backend.database;
  return JSON.stringify([
    d.host,
    d.port,
    d.user,
    d.database,
    d.ssl,
    d.sslCa,
    model.secrets['backend.database.password'] ?? '',
  ]);
}

export function useConnectionTests(model: FormModel) {
  const { t: rawT, te } = useI18n();
  const t = rawT as unknown as Translate;

  /**
   * Main refused to send the stored secret to a changed destination: open its field for typing,
   * and say why under it and beside the Test button.
   */
  async function askAgain(field: SecretField): Promise<TestState> {
    const text = t(`secret.rebind.${field.split('.').pop() ?? ''}`);
    model.replacing[field] = true;
    // After the field validation has reacted to the opened field (it would clear the message).
    await nextTick();
    model.errors[field] = text;
    return { status: 'fail', text };
  }

  async function run(
    key: string,
    fingerprint: string,
    action: () => Promise<TestState>,
    secret?: SecretField,
  ): Promise<TestState> {
    model.tests[key] = { status: 'running', text: '' };
    let state: TestState;
    try {
      state = await action();
    } catch (e) {
      state =
        secret && e instanceof IpcError && e.code === SECRET_DESTINATION_CHANGED
          ? await askAgain(secret)
          : errorState(e, t, te);
    }
    model.tests[key] = { ...state, fingerprint };
    return state;
  }

  const databasePassed = computed(
    () =>
      model.tests.database?.status === 'ok' &&
      model.tests.database.fingerprint === databaseFingerprint(model),
  );

  function testDatabase(): Promise<TestState> {
    const d = model.values.backend.database;
    const password = model.secrets['backend.database.password'];
    return run(
      'database',
      databaseFingerprint(model),
      async () =>
        describeDatabase(
          await invoke('setup:testDatabase', {
            host: d.host.trim(),
            port: Number(d.port),
            user: d.user,
            database: d.database,
            // The TLS the app will use (from config.json; the form has no field for it yet).
            ssl: d.ssl,
            sslCa: d.sslCa,
            // Omitted: main uses the password in the keychain, if it was saved for this server.
            ...(password ? { password } : {}),
          }),
          t,
          te,
        ),
      'backend.database.password',
    );
  }

  function testDify(keyField: DifyKeyField): Promise<TestState> {
    const url = model.values.backend.externalApis.difyApiUrl.trim();
    const apiKey = model.secrets[keyField];
    return run(
      keyField,
      JSON.stringify([url, apiKey ?? '']),
      async () =>
        describeDify(
          await invoke('setup:testDify', { difyApiUrl: url, keyField, ...(apiKey ? { apiKey } : {}) }),
          t,
          te,
        ),
      keyField,
    );
  }

  function testAuth(): Promise<TestState> {
    const url = model.values.backend.externalApis.authApiUrl.trim();
    return run('auth', url, async () =>
      describeAuth(await invoke('setup:testAuth', { authApiUrl: url }), t, te),
    );
  }

  function testServer(): Promise<TestState> {
    const url = model.values.apiBaseUrl.trim();
    return run('server', url, async () =>
      describeServer(await invoke('setup:testServer', { apiBaseUrl: url }), t, te),
    );
  }

  return { testDatabase, testDify, testAuth, testServer, databasePassed };
}
