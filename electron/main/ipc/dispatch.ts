// Every IPC call goes through here: known channel, trusted sender, arguments parsed with the
// contract's zod schema, then the handler, whose result is parsed with the contract's result
// schema; what is sent is the parsed result, so fields outside the contract are dropped.
// Whatever happens, the caller gets an IpcEnvelope; nothing is thrown across the bridge (so no
// "Error invoking remote method" prefix either).
import {
  ipcContract,
  type Channel,
  type HandlerErrorCode,
  type IpcEnvelope,
  type IpcHandlers,
} from '../../contract/ipc';
import type { SessionErrorCode } from '../../contract/session';

export interface SenderInfo {
  /** URL of the frame that sent the call (event.senderFrame.url). */
  url: string;
}

export interface DispatchOptions {
  isTrustedSender: (sender: SenderInfo) => boolean;
  /** Where unexpected handler errors are recorded (never shown raw to the user). */
  onError?: (channel: string, err: unknown) => void;
}

export type Dispatch = (
  channel: string,
  rawArgs: unknown,
  sender: SenderInfo,
) => Promise<IpcEnvelope<unknown>>;

/**
 * A handler may throw this to return a specific code and a plain message to the renderer. The
 * session channels' codes have their own catalogue section (SESSION_ERROR_CODES).
 */
export class HandlerError extends Error {
  constructor(
    readonly code: HandlerErrorCode | SessionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}

function isChannel(channel: string): channel is Channel {
  return Object.prototype.hasOwnProperty.call(ipcContract, channel);
}

export function createDispatcher(handlers: IpcHandlers, opts: DispatchOptions): Dispatch {
  return async (channel, rawArgs, sender) => {
    if (typeof channel !== 'string' || !isChannel(channel))
      return {
        ok: false,
        error: { code: 'unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 80)}` },
      };
    let trusted = false;
    try {
      trusted = opts.isTrustedSender(sender);
    } catch {
      trusted = false;
    }
    if (!trusted)
      return {
        ok: false,
        error: { code: 'forbidden_sender', message: 'This call did not come from the app’s own window.' },
      };
    const parsed = ipcContract[channel].args.safeParse(rawArgs);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
        .join('; ');
      return {
        ok: false,
        error: { code: 'invalid_arguments', message: `Invalid arguments for ${channel}: ${detail}` },
      };
    }
    try {
      const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      // A handler answering outside the contract is a bug in main: report it, don't pass it on.
      const checked = ipcContract[channel].result.safeParse(value);
      if (!checked.success) {
        opts.onError?.(channel, new Error(`result does not match the contract: ${checked.error.message}`));
        return {
          ok: false,
          error: {
            code: 'internal',
            message: 'Something went wrong in the app. Details are in the app log.',
          },
        };
      }
      // The parsed data, not the handler's object: a field outside the contract never reaches the
      // renderer.
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof HandlerError) return { ok: false, error: { code: err.code, message: err.message } };
      opts.onError?.(channel, err);
      return {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong in the app. Details are in the app log.' },
      };
    }
  };
}
