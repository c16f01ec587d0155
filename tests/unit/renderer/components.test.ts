// @vitest-environment happy-dom
// The step forms mounted for real (Pinia, i18n, router) against a fake preload bridge.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import SecretField from '../../../renderer/components/SecretField.vue';
import { createAppI18n } from '../../../renderer/i18n';
import { routes } from '../../../renderer/router';
import { useLaunchStore } from '../../../renderer/stores/launch';
import WizardView from '../../../renderer/views/WizardView.vue';
import { installFakeBridge } from './fake-bridge';

let bridge: ReturnType<typeof installFakeBridge>;
afterEach(() => {
  bridge?.uninstall();
  document.body.innerHTML = '';
});

async function mountWizard(handlers: Record<string, (a: unknown) => unknown> = {}) {
  bridge = installFakeBridge({
    'wizard:loadDraft': () => null,
    'wizard:saveDraft': () => undefined,
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useLaunchStore().setState({
    screen: 'wizard',
    prefill: {},
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

const next = async (w: Awaited<ReturnType<typeof mountWizard>>) => {
  await w.find('form').trigger('submit');
  await flushPromises();
};

describe('WizardView', () => {
  it('server mode asks for the address and checks it', async () => {
    const w = await mountWizard();
    expect(w.find('#f-apiBaseUrl').exists()).toBe(false);
    await w.findAll('input[type="radio"]')[1]?.setValue(true);
    expect(w.find('#f-apiBaseUrl').exists()).toBe(true);
    expect(w.text()).toContain('Step 1 of 2');
    await next(w);
    expect(w.find('#f-apiBaseUrl-error').text()).toBe('This field is required.');
    expect(document.activeElement?.id).toBe('f-apiBaseUrl');
  });

  it('Database: a field is checked when it loses focus; the label and error are tied to the input', async () => {
    const w = await mountWizard();
    await next(w);
    const host = w.find('#f-backend-database-host');
    expect(w.find('label[for="f-backend-database-host"]').text()).toBe('Server host name or IP address');
    expect(w.find('#f-backend-database-host-error').text()).toBe('');
    await host.trigger('blur');
    expect(w.find('#f-backend-database-host-error').text()).toBe('This field is required.');
    expect(host.attributes('aria-invalid')).toBe('true');
    expect(host.attributes('aria-describedby')).toContain('f-backend-database-host-error');
    expect(w.find('#f-backend-database-host-error').attributes('aria-live')).toBe('polite');
    await host.setValue('db.example.com');
    expect(w.find('#f-backend-database-host-error').text()).toBe('');
    expect((w.find('#f-backend-database-port').element as HTMLInputElement).value).toBe('33306');
  });

  it('Database: submit shows every error and focuses the first', async () => {
    const w = await mountWizard();
    await next(w);
    await next(w);
    expect(document.activeElement?.id).toBe('f-backend-database-host');
    expect(w.find('#f-backend-database-user-error').text()).toBe('This field is required.');
    expect(w.text()).toContain('Step 2 of 5');
  });

  it('Database: moving on without a passing test needs an explicit confirmation', async () => {
    const w = await mountWizard({
      'setup:testDatabase': () => ({
        ok: false,
        code: 'access_denied',
        message: "Access denied for user 'u'",
      }),
    });
    await next(w);
    await w.find('#f-backend-database-host').setValue('db.example.com');
    await w.find('#f-backend-database-user').setValue('u');
    await w.find('#f-backend-database-database').setValue('meetings');
    await w.find('#test-database').trigger('click');
    await flushPromises();
    expect(w.find('.test__result').text()).toContain('refused this user name and password');
    expect(w.find('.test__result').text()).toContain("Access denied for user 'u'");
    await next(w);
    expect(w.find('[role="alertdialog"]').exists()).toBe(true);
    expect(document.activeElement?.id).toBe('skip-db-confirm');
    expect(w.text()).toContain('Step 2 of 5');
    await w.find('#skip-db-confirm').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('Step 3 of 5');
  });

  it('Database: a passing test shows the server version and needs no confirmation', async () => {
    const w = await mountWizard({
      'setup:testDatabase': () => ({ ok: true, serverVersion: '10.11.6-MariaDB', latencyMs: 12.4 }),
    });
    await next(w);
    await w.find('#f-backend-database-host').setValue('db.example.com');
    await w.find('#f-backend-database-user').setValue('u');
    await w.find('#f-backend-database-database').setValue('meetings');
    await w.find('#test-database').trigger('click');
    await flushPromises();
    expect(w.find('.test__result').text()).toContain('Connected to 10.11.6-MariaDB in 12 ms.');
    await next(w);
    expect(w.text()).toContain('Step 3 of 5');
  });
});

describe('SecretField', () => {
  it('a stored secret is masked until Replace', async () => {
    const w = mount(SecretField, {
      props: {
        path: 'backend.database.password',
        label: 'Password',
        stored: true,
        replacing: false,
        'onUpdate:replacing': (v: boolean) => w.setProps({ replacing: v }),
      },
      global: { plugins: [createAppI18n()] },
      attachTo: document.body,
    });
    expect(w.text()).toContain('stored in the system keychain');
    expect(w.find('input').exists()).toBe(false);
    await w.find('button').trigger('click');
    await flushPromises();
    expect(w.find('input[type="password"]').exists()).toBe(true);
    expect(w.text()).toContain('Keep the stored value');
  });
});
