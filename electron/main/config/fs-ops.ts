// The file operations the config core uses, behind one small interface so a test can hand in a
// version that fails at a chosen step (full disk at write, failed fsync, failed rename).
import * as fsp from 'node:fs/promises';

export interface FileHandleLike {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface ConfigFs {
  readFile(path: string): Promise<Buffer>;
  /** Opens a new file for writing; fails if it exists ('wx'). `mode` applies on POSIX only. */
  openExclusive(path: string, mode: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync of a folder, so a rename survives a power cut; not possible on Windows. */
  syncDir(path: string): Promise<void>;
}

export const nodeConfigFs: ConfigFs = {
  readFile: (path) => fsp.readFile(path),
  openExclusive: (path, mode) => fsp.open(path, 'wx', mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  async syncDir(path) {
    const handle = await fsp.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
