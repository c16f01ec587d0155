// The sidecar version check (a half-updated installation) and the build stamp it relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuildInfo } from '../../../electron/main/build-info';
import { backendSpec } from '../../../electron/main/sidecar/backend-spec';
import { transcriberSpec } from '../../../electron/main/sidecar/transcriber-spec';
import { VERSION_MISMATCH, sidecarVersionFailure } from '../../../electron/main/sidecar/version-check';

describe('sidecarVersionFailure', () => {
  it('accepts the expected version, and anything when none is expected (development)', () => {
    expect(sidecarVersionFailure('backend', '1.2.0', '1.2.0')).toBeNull();
    expect(sidecarVersionFailure('backend', '0.0.1', undefined)).toBeNull();
  });

  it('refuses another version, or none, with a message naming both and what to do', () => {
    expect(sidecarVersionFailure('backend', '1.1.0', '1.2.0')).toEqual({
      code: VERSION_MISMATCH,
      message:
        'The backend program in this installation is version 1.1.0, but the app is version 1.2.0, so it was not started.',
      hint: expect.stringContaining('reinstall Meeting Assistant'),
    });
    expect(sidecarVersionFailure('transcriber', undefined, '1.2.0')?.message).toContain('version unknown');
  });
});

describe('the specs check the version before anything else', () => {
  const command = () => ({ file: 'x', args: [] });
  const proc = {} as never;

  it('backend: a mismatch fails the start before the health gate runs', async () => {
    let gateRan = false;
    const spec = backendSpec({
      command,
      settings: async () => ({ line: {}, secrets: [] }),
      gate: () => ({ attempts: 1, intervalMs: 100 }),
      fetch: async () => {
        gateRan = true;
        throw new Error('no');
      },
      expectedVersion: '2.0.0',
    });
    const ready = { event: 'listening', host: '127.0.0.1', port: 1, version: '1.0.0' } as never;
    expect(await spec.confirm!(proc, ready)).toMatchObject({ code: VERSION_MISMATCH });
    expect(gateRan).toBe(false);
  });

  it('transcriber: ready with another version is refused, the same version accepted', async () => {
    const spec = transcriberSpec({ command, settings: async () => ({}) as never, expectedVersion: '2.0.0' });
    expect(await spec.confirm!(proc, { event: 'ready', version: '1.0.0' })).toMatchObject({
      code: VERSION_MISMATCH,
    });
    expect(await spec.confirm!(proc, { event: 'ready', version: '2.0.0' })).toBeNull();
  });
});

describe('readBuildInfo', () => {
  it('reads the stamp, and reports a missing or damaged one as absent with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-build-info-'));
    try {
      expect(readBuildInfo(undefined)).toEqual({ info: null });
      expect(readBuildInfo(dir).problem).toContain('is missing');
      const info = {
        appVersion: '1.0.0',
        commit: 'abc',
        embeddedBackend: false,
        sidecars: { transcriber: '1.0.0' },
      };
      fs.writeFileSync(path.join(dir, 'build-info.json'), JSON.stringify(info));
      expect(readBuildInfo(dir)).toEqual({ info });
      fs.writeFileSync(path.join(dir, 'build-info.json'), '{');
      expect(readBuildInfo(dir)).toEqual({ info: null, problem: expect.stringContaining('not valid JSON') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
