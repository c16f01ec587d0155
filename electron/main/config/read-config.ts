// readConfigFile: reads and validates one config.json. Never throws and never writes: a file that
// cannot be read, parsed or validated comes back as 'invalid' with every problem, so the caller
// can show them and the file is left exactly as the administrator wrote it.
import { validateConfig, type Config, type ConfigProblem } from '../../contract/config';
import { errorCode, nodeConfigFs, type ConfigFs } from './fs-ops';
import { parseJsonText } from './json-syntax';

export type ReadResult =
  | { status: 'missing' }
  | { status: 'ok'; config: Config; raw: unknown; warnings: ConfigProblem[] }
  | { status: 'invalid'; problems: ConfigProblem[]; warnings: ConfigProblem[]; raw?: unknown };

const fileProblem = (message: string): ReadResult => ({
  status: 'invalid',
  problems: [{ path: '', message }],
  warnings: [],
});

function readErrorMessage(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied; check who may read this file';
    case 'EISDIR':
      return 'is a folder, not a file; point to the config.json inside it';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}

/** Text of the file, or the reason it is not UTF-8 text. */
export function decodeConfigText(bytes: Uint8Array): { text: string } | { problem: string } {
  // Notepad's "Unicode" encoding is UTF-16 with a byte-order mark; say so rather than "bad JSON".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: 'is saved as UTF-16; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)' };
  }
  try {
    // TextDecoder drops a UTF-8 byte-order mark (Notepad writes one) by default.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'is not UTF-8 text; save it as UTF-8' };
  }
}

/** Parses config text (already decoded) into the same result shape as readConfigFile. */
export function parseConfigText(text: string): ReadResult {
  if (text.trim() === '') {
    return fileProblem('is empty; it must contain one JSON object like the one in config.example.json');
  }
  const parsed = parseJsonText(text);
  if ('problem' in parsed) return fileProblem(parsed.problem);
  const raw = parsed.value;
  const result = validateConfig(raw);
  return result.ok
    ? { status: 'ok', config: result.config, raw, warnings: result.warnings }
    : { status: 'invalid', problems: result.problems, warnings: result.warnings, raw };
}

export async function readConfigFile(
  path: string,
  fs: Pick<ConfigFs, 'readFile'> = nodeConfigFs,
): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = errorCode(error);
    // ENOTDIR: a parent in the path is a file; for lookup purposes that file does not exist.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return fileProblem(readErrorMessage(code));
  }
  const decoded = decodeConfigText(bytes);
  return 'problem' in decoded ? fileProblem(decoded.problem) : parseConfigText(decoded.text);
}
