// @vitest-environment happy-dom
// App.vue follows main's launch state with the router, and announces backend crashes.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { LaunchState } from '../../../electron/contract/ipc';
import App from '../../../renderer/App.vue';
import { createAppI18n } from '../../../renderer/i18n';
import { routes } from '../../../renderer/router';
import { useLaunchStore } from '../../../renderer/stores/launch';
import { installFakeBridge } from './fake-bridge';

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => bridge?.uninstall());

const KEYCHAIN: LaunchState = {
  screen: 'keychain-unavailable',
  failure: { code: 'no_dbus', message: 'There is no D-Bus session.' },
};

async function mountApp(state: LaunchState) {
  bridge = installFakeBridge({
    'app:getLaunchState': () => state,
    'config:get': () => Promise.reject(new Error('x')),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/');
  const wrapper = mount(App, { global: { plugins: [pinia, createAppI18n(), router] } });
  await flushPromises();
  return { wrapper, router, launch: useLaunchStore() };
}

describe('App', () => {
  it('routes to the screen main decided', async () => {
    const { wrapper, router } = await mountApp(KEYCHAIN);
    expect(router.currentRoute.value.name).toBe('keychain');
    expect(wrapper.text()).toContain('The system keychain is not available');
    expect(wrapper.text()).toContain('There is no D-Bus session.');
  });

  it('leaves the user in settings unless the app became ready', async () => {
    const { router, launch } = await mountApp(KEYCHAIN);
    await router.push('/settings');
    launch.setState({ screen: 'starting', progress: [] });
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('settings');
  });

  it('announces a backend crash and its restart', async () => {
    const { wrapper } = await mountApp(KEYCHAIN);
    bridge.emit('sidecar:status', { sidecar: 'backend', state: 'restarting', attempt: 2, maxAttempts: 5 });
    await flushPromises();
    const alert = wrapper.find('.app-alerts [role="alert"]');
    expect(alert.text()).toBe('The backend stopped unexpectedly and is being restarted (attempt 2 of 5).');
    bridge.emit('sidecar:status', { sidecar: 'backend', state: 'running' });
    await flushPromises();
    expect(wrapper.find('.app-alerts [role="alert"]').exists()).toBe(false);
  });

  it('says so when opened outside the app', async () => {
    const pinia = createPinia();
    const router = createRouter({ history: createMemoryHistory(), routes });
    await router.push('/');
    const wrapper = mount(App, { global: { plugins: [pinia, createAppI18n(), router] } });
    await flushPromises();
    expect(wrapper.text()).toContain('not connected to the Meeting Assistant app');
  });
});
