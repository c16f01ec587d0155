// The same supervisor runs the transcriber sidecar (no HTTP, ready on {"event":"ready"}).
import { afterEach, describe, expect, it } from 'vitest';
import type {
  TranscriberEvent,
  TranscriberReadyEvent,
  TranscriberSettings,
} from '../../../electron/contract/transcriber';
import { resolveSidecarCommand } from '../../../electron/main/sidecar/command';
import { Supervisor } from '../../../electron/main/sidecar/supervisor';
import { transcriberSpec } from '../../../electron/main/sidecar/transcriber-spec';
import { isAlive, recorder, REPO_ROOT, tempDir } from './helpers';

const running: Supervisor<TranscriberEvent, TranscriberReadyEvent>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function make(settings: Record<string, unknown>) {
  const rec = recorder();
  const sup = new Supervisor(
    transcriberSpec({
      command: () => resolveSidecarCommand({ name: 'transcriber', packaged: false, repoRoot: REPO_ROOT }),
      settings: async () => settings as TranscriberSettings,
    }),
    { emit: rec.emit, logsDir: tempDir(), readyTimeoutMs: 60_000 },
  );
  running.push(sup);
  return { sup, rec };
}

describe('transcriber sidecar under the supervisor', () => {
  it('becomes ready, and stop leaves no process', async () => {
    const { sup, rec } = make({ model: 'tiny', offline: true });
    const out = await sup.start();
    expect(out.ok, JSON.stringify(out)).toBe(true);
    if (!out.ok) return;
    expect(rec.events.map((e) => (e.payload as { state?: string }).state)).toContain('running');
    await sup.stop();
    expect(isAlive(out.pid)).toBe(false);
  });

  it('reports invalid settings as a fatal event', async () => {
    const { sup } = make({ model: 'tiny', bogus: true });
    expect(await sup.start()).toMatchObject({
      ok: false,
      failure: { code: 'invalid_settings', exitCode: 2 },
    });
  });
});
