// Which fields the administrator's policy locks, for FormField and the step forms. The wizard and
// the settings screen provide it; without a provider nothing is locked.
import { inject, provide, type InjectionKey } from 'vue';

export interface LockedContext {
  isLocked(path: string): boolean;
  /** "Set by your organisation", in the user's language. */
  note: string;
}

const KEY: InjectionKey<LockedContext> = Symbol('locked-fields');
const NONE: LockedContext = { isLocked: () => false, note: '' };

export function provideLocked(ctx: LockedContext): void {
  provide(KEY, ctx);
}

export function useLocked(): LockedContext {
  return inject(KEY, NONE);
}
