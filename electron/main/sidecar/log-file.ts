// One log file per sidecar (<userData>/logs/<name>.log), rotated by size: when the next line
// would push it past `maxBytes`, the file becomes <name>.log.1 (replacing the older one).
// Writes are synchronous so lines keep their order and survive a crash of main right after.
import fs from 'node:fs';
import path from 'node:path';
import type { Redact } from './redact';

export interface LineLog {
  readonly path: string;
  write(line: string): void;
}

export interface RotatingLog extends LineLog {
  /** Secrets become known only when a sidecar starts; the supervisor swaps the redactor then. */
  setRedactor(r: Redact): void;
}

export interface RotatingLogOptions {
  maxBytes?: number;
  redact?: Redact;
  now?: () => Date;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;

export function createRotatingLog(file: string, opts: RotatingLogOptions = {}): RotatingLog {
  const maxBytes = opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const now = opts.now ?? (() => new Date());
  let redact: Redact = opts.redact ?? ((s) => s);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    size = 0;
  }
  const log = {
    path: file,
    write(line: string): void {
      const text = `${now().toISOString()} ${redact(line.replace(/\r?\n$/, ''))}\n`;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) {
        try {
          fs.renameSync(file, `${file}.1`);
        } catch {
          // If rotation fails (e.g. locked on Windows), keep appending rather than lose the line.
        }
        size = 0;
        try {
          size = fs.statSync(file).size;
        } catch {
          size = 0;
        }
      }
      try {
        fs.appendFileSync(file, text, { mode: 0o600 });
        size += bytes;
      } catch {
        // A log that cannot be written must not take the app down.
      }
    },
    setRedactor(r: Redact): void {
      redact = r;
    },
  };
  return log;
}

/** The last `lines` lines of a log (and of its rotated predecessor when the current one is short). */
export function tailLog(file: string, lines: number): string[] {
  const read = (p: string): string[] => {
    try {
      return fs
        .readFileSync(p, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0);
    } catch {
      return [];
    }
  };
  let out = read(file);
  if (out.length < lines) out = [...read(`${file}.1`), ...out];
  return out.slice(-lines);
}
