// A ConfigFs over the real file system that records everything written and can fail at a
// chosen step, to show that a failed write leaves the old config.json intact.
import { nodeConfigFs, type ConfigFs } from '../../../electron/main/config';

export type FaultStep = 'open' | 'write-partway' | 'sync' | 'rename';

export const fsError = (code: string, message = code) =>
  Object.assign(new Error(`${code}: ${message}`), { code });

export function faultFs(
  opts: { failAt?: FaultStep; failOn?: (path: string) => boolean; error?: Error } = {},
) {
  const written: Array<{ path: string; data: string }> = [];
  const applies = (step: FaultStep, path: string) => opts.failAt === step && (opts.failOn?.(path) ?? true);
  const error = () => opts.error ?? fsError('ENOSPC', 'no space left on device');
  const fs: ConfigFs = {
    ...nodeConfigFs,
    async openExclusive(path, mode) {
      if (applies('open', path)) throw error();
      const handle = await nodeConfigFs.openExclusive(path, mode);
      return {
        async writeFile(data) {
          const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
          written.push({ path, data: text });
          if (applies('write-partway', path)) {
            // Half the bytes reach the disk, then the disk is full.
            await handle.writeFile(text.slice(0, Math.floor(text.length / 2)));
            throw error();
          }
          await handle.writeFile(data);
        },
        async sync() {
          if (applies('sync', path)) throw fsError('EIO', 'i/o error');
          await handle.sync();
        },
        close: () => handle.close(),
      };
    },
    async rename(from, to) {
      if (applies('rename', to)) throw opts.error ?? fsError('EXDEV', 'cross-device link not permitted');
      await nodeConfigFs.rename(from, to);
    },
  };
  return { fs, written };
}
