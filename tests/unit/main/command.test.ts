import { describe, expect, it } from 'vitest';
import { resolveSidecarCommand } from '../../../electron/main/sidecar/command';

describe('resolveSidecarCommand', () => {
  it('runs the venv module in development', () => {
    expect(
      resolveSidecarCommand({ name: 'backend', packaged: false, repoRoot: '/repo', platform: 'linux' }),
    ).toMatchObject({
      file: '/repo/sidecars/.venv/bin/python',
      args: ['-m', 'meeting_backend'],
    });
    expect(
      resolveSidecarCommand({ name: 'transcriber', packaged: false, repoRoot: 'C:\\repo', platform: 'win32' })
        .file,
    ).toBe('C:\\repo\\sidecars\\.venv\\Scripts\\python.exe');
  });
  it('runs the bundled executable when packaged', () => {
    expect(
      resolveSidecarCommand({
        name: 'backend',
        packaged: true,
        resourcesPath: '/opt/app/resources',
        repoRoot: '/x',
        platform: 'linux',
      }),
    ).toMatchObject({
      file: '/opt/app/resources/sidecars/backend/backend',
      args: [],
    });
    expect(
      resolveSidecarCommand({
        name: 'backend',
        packaged: true,
        resourcesPath: 'C:\\App\\resources',
        repoRoot: '/x',
        platform: 'win32',
      }).file,
    ).toBe('C:\\App\\resources\\sidecars\\backend\\backend.exe');
  });
  it('accepts the PyInstaller bundle names when packaging copied them as they are', () => {
    const exists = (p: string) => p === '/r/sidecars/meeting_transcriber/meeting_transcriber';
    expect(
      resolveSidecarCommand({
        name: 'transcriber',
        packaged: true,
        resourcesPath: '/r',
        repoRoot: '/x',
        platform: 'linux',
        exists,
      }).file,
    ).toBe('/r/sidecars/meeting_transcriber/meeting_transcriber');
  });
});
