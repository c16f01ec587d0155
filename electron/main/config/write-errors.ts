// The one error shape for failed config writes. The message is a plain sentence for the user and
// always says that the previous settings are unchanged, because the write is atomic.
import { errorCode } from './fs-ops';

export type ConfigWriteErrorCode =
  | 'invalid_config'
  | 'permission_denied'
  | 'read_only'
  | 'disk_full'
  | 'rename_failed'
  | 'no_backup'
  | 'unknown';

export class ConfigWriteError extends Error {
  override readonly name = 'ConfigWriteError';
  constructor(
    readonly code: ConfigWriteErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const UNCHANGED = 'The previous settings are unchanged.';

/** Turns a file-system error during a write into a ConfigWriteError with a plain message. */
export function toWriteError(
  error: unknown,
  target: string,
  step: 'read' | 'write' | 'rename',
): ConfigWriteError {
  if (error instanceof ConfigWriteError) return error;
  const code = errorCode(error);
  const where = `Could not save the settings to ${target}:`;
  switch (code) {
    case 'EROFS':
      return new ConfigWriteError('read_only', target, `${where} the disk is read-only. ${UNCHANGED}`, {
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      if (step === 'rename') {
        return new ConfigWriteError(
          'rename_failed',
          target,
          `${where} the file is in use or protected (another program, such as antivirus, may hold it). Close other programs and try again. ${UNCHANGED}`,
          { cause: error },
        );
      }
      return new ConfigWriteError(
        'permission_denied',
        target,
        `${where} permission denied; you may not write to this folder. ${UNCHANGED}`,
        { cause: error },
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new ConfigWriteError(
        'disk_full',
        target,
        `${where} the disk is full. Free some space and try again. ${UNCHANGED}`,
        {
          cause: error,
        },
      );
    default:
      return new ConfigWriteError(
        step === 'rename' ? 'rename_failed' : 'unknown',
        target,
        `${where} ${error instanceof Error ? error.message : String(error)}. ${UNCHANGED}`,
        { cause: error },
      );
  }
}
