// The wizard and the settings screen provide their form model; the step components inject it,
// so the same step forms serve both screens.
import { inject, provide, type InjectionKey, type Ref } from 'vue';
import type { FormModel } from '../lib/form';

export interface FormContext {
  model: FormModel;
  /** The config the form overlays (admin file, draft or current config). */
  base: Ref<Record<string, unknown>>;
  mode: 'wizard' | 'settings';
}

const KEY: InjectionKey<FormContext> = Symbol('form-model');

export function provideFormModel(ctx: FormContext): void {
  provide(KEY, ctx);
}

export function useFormModel(): FormContext {
  const ctx = inject(KEY);
  if (!ctx) throw new Error('useFormModel() needs provideFormModel() in a parent');
  return ctx;
}
