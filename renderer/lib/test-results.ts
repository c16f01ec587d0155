// Turns connection-test results and errors into one plain sentence plus a hint (i18n keys).
import type {
  ReachabilityResult,
  TestDatabaseResult,
  TestDifyResult,
  TestServerResult,
} from '../../electron/contract/ipc';
import { IpcError } from '../../electron/contract/ipc';
import type { TestState } from './form';

export type Translate = (key: string, named?: Record<string, unknown>) => string;
type TE = (key: string) => boolean;

function coded(
  group: string,
  code: string,
  message: string,
  hint: string | undefined,
  t: Translate,
  te: TE,
): TestState {
  const known = te(`${group}.${code}.text`);
  const key = known ? `${group}.${code}` : `${group}.unknown`;
  const text = t(`${key}.text`);
  const ownHint = t(`${key}.hint`);
  return {
    status: 'fail',
    text,
    hint: ownHint || hint,
    // The backend's own words help IT; they never replace the sentence above.
    detail: message && message !== text ? message : undefined,
  };
}

export function describeDatabase(r: TestDatabaseResult, t: Translate, te: TE): TestState {
  if (r.ok)
    return {
      status: 'ok',
      text: t('database.ok', { version: r.serverVersion, ms: Math.round(r.latencyMs) }),
    };
  return coded('dbResult', r.code, r.message, r.hint, t, te);
}

export function describeDify(r: TestDifyResult, t: Translate, te: TE): TestState {
  if (r.ok) return { status: 'ok', text: t(r.speechToText ? 'dify.okStt' : 'dify.okNoStt') };
  return coded('difyResult', r.code, r.message, r.hint, t, te);
}

export function describeAuth(r: ReachabilityResult, t: Translate, te: TE): TestState {
  if (r.ok) {
    return {
      status: 'ok',
      text: r.status !== undefined ? t('signin.authOk', { status: r.status }) : t('signin.authOkNoStatus'),
    };
  }
  return coded('reachability', r.code, r.message, r.hint, t, te);
}

export function describeServer(r: TestServerResult, t: Translate, te: TE): TestState {
  if (r.ok) {
    const db = r.health.database ?? 'unknown';
    return {
      status: 'ok',
      text: t('deployment.ok', { version: r.health.version ?? '?', database: t(`main.db_${db}`) }),
    };
  }
  return coded('reachability', r.code, r.message, r.hint, t, te);
}

/** Any thrown error (usually IpcError) as one sentence. */
export function describeError(e: unknown, t: Translate, te: TE): string {
  if (e instanceof IpcError) {
    const key = `ipcErrors.${e.code}`;
    return te(key) ? t(key, { message: e.message }) : t('ipcErrors.fallback', { message: e.message });
  }
  return t('ipcErrors.fallback', { message: e instanceof Error ? e.message : String(e) });
}

export function errorState(e: unknown, t: Translate, te: TE): TestState {
  return { status: 'fail', text: describeError(e, t, te) };
}
