// The signed-in session as the renderer sees it: who is signed in and until when. The token
// itself stays in main (electron/main/session/) and never appears in these shapes.
// ipc.ts merges `sessionContract` into the channel map. Browser-safe: no Node or Electron imports.
import { z } from 'zod';

export const SessionUserSchema = z.object({
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'user']),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** `null` = nobody is signed in. */
export const SessionViewSchema = z
  .object({
    user: SessionUserSchema,
    /** ISO timestamp: when the current token expires (main refreshes it before then). */
    expiresAt: z.string(),
    /** Whether the token is kept in the system keychain for the next start. */
    keepSignedIn: z.boolean(),
  })
  .nullable();
export type SessionView = z.infer<typeof SessionViewSchema>;

export const SignInArgsSchema = z.object({
  username: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(1024),
  keepSignedIn: z.boolean(),
});
export type SignInArgs = z.infer<typeof SignInArgsSchema>;

/**
 * Every code `session:signIn` can fail with; the renderer has one sentence for each
 * (renderer/i18n/en.ts `signInErrors`, typed against this list).
 */
export const SESSION_ERROR_CODES = [
  /** Wrong user name or password: the message carries the service's own words when it gave any. */
  'invalid_credentials',
  /** Too many failed sign-ins (the backend's limit, or the company service's 429). */
  'too_many_attempts',
  'rate_limited',
  /** The backend could not reach the company sign-in service. */
  'auth_unreachable',
  /** The company sign-in service answered, but not as a sign-in API. */
  'auth_service_error',
  'auth_not_configured',
  'database_unavailable',
  'schema_outdated',
  /** Main could not reach the backend (embedded: not running; server mode: the network). */
  'backend_unreachable',
  /** The backend answered in a form the app does not know. */
  'unexpected_response',
  /** The app has not finished starting, so there is no backend to sign in with. */
  'not_ready',
] as const;
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

const none = z.void();

export const sessionContract = {
  'session:get': { args: none, result: SessionViewSchema },
  'session:signIn': { args: SignInArgsSchema, result: SessionViewSchema.unwrap() },
  'session:signOut': { args: none, result: none },
} as const;

export const sessionEvents = {
  'session:changed': SessionViewSchema,
} as const;
