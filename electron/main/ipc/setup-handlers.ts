// The connection tests (setup:*): database, Dify and sign-in service through the backend sidecar
// in setup mode (answers checked with the schemas generated from the backend's models); the
// server-mode address test in main itself.
import { zTestAuthResponse, zTestDatabaseResponse, zTestDifyResponse } from '../../contract/api/zod.gen';
import type { IpcHandlers, ReachabilityResult, TestDatabaseResult, TestDifyResult } from '../../contract/ipc';
import { HealthSchema } from '../../contract/sidecar';
import { healthUrl } from '../health-gate';
import {
  SECRET_DESTINATION_CHANGED,
  databaseDestination,
  destinationChangedMessage,
  difyDestination,
  type BoundField,
} from '../secrets/destination';
import { HandlerError } from './dispatch';
import type { HandlerServices } from './handlers';

export type SetupHandlers = Pick<
  IpcHandlers,
  'setup:testDatabase' | 'setup:testDify' | 'setup:testAuth' | 'setup:testServer'
>;

const BACKEND_UNAVAILABLE = {
  ok: false as const,
  code: 'backend_unavailable' as const,
  message: 'The connection test could not run, because the app’s backend is not running.',
  hint: 'Show logs to see why the backend did not start, then try again.',
};

function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  return e?.cause?.code ?? (e?.name === 'TimeoutError' ? 'timeout' : (e?.message ?? String(err)));
}

export function createSetupHandlers(s: Pick<HandlerServices, 'controller' | 'fetch'>): SetupHandlers {
  const { controller } = s;
  const doFetch = s.fetch ?? fetch;

  /** A setup route's answer, checked with the schema generated from the backend's models. */
  async function viaBackend<T>(
    route: string,
    body: unknown,
    timeoutMs: number,
    parse: (v: unknown) => { success: true; data: T } | { success: false },
    unavailable: T,
  ): Promise<T> {
    let res;
    try {
      res = await controller.callSetupRoute(route, body, timeoutMs);
    } catch (err) {
      return { ...unavailable, message: `The app’s backend did not answer the test (${errorText(err)}).` };
    }
    if (!res) return unavailable;
    const parsed = parse(res.body);
    if (parsed.success) return parsed.data;
    return {
      ...unavailable,
      code: 'unknown',
      message: `The backend answered HTTP ${res.status} in an unexpected form.`,
    } as T;
  }

  /**
   * A secret the call left out: the stored one, only for the destination it was saved for. Anything
   * else is refused before a connection is made (a mistyped host must not receive the password).
   */
  async function storedFor(field: BoundField, destination: string | null): Promise<string> {
    const reuse = await controller.reusableSecret(field, destination);
    if (reuse.kind === 'changed')
      throw new HandlerError(SECRET_DESTINATION_CHANGED, destinationChangedMessage(field));
    return reuse.kind === 'reuse' ? reuse.value : '';
  }

  return {
    'setup:testDatabase': async (args): Promise<TestDatabaseResult> => {
      const password =
        args.password ?? (await storedFor('backend.database.password', databaseDestination(args)));
      const timeoutSeconds = args.timeoutSeconds ?? 5;
      return viaBackend<TestDatabaseResult>(
        'test-database',
        {
          host: args.host,
          port: args.port,
          user: args.user,
          password,
          database: args.database,
          ssl: args.ssl,
          sslCa: args.sslCa,
          timeoutSeconds,
        },
        (timeoutSeconds + 5) * 1000,
        (v) => zTestDatabaseResponse.safeParse(v),
        BACKEND_UNAVAILABLE,
      );
    },
    'setup:testDify': async (args): Promise<TestDifyResult> => {
      const apiKey = args.apiKey ?? (await storedFor(args.keyField, difyDestination(args.difyApiUrl)));
      return viaBackend<TestDifyResult>(
        'test-dify',
        { difyApiUrl: args.difyApiUrl, apiKey },
        20_000,
        (v) => zTestDifyResponse.safeParse(v),
        BACKEND_UNAVAILABLE,
      );
    },
    'setup:testAuth': async (args): Promise<ReachabilityResult> =>
      viaBackend<ReachabilityResult>(
        'test-auth',
        { authApiUrl: args.authApiUrl },
        20_000,
        (v) => zTestAuthResponse.safeParse(v),
        BACKEND_UNAVAILABLE,
      ),
    'setup:testServer': async (args) => {
      // Server mode has no local backend: main asks the company server itself.
      const started = performance.now();
      let url: string;
      try {
        url = healthUrl(new URL(args.apiBaseUrl).toString());
      } catch {
        return { ok: false, code: 'invalid_url', message: 'This is not a valid address.' };
      }
      try {
        const res = await doFetch(url, {
          signal: AbortSignal.timeout(5000),
          headers: { accept: 'application/json' },
        });
        let body: unknown = null;
        try {
          body = await res.json();
        } catch {
          body = null;
        }
        const health = HealthSchema.safeParse(body);
        if (!health.success)
          return {
            ok: false,
            code: 'not_meeting_backend',
            message: `${url} answered HTTP ${res.status}, but not as a Meeting Assistant server.`,
            hint: 'Check that the address ends with /api.',
          };
        return { ok: true, health: health.data, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        const code = errorText(err);
        return {
          ok: false,
          code:
            code === 'timeout'
              ? 'timeout'
              : code === 'ENOTFOUND'
                ? 'dns_failed'
                : code === 'ECONNREFUSED'
                  ? 'connection_refused'
                  : 'unreachable',
          message: `${url} could not be reached (${code}).`,
        };
      }
    },
  };
}
