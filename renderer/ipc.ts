// The renderer's only door to main: `invoke` unwraps the envelope the preload returns and throws
// IpcError on failure; `onEvent`/`useEvents` subscribe to events pushed by main.
import { onScopeDispose } from 'vue';
import {
  IpcError,
  PRELOAD_GLOBAL,
  eventMethodName,
  splitChannel,
  type ArgsOf,
  type Channel,
  type EventName,
  type EventPayload,
  type IpcEnvelope,
  type ResultOf,
} from '../electron/contract/ipc';

export { IpcError };

type AnyFn = (...args: unknown[]) => unknown;

function bridge(): Record<string, Record<string, AnyFn>> | undefined {
  return (window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL] as
    Record<string, Record<string, AnyFn>> | undefined;
}

export function hasBridge(): boolean {
  return bridge() !== undefined;
}

/** Channels whose argument is `void` are called without one. */
type InvokeArgs<C extends Channel> = ArgsOf<C> extends void | undefined ? [] : [args: ArgsOf<C>];

export async function invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<ResultOf<C>> {
  const [domain, action] = splitChannel(channel);
  const fn = bridge()?.[domain]?.[action];
  if (typeof fn !== 'function') {
    throw new IpcError(bridge() ? 'unknown_channel' : 'no_bridge', `No preload method for ${channel}`);
  }
  let envelope: IpcEnvelope<ResultOf<C>>;
  try {
    envelope = (await fn(args[0])) as IpcEnvelope<ResultOf<C>>;
  } catch (e) {
    // Electron prefixes rejections with "Error invoking remote method '<channel>': ".
    const raw = e instanceof Error ? e.message : String(e);
    throw new IpcError('internal', raw.replace(/^Error invoking remote method '[^']*': (Error: )?/, ''));
  }
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new IpcError('internal', `Malformed answer on ${channel}`);
  }
  if (envelope.ok) return envelope.value;
  throw new IpcError(envelope.error.code, envelope.error.message);
}

/** Subscribes to one main-process event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  const events = bridge()?.events as Record<string, (cb: (p: unknown) => void) => () => void> | undefined;
  const subscribe = events?.[eventMethodName(event)];
  if (typeof subscribe !== 'function') return () => {};
  return subscribe((payload) => listener(payload as EventPayload<E>));
}

/** For components: subscriptions end with the component (or effect scope). */
export function useEvents() {
  const offs: Array<() => void> = [];
  onScopeDispose(() => offs.splice(0).forEach((off) => off()));
  return {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
      offs.push(onEvent(event, listener));
    },
  };
}
