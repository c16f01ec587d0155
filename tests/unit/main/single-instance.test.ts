// One instance per user (electron/main/single-instance.ts).
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, focusWindow, type Focusable } from '../../../electron/main/single-instance';

function fakeWindow(minimized = false) {
  const calls: string[] = [];
  const win: Focusable = {
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { win, calls };
}

describe('claimSingleInstance', () => {
  it('a second launch quits at once and initialises nothing', () => {
    const quit = vi.fn();
    const onSecondInstance = vi.fn();
    const primary = claimSingleInstance({ requestLock: () => false, quit, onSecondInstance }, () => null);
    expect(primary).toBe(false);
    expect(quit).toHaveBeenCalledOnce();
    expect(onSecondInstance).not.toHaveBeenCalled();
  });

  it('the first instance goes on, and focuses its window (restored) when launched again', () => {
    let handover: (() => void) | undefined;
    const quit = vi.fn();
    const { win, calls } = fakeWindow(true);
    const primary = claimSingleInstance(
      { requestLock: () => true, quit, onSecondInstance: (l) => (handover = l) },
      () => win,
    );
    expect(primary).toBe(true);
    expect(quit).not.toHaveBeenCalled();
    handover?.();
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('a hand-over before the window exists is harmless', () => {
    expect(focusWindow(null)).toBe(false);
    const { win, calls } = fakeWindow();
    expect(focusWindow({ ...win, isDestroyed: () => true })).toBe(false);
    expect(calls).toEqual([]);
  });
});
