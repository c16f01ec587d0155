// @vitest-environment happy-dom
// The sign-in screen and the route to it: shown after a ready launch when nobody is signed in;
// errors from the catalogue with the service's own words; Enter submits; focus moves to the error.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { LaunchState } from '../../../electron/contract/ipc';
import type { SessionView } from '../../../electron/contract/session';
import App from '../../../renderer/App.vue';
import { createAppI18n } from '../../../renderer/i18n';
import { routes } from '../../../renderer/router';
import { installFakeBridge, type FakeHandler } from './fake-bridge';

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => bridge?.uninstall());

const READY = {
  screen: 'ready',
  status: {
    mode: 'embedded',
    apiBaseUrl: 'http://127.0.0.1:8123/api',
    health: { status: 'ok', mode: 'normal', version: '1.0.0', database: 'ok' },
    config: { kind: 'user', path: '/tmp/config.json' },
    appVersion: '1.0.0',
    logsDir: '/tmp/logs',
    readySince: new Date(0).toISOString(),
  },
} satisfies LaunchState;
const ALICE: NonNullable<SessionView> = {
  user: { email: 'alice@example.com', name: 'Alice Chen', role: 'user' },
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  keepSignedIn: false,
};

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

async function mountApp(session: SessionView, extra: Record<string, FakeHandler> = {}) {
  bridge = installFakeBridge({
    'app:getLaunchState': () => READY,
    'app:getStatus': () => READY.status,
    'session:get': () => session,
    'model:getStatus': () => ({ state: 'idle' }),
    ...extra,
  });
  setActivePinia(createPinia());
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/');
  const wrapper = mount(App, {
    global: { plugins: [createPinia(), createAppI18n(), router] },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router };
}

async function typeAndEnter(wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper'], password: string) {
  await wrapper.find('#signin-username').setValue('alice');
  await wrapper.find('#signin-password').setValue(password);
  // Enter in a field submits the form.
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('sign-in', () => {
  it('a ready app with nobody signed in shows the sign-in, with labelled fields', async () => {
    const { wrapper, router } = await mountApp(null);
    expect(router.currentRoute.value.name).toBe('signin');
    expect(wrapper.find('label[for="signin-username"]').text()).toBe('Company user name or e-mail');
    expect(wrapper.find('label[for="signin-password"]').text()).toBe('Password');
    expect(wrapper.text()).toContain('Keep me signed in');
    wrapper.unmount();
  });

  it('a kept session goes straight to the main view, which names the user', async () => {
    const { wrapper, router } = await mountApp(ALICE);
    expect(router.currentRoute.value.name).toBe('main');
    expect(wrapper.find('[data-testid="signed-in"]').text()).toContain('Alice Chen (alice@example.com)');
    wrapper.unmount();
  });

  it('signs in with what was typed and reaches the main view', async () => {
    const { wrapper, router } = await mountApp(null, { 'session:signIn': () => ALICE });
    await wrapper.find('input[type="checkbox"]').setValue(true);
    await typeAndEnter(wrapper, 'secret');
    expect(bridge.calls.find((c) => c.channel === 'session:signIn')?.args).toEqual({
      username: 'alice',
      password: 'secret',
      keepSignedIn: true,
    });
    expect(router.currentRoute.value.name).toBe('main');
    wrapper.unmount();
  });

  it('a wrong password shows the catalogue sentence and the service’s own message, focused', async () => {
    const { wrapper, router } = await mountApp(null, {
      'session:signIn': () => fail('invalid_credentials', '帳號或密碼錯誤'),
    });
    await typeAndEnter(wrapper, 'wrong');
    const alert = wrapper.find('[data-testid="signin-error"]');
    expect(alert.text()).toContain('The user name or password is not correct.');
    expect(alert.text()).toContain('帳號或密碼錯誤');
    expect(document.activeElement).toBe(alert.element);
    expect((wrapper.find('#signin-password').element as HTMLInputElement).value).toBe('');
    expect(wrapper.find('[data-testid="signin-settings-link"]').exists()).toBe(false);
    expect(router.currentRoute.value.name).toBe('signin');
    wrapper.unmount();
  });

  it('an unreachable service has its own sentence and a link to the settings', async () => {
    const { wrapper, router } = await mountApp(null, {
      'session:signIn': () => fail('auth_unreachable', 'The company sign-in service could not be reached.'),
    });
    await typeAndEnter(wrapper, 'secret');
    const alert = wrapper.find('[data-testid="signin-error"]');
    expect(alert.text()).toContain('cannot be reached right now');
    await wrapper.find('[data-testid="signin-settings-link"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('settings');
    wrapper.unmount();
  });

  it('an empty field is named and focused, and nothing is sent', async () => {
    const { wrapper } = await mountApp(null, { 'session:signIn': () => ALICE });
    await wrapper.find('#signin-username').setValue('alice');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#signin-password-error').text()).toBe('This field is required.');
    expect(document.activeElement?.id).toBe('signin-password');
    expect(bridge.calls.some((c) => c.channel === 'session:signIn')).toBe(false);
    wrapper.unmount();
  });

  it('signing out from the main view goes back to the sign-in', async () => {
    const { wrapper, router } = await mountApp(ALICE, { 'session:signOut': () => undefined });
    await wrapper.find('[data-testid="sign-out"]').trigger('click');
    await flushPromises();
    expect(bridge.calls.some((c) => c.channel === 'session:signOut')).toBe(true);
    expect(router.currentRoute.value.name).toBe('signin');
    wrapper.unmount();
  });
});
