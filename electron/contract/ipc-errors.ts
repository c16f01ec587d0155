// What every IPC call answers (the envelope) and the codes it can fail with.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';

/** What main sends back for every invoke: the preload passes it through unchanged. */
export const IpcErrorSchema = z.object({ code: z.string(), message: z.string() });
export type IpcErrorShape = z.infer<typeof IpcErrorSchema>;
export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorShape };

/** The one place the plumbing codes live; the renderer maps each to a sentence (i18n). */
export const IPC_ERROR_CODES = [
  'invalid_arguments',
  'forbidden_sender',
  'unknown_channel',
  'internal',
] as const;

/**
 * A handler refused to send a stored secret (database password, Dify key) to a destination other
 * than the one it was saved for: the renderer asks for the secret again.
 */
export const SECRET_DESTINATION_CHANGED = 'secret_destination_changed';

/** Codes a handler answers with (HandlerError in main); each has a sentence in the renderer. */
export const HANDLER_ERROR_CODES = ['not_ready', 'unsafe_url', SECRET_DESTINATION_CHANGED] as const;
export type HandlerErrorCode = (typeof HANDLER_ERROR_CODES)[number];
/** Every code an IPC call can fail with. */
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number] | HandlerErrorCode;

/** Thrown in the renderer when main answers `{ok:false}`. */
export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}
