// The backend's sign-in routes (POST /api/login, POST /api/refresh, GET /api/me), called by main
// only. Every answer is checked with zod; every failure becomes a SessionError with a code from
// SESSION_ERROR_CODES (or `session_expired` for a token the backend no longer accepts).
import { z } from 'zod';
import { SESSION_ERROR_CODES, SessionUserSchema, type SessionErrorCode } from '../../contract/session';

export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

/** Where and how to call the API (LaunchController.apiAccess()). */
export interface ApiAccess {
  baseUrl: string;
  headers: Record<string, string>;
  /** Names the backend a token came from ('embedded' or the server's origin). */
  destination: string;
}

export const TokenAnswerSchema = z.object({
  token: z.string().min(1),
  expires_at: z.iso.datetime({ offset: true }),
  user: SessionUserSchema,
});
export type TokenAnswer = z.infer<typeof TokenAnswerSchema>;

const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  service_message: z.string().nullish(),
});

/** The backend no longer accepts the token (expired, revoked by a new secret, malformed). */
export const SESSION_EXPIRED = 'session_expired';
const TOKEN_CODES = new Set(['token_required', 'token_expired', 'token_invalid']);

export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode | typeof SESSION_EXPIRED,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

const KNOWN = new Set<string>(SESSION_ERROR_CODES);

function transportText(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return e?.cause?.code ?? e?.message ?? String(err);
}

export interface BackendAuthOptions {
  fetch?: FetchFn;
  /** Sign-in waits for the company service (10 s in the backend) and the database. */
  timeoutMs?: number;
}

export function createBackendAuth(opts: BackendAuthOptions = {}) {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 20_000;

  async function call<T>(
    access: ApiAccess,
    route: string,
    init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = `${access.baseUrl.replace(/\/+$/, '')}/${route}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method,
        headers: {
          accept: 'application/json',
          ...access.headers,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new SessionError(
        'backend_unreachable',
        `The Meeting Assistant backend at ${access.baseUrl} could not be reached (${transportText(err)}).`,
      );
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (res.ok) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      throw new SessionError(
        'unexpected_response',
        `The backend answered ${route} in a form this app does not know (HTTP ${res.status}).`,
      );
    }
    const error = ErrorBodySchema.safeParse(body);
    if (!error.success)
      throw new SessionError(
        'unexpected_response',
        `The backend answered ${route} with HTTP ${res.status} and no explanation.`,
      );
    const { code, service_message } = error.data;
    // A wrong password: the service's own words when it gave any (the renderer adds its sentence).
    const message = (code === 'invalid_credentials' && service_message) || error.data.message;
    if (TOKEN_CODES.has(code)) throw new SessionError(SESSION_EXPIRED, message);
    if (KNOWN.has(code)) throw new SessionError(code as SessionErrorCode, message);
    throw new SessionError('unexpected_response', message);
  }

  return {
    login: (access: ApiAccess, username: string, password: string) =>
      call(access, 'login', { method: 'POST', body: { username, password } }, TokenAnswerSchema),
    refresh: (access: ApiAccess, token: string) =>
      call(access, 'refresh', { method: 'POST', token }, TokenAnswerSchema),
    me: (access: ApiAccess, token: string) => call(access, 'me', { method: 'GET', token }, SessionUserSchema),
  };
}
export type BackendAuth = ReturnType<typeof createBackendAuth>;
