// Atomic replace of one file: write a temp file in the same folder (a rename is only atomic within
// one file system), fsync it, rename it over the target, then fsync the folder. If any step
// fails, the temp file is removed and the target is byte-for-byte what it was.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { errorCode, type ConfigFs } from './fs-ops';
import { toWriteError } from './write-errors';

export type AtomicWriteOptions = {
  fs: ConfigFs;
  platform: NodeJS.Platform;
  /** Waits between rename retries on Windows (injected so tests need not sleep). */
  sleep: (ms: number) => Promise<void>;
};

// Windows: renaming over a file that antivirus or the search indexer holds open fails for a
// moment with EPERM/EBUSY/EACCES; a few short retries almost always get through.
const WINDOWS_RENAME_RETRY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
const WINDOWS_RENAME_DELAYS_MS = [50, 100, 200, 400, 800];

async function renameWithRetry(from: string, to: string, opts: AtomicWriteOptions): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await opts.fs.rename(from, to);
    } catch (error) {
      const delay = WINDOWS_RENAME_DELAYS_MS[attempt];
      const retry = opts.platform === 'win32' && WINDOWS_RENAME_RETRY_CODES.has(errorCode(error) ?? '');
      if (!retry || delay === undefined) throw error;
      await opts.sleep(delay);
    }
  }
}

export function tempPathFor(target: string): string {
  // Dot-prefixed and .tmp-suffixed, so a crash leftover is easy to recognise and never mistaken
  // for config.json; the random part keeps two app instances from colliding.
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** `reportAs` is the file named in error messages (the user knows config.json, not its .bak). */
export async function atomicWrite(
  target: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions,
  reportAs: string = target,
): Promise<void> {
  const temp = tempPathFor(target);
  let step: 'write' | 'rename' = 'write';
  try {
    // 0600: only the user may read the file (POSIX only; on Windows the user-data folder's ACL
    // already limits access to the user, and Node ignores the mode apart from read-only).
    const handle = await opts.fs.openExclusive(temp, 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    step = 'rename';
    await renameWithRetry(temp, target, opts);
  } catch (error) {
    await opts.fs.unlink(temp).catch(() => undefined);
    throw toWriteError(error, reportAs, step);
  }
  if (opts.platform !== 'win32') {
    // Makes the rename itself durable. Best effort: the file is already in place, and some file
    // systems refuse fsync on a folder.
    await opts.fs.syncDir(path.dirname(target)).catch(() => undefined);
  }
}
