// Field validation for one step of a form model, using the contract's schemas (lib/steps):
// a field is checked when it loses focus, every field on submit; submit focuses the first error.
// Errors live in the model, so the step component and the view around it share them.
import { nextTick, watch, type MaybeRefOrGetter, toValue } from 'vue';
import { useI18n } from 'vue-i18n';
import { fieldId, type FormModel } from '../lib/form';
import { fieldsOf, validateStep, type StepId } from '../lib/steps';

export function useFormValidation(
  model: FormModel,
  step: MaybeRefOrGetter<StepId>,
  base: MaybeRefOrGetter<unknown> = {},
) {
  const touched = new Set<string>();
  const { t } = useI18n();

  function current(): Record<string, string> {
    return validateStep(toValue(step), model, toValue(base));
  }

  function show(path: string, problems: Record<string, string>): void {
    if (problems[path]) model.errors[path] = problems[path] as string;
    else delete model.errors[path];
  }

  function blur(path: string): void {
    touched.add(path);
    show(path, current());
  }

  /** Validates every field of the step; focuses the first error. True when all is well. */
  function submit(): boolean {
    const problems = current();
    const fields = fieldsOf(toValue(step), model);
    for (const f of fields) {
      touched.add(f);
      show(f, problems);
    }
    const first = fields.find((f) => problems[f]);
    if (first) {
      void nextTick(() => document.getElementById(fieldId(first))?.focus());
      return false;
    }
    return true;
  }

  // Once a field has been checked, its message follows the value (it disappears when fixed).
  watch(
    () => [JSON.stringify(model.values), JSON.stringify(model.secrets), JSON.stringify(model.replacing)],
    () => {
      if (touched.size === 0) return;
      const problems = current();
      for (const f of touched) show(f, problems);
    },
  );

  /** Messages from lib/steps are sentences, or `i18n:<key>` for ones the renderer words itself. */
  function errorOf(path: string): string | undefined {
    const m = model.errors[path];
    return m?.startsWith('i18n:') ? t(m.slice(5)) : m;
  }

  return { blur, submit, errorOf };
}
