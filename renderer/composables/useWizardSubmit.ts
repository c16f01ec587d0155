// What Next/Finish (and Enter) do in the wizard: validate the step, ask before leaving the
// Database step untested, re-check every step before Finish, and focus what needs attention.
import { nextTick, ref, watch } from 'vue';
import { validateStep } from '../lib/steps';
import { useLaunchStore } from '../stores/launch';
import { useWizardStore } from '../stores/wizard';
import { databaseFingerprint, useConnectionTests } from './useConnectionTests';
import { useFormValidation } from './useFormValidation';

export function useWizardSubmit() {
  const launch = useLaunchStore();
  const wizard = useWizardStore();
  const v = useFormValidation(
    wizard.model,
    () => wizard.step,
    () => wizard.base,
  );
  const tests = useConnectionTests(wizard.model);
  const askSkip = ref(false);
  const skippedFor = ref<string | null>(null);
  watch(
    () => wizard.step,
    () => (askSkip.value = false),
  );

  const untestedDatabase = () =>
    wizard.step === 'database' &&
    !tests.databasePassed.value &&
    skippedFor.value !== databaseFingerprint(wizard.model);

  async function finish(): Promise<void> {
    const bad = wizard.steps.find((s) => Object.keys(validateStep(s, wizard.model, wizard.base)).length > 0);
    if (bad) {
      wizard.goTo(bad);
      await nextTick();
      v.submit();
      return;
    }
    launch.progress = {};
    const result = await wizard.finish();
    if (result && !result.ok) {
      await nextTick();
      document.getElementById('finish-failure')?.focus();
    }
  }

  async function submit(): Promise<void> {
    if (wizard.finishing || !v.submit()) return;
    if (untestedDatabase()) askSkip.value = true;
    else if (wizard.step === 'review') await finish();
    else wizard.next();
  }

  function skipDatabaseTest(): void {
    skippedFor.value = databaseFingerprint(wizard.model);
    askSkip.value = false;
    wizard.next();
  }

  async function testNow(): Promise<void> {
    askSkip.value = false;
    await tests.testDatabase();
  }

  return { submit, askSkip, skipDatabaseTest, testNow };
}
