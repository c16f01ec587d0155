// @vitest-environment happy-dom
// The startup screen: live launch steps (attempt n of N, model bytes and %) and the failure actions.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../../../renderer/i18n';
import { routes } from '../../../renderer/router';
import { useLaunchStore } from '../../../renderer/stores/launch';
import StartupView from '../../../renderer/views/StartupView.vue';
import { installFakeBridge } from './fake-bridge';

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => bridge?.uninstall());

async function mountStartup() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/startup');
  const wrapper = mount(StartupView, { global: { plugins: [pinia, createAppI18n(), router] } });
  return { wrapper, launch: useLaunchStore(), router };
}

describe('StartupView', () => {
  it('shows each step live: backend attempt n of N, and the model download in bytes and %', async () => {
    bridge = installFakeBridge();
    const { wrapper, launch } = await mountStartup();
    launch.init();
    launch.setState({ screen: 'starting', progress: [{ step: 'config', state: 'done' }] });
    bridge.emit('launch:progress', { step: 'spawning', state: 'done' });
    bridge.emit('launch:progress', { step: 'waiting', state: 'active', attempt: 3, attempts: 30 });
    bridge.emit('launch:progress', { step: 'model', state: 'active' });
    bridge.emit('model:progress', {
      file: 'model.bin',
      downloadedBytes: 120_000_000,
      totalBytes: 480_000_000,
      bytesPerSecond: 2_500_000,
    });
    await flushPromises();
    const text = wrapper.text();
    expect(text).toContain('Starting Meeting Assistant');
    expect(text).toContain('Waiting for the backend to answer (attempt 3 of 30)');
    expect(text).toContain('Downloading model.bin');
    expect(text).toContain('120.0 MB of 480.0 MB (25%), 2.5 MB/s');
    expect(wrapper.find('[data-step="waiting"]').attributes('aria-current')).toBe('step');
    expect(wrapper.find('progress').attributes('value')).toBe('120000000');
    launch.dispose();
  });

  it("says the server can't resume when a download starts over", async () => {
    bridge = installFakeBridge();
    const { wrapper, launch } = await mountStartup();
    launch.init();
    launch.setState({ screen: 'starting', progress: [{ step: 'model', state: 'active' }] });
    bridge.emit('model:progress', {
      file: 'model.bin',
      downloadedBytes: 4096,
      totalBytes: 480_000_000,
      bytesPerSecond: 0,
      restarted: 'range_ignored',
    });
    await flushPromises();
    expect(wrapper.text()).toContain("This server can't resume; starting over");
    launch.dispose();
  });

  it('offers Cancel for the model download when main provides model:cancel', async () => {
    bridge = installFakeBridge();
    const api = (window as unknown as { meetingAssistant: Record<string, Record<string, unknown>> })
      .meetingAssistant;
    api.model = { cancel: async () => ({ ok: true, value: { state: 'cancelled' } }) };
    const { wrapper, launch } = await mountStartup();
    launch.init();
    launch.setState({ screen: 'starting', progress: [{ step: 'model', state: 'active' }] });
    bridge.emit('model:progress', {
      file: 'model.bin',
      downloadedBytes: 1,
      totalBytes: 2,
      bytesPerSecond: 1,
    });
    await flushPromises();
    const cancel = wrapper.findAll('button').find((b) => b.text() === 'Cancel download');
    expect(cancel).toBeTruthy();
    await cancel?.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('The download was stopped.');
    launch.dispose();
  });

  it('on failure: the reason, Retry, Open settings, Show logs, and Restore when possible', async () => {
    bridge = installFakeBridge({
      'logs:tail': () => ({ path: '/u/logs/backend.log', lines: ['line one', 'password=[redacted]'] }),
      'app:retryLaunch': () => ({ screen: 'starting', progress: [] }),
    });
    const { wrapper, launch, router } = await mountStartup();
    launch.setState({
      screen: 'failed',
      failure: {
        code: 'database_error',
        message: 'The database did not answer.',
        hint: 'Check the network.',
        exitCode: 3,
      },
      progress: [{ step: 'database', state: 'failed' }],
      canRestore: true,
    });
    await flushPromises();
    expect(wrapper.text()).toContain('Meeting Assistant could not start');
    expect(wrapper.find('[data-testid="failure-message"]').text()).toBe('The database did not answer.');
    expect(wrapper.text()).toContain('The backend stopped with exit code 3.');
    const buttons = wrapper.findAll('button').map((b) => b.text());
    expect(buttons).toEqual(['Retry', 'Open settings', 'Show logs', 'Restore last working settings']);
    await wrapper.findAll('button')[2]?.trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="log-lines"]').text()).toBe('line one\npassword=[redacted]');
    await wrapper.findAll('button')[1]?.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('settings');
    await wrapper.findAll('button')[0]?.trigger('click');
    await flushPromises();
    expect(bridge.calls.some((c) => c.channel === 'app:retryLaunch')).toBe(true);
    expect(launch.screen).toBe('starting');
  });
});
