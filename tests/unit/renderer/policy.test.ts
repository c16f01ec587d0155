// @vitest-environment happy-dom
// Locked fields in the wizard: read-only with "Set by your organisation", fully locked steps
// skipped, a draft cannot bring back another value, and a build without a backend offers server mode only.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../../../renderer/i18n';
import { unlockedSteps } from '../../../renderer/lib/steps';
import { routes } from '../../../renderer/router';
import { useLaunchStore } from '../../../renderer/stores/launch';
import WizardView from '../../../renderer/views/WizardView.vue';
import { installFakeBridge } from './fake-bridge';

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => {
  bridge?.uninstall();
  document.body.innerHTML = '';
});

async function mountWizard(
  policy: { locked: Record<string, unknown>; backendBundled?: boolean },
  prefill = {},
  draft: unknown = null,
) {
  bridge = installFakeBridge({
    'wizard:loadDraft': () => draft,
    'wizard:saveDraft': () => undefined,
    'config:policy': () => ({ backendBundled: true, ...policy }),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useLaunchStore().setState({
    screen: 'wizard',
    prefill,
    secretsStored: [],
    source: { kind: 'none', path: '/u/config.json' },
    targetPath: '/u/config.json',
  });
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/wizard');
  const wrapper = mount(WizardView, {
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n(), router] },
  });
  await flushPromises();
  return wrapper;
}

describe('unlockedSteps', () => {
  const lockedOf = (paths: string[]) => (p: string) => paths.includes(p);
  it('keeps every step when nothing is locked', () => {
    expect(unlockedSteps(true, lockedOf([]))).toEqual(['deployment', 'database', 'dify', 'signin', 'review']);
  });
  it('skips the deployment step when the mode and the server address are both locked', () => {
    expect(unlockedSteps(false, lockedOf(['backend.embedded', 'apiBaseUrl']))).toEqual(['review']);
    expect(unlockedSteps(false, lockedOf(['backend.embedded']))).toEqual(['deployment', 'review']);
    expect(unlockedSteps(true, lockedOf(['backend.embedded']))[0]).toBe('database');
  });
  it('never skips a step that asks for a secret', () => {
    const all = [
      'backend.database.host',
      'backend.database.port',
      'backend.database.user',
      'backend.database.database',
    ];
    expect(unlockedSteps(true, lockedOf(all))).toContain('database');
  });
});

describe('WizardView with a policy', () => {
  it('a locked field is read-only, says who set it, and a draft cannot change it', async () => {
    const w = await mountWizard(
      { locked: { 'backend.database.host': 'db.corp.example' } },
      { backend: { embedded: true, database: { host: 'db.corp.example' } } },
      {
        step: 'database',
        values: { backend: { embedded: true, database: { host: 'old.example' } } },
        savedAt: '2026-01-01T00:00:00Z',
      },
    );
    const host = w.find('#f-backend-database-host');
    expect(host.attributes('readonly')).toBeDefined();
    expect((host.element as HTMLInputElement).value).toBe('db.corp.example');
    expect(w.find('#f-backend-database-host-locked').text()).toBe('Set by your organisation');
    expect(host.attributes('aria-describedby')).toContain('f-backend-database-host-locked');
    expect(w.find('#f-backend-database-user').attributes('readonly')).toBeUndefined();
  });

  it('a fully locked deployment step is skipped: the wizard opens on Review', async () => {
    const w = await mountWizard(
      { locked: { 'backend.embedded': false, apiBaseUrl: 'https://meet.corp.example/api' } },
      { apiBaseUrl: 'https://meet.corp.example/api', backend: { embedded: false } },
    );
    expect(w.text()).toContain('Step 1 of 1');
    expect(w.find('#step-deployment-title').exists()).toBe(false);
  });

  it('a build without a backend offers server mode only, and says why', async () => {
    const w = await mountWizard({ locked: {}, backendBundled: false }, { backend: { embedded: true } });
    const radios = w.findAll('input[type="radio"]');
    expect(radios.map((r) => r.attributes('disabled') !== undefined)).toEqual([true, true]);
    expect((radios[1]?.element as HTMLInputElement).checked).toBe(true);
    expect(w.find('#f-apiBaseUrl').exists()).toBe(true);
    expect(w.text()).toContain('no built-in backend');
  });
});
