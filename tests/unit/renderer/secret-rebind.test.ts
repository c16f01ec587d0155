// @vitest-environment happy-dom
// The settings screen when main refuses to send a stored secret to a changed destination
// (secret_destination_changed): the form says why and asks for the secret again.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../../../renderer/i18n';
import { routes } from '../../../renderer/router';
import { useLaunchStore } from '../../../renderer/stores/launch';
import SettingsView from '../../../renderer/views/SettingsView.vue';
import { installFakeBridge } from './fake-bridge';

const VIEW = {
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
  secretsStored: ['backend.database.password', 'backend.externalApis.difyApiKey', 'backend.auth.jwtSecret'],
  warnings: [],
};

const refuse = (message: string) => () => {
  throw Object.assign(new Error(message), { code: 'secret_destination_changed' });
};

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => {
  bridge?.uninstall();
  document.body.innerHTML = '';
});

async function mountSettings(handlers: Record<string, (a: unknown) => unknown>) {
  bridge = installFakeBridge({
    'config:get': () => VIEW,
    'model:getStatus': () => ({ state: 'idle' }),
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useLaunchStore().setState({
    screen: 'failed',
    failure: { code: 'x', message: 'x' },
    progress: [],
    canRestore: false,
  });
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/settings');
  const w = mount(SettingsView, {
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n(), router] },
  });
  await flushPromises();
  return w;
}

describe('settings: a stored secret whose destination changed', () => {
  it('Test database after changing the host says the password is needed again and opens its field', async () => {
    const w = await mountSettings({
      'setup:testDatabase': refuse('The password is needed again because the server changed.'),
    });
    expect(w.find('#f-backend-database-password').exists()).toBe(false); // masked: stored
    await w.find('#f-backend-database-host').setValue('db2');
    await w.find('#test-database').trigger('click');
    await flushPromises();
    const args = bridge.calls.find((c) => c.channel === 'setup:testDatabase')?.args;
    expect(args).toMatchObject({ host: 'db2' });
    expect(args).not.toHaveProperty('password');
    const said = 'The password is needed again because the server changed.';
    expect(w.find('#test-database').element.parentElement?.textContent).toContain(said);
    expect(w.find('#f-backend-database-password').exists()).toBe(true);
    expect(w.find('#f-backend-database-password-error').text()).toBe(said);
  });

  it('Test Dify after changing the address says the key is needed again', async () => {
    const w = await mountSettings({ 'setup:testDify': refuse('The API key is needed again.') });
    await w.find('#f-backend-externalApis-difyApiUrl').setValue('https://elsewhere/v1');
    await w.find('#test-difyApiKey').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('The API key is needed again because the Dify address changed.');
    expect(w.find('#f-backend-externalApis-difyApiKey').exists()).toBe(true);
  });

  it('Save refused for the same reason opens the field with main’s sentence under it', async () => {
    const w = await mountSettings({
      'config:save': () => ({
        ok: false,
        stage: 'validate',
        failure: { code: 'secret_destination_changed', message: 'A stored secret is needed again.' },
        problems: [
          {
            path: 'backend.database.password',
            message: 'The password is needed again because the server changed.',
          },
        ],
        previousKept: true,
        canRestore: false,
      }),
    });
    await w.find('#f-backend-database-host').setValue('db2');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(bridge.calls.some((c) => c.channel === 'config:save')).toBe(true);
    expect(w.find('#f-backend-database-password').exists()).toBe(true);
    expect(w.find('#f-backend-database-password-error').text()).toBe(
      'The password is needed again because the server changed.',
    );
  });
});
