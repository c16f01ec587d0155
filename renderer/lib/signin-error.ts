// A failed sign-in as one sentence from the catalogue (sessionErrors, typed against
// SESSION_ERROR_CODES), plus main's own words (the service's message for a wrong password).
import { IpcError } from '../../electron/contract/ipc';
import { SESSION_ERROR_CODES, type SessionErrorCode } from '../../electron/contract/session';
import { describeError, type Translate } from './test-results';

export interface SignInFailure {
  code: string;
  text: string;
  /** The sign-in service's or backend's own words, when they add something. */
  detail?: string;
}

const isSessionCode = (code: string): code is SessionErrorCode =>
  (SESSION_ERROR_CODES as readonly string[]).includes(code);

export function describeSignInError(e: unknown, t: Translate, te: (key: string) => boolean): SignInFailure {
  if (e instanceof IpcError && isSessionCode(e.code)) {
    const text = t(`sessionErrors.${e.code}`, { message: e.message });
    const detail = e.message && !text.includes(e.message) ? e.message : undefined;
    return { code: e.code, text, detail };
  }
  return { code: e instanceof IpcError ? e.code : 'internal', text: describeError(e, t, te) };
}
