// Where a sidecar's program lives: the Python module of the dev venv during development, the
// PyInstaller --onedir executable under the app's resources when packaged.
import fs from 'node:fs';
import path from 'node:path';
import type { SidecarName } from '../../contract/sidecar';

export interface SidecarCommand {
  file: string;
  args: string[];
  cwd?: string;
  /** Extra environment for the child (merged over process.env). Never secrets. */
  env?: Record<string, string>;
}

export interface ResolveCommandOptions {
  name: SidecarName;
  packaged: boolean;
  /** process.resourcesPath of the packaged app. */
  resourcesPath?: string;
  /** The repository root (development). */
  repoRoot: string;
  platform?: NodeJS.Platform;
  /** For the packaged lookup (default fs.existsSync). */
  exists?: (p: string) => boolean;
}

const MODULES: Record<SidecarName, string> = {
  backend: 'meeting_backend',
  transcriber: 'meeting_transcriber',
};

export function resolveSidecarCommand(opts: ResolveCommandOptions): SidecarCommand {
  const platform = opts.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (opts.packaged) {
    if (!opts.resourcesPath) throw new Error('resourcesPath is required for a packaged app');
    const exists = opts.exists ?? fs.existsSync;
    // resources/sidecars/<name>/<name>; the PyInstaller bundles' own names are accepted as well
    // (sidecars/dist/meeting-backend/, sidecars/dist/meeting_transcriber/), so packaging may copy
    // sidecars/dist as it is. The first candidate is reported when none exists.
    const candidates = [opts.name, `meeting-${opts.name}`, `meeting_${opts.name}`].map((base) => {
      const dir = p.join(opts.resourcesPath!, 'sidecars', base);
      return { file: p.join(dir, platform === 'win32' ? `${base}.exe` : base), args: [], cwd: dir };
    });
    return candidates.find((c) => exists(c.file)) ?? candidates[0]!;
  }
  const sidecars = p.join(opts.repoRoot, 'sidecars');
  const python =
    platform === 'win32'
      ? p.join(sidecars, '.venv', 'Scripts', 'python.exe')
      : p.join(sidecars, '.venv', 'bin', 'python');
  return {
    file: python,
    args: ['-m', MODULES[opts.name]],
    cwd: p.join(sidecars, opts.name),
    env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  };
}
