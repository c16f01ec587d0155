// One Meeting Assistant per user: a second launch hands over to the first and stops at once
// (before it reads a config, touches the keychain or starts a sidecar). Pure: index.ts passes
// Electron's app.requestSingleInstanceLock / app.quit / 'second-instance' in.

export interface InstanceHooks {
  /** app.requestSingleInstanceLock(): false when another instance holds it. */
  requestLock(): boolean;
  quit(): void;
  /** app.on('second-instance', ...): another launch was handed over to this one. */
  onSecondInstance(listener: () => void): void;
}

/** The part of a BrowserWindow needed to bring it to the front. */
export interface Focusable {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Brings the window to the front (restored if minimized); false when there is none yet. */
export function focusWindow(win: Focusable | null): boolean {
  if (!win || win.isDestroyed()) return false;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  return true;
}

/**
 * Takes the single-instance lock. The first instance gets true and, from then on, focuses its
 * window whenever another launch is handed over. A second instance quits and gets false: the
 * caller must not initialise anything more.
 */
export function claimSingleInstance(hooks: InstanceHooks, window: () => Focusable | null): boolean {
  if (!hooks.requestLock()) {
    hooks.quit();
    return false;
  }
  hooks.onSecondInstance(() => focusWindow(window()));
  return true;
}
