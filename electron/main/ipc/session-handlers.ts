// session:get / session:signIn / session:signOut over the session manager. A SessionError
// becomes the `{code, message}` the renderer maps to a sentence (SESSION_ERROR_CODES).
import type { IpcHandlers } from '../../contract/ipc';
import { SESSION_EXPIRED, SessionError } from '../session/backend-auth';
import type { SessionManager } from '../session/session-manager';
import { HandlerError } from './dispatch';

export type SessionHandlers = Pick<IpcHandlers, 'session:get' | 'session:signIn' | 'session:signOut'>;

function asHandlerError(err: unknown): never {
  if (err instanceof SessionError)
    throw new HandlerError(err.code === SESSION_EXPIRED ? 'unexpected_response' : err.code, err.message);
  throw err;
}

export function createSessionHandlers(session: SessionManager): SessionHandlers {
  return {
    'session:get': () => session.get().catch(asHandlerError),
    'session:signIn': (args) => session.signIn(args).catch(asHandlerError),
    'session:signOut': () => session.signOut(),
  };
}
