// readPolicyFile: reads and validates the machine-wide policy.json. Like readConfigFile it never
// throws and never writes; a missing file means "no policy".
import * as path from 'node:path';
import { POLICY_FILE_NAME, validatePolicy, type Policy } from '../../contract/config';
import type { ConfigProblem } from '../../contract/config';
import { errorCode, nodeConfigFs, type ConfigFs } from './fs-ops';
import { parseJsonText } from './json-syntax';
import { decodeConfigText } from './read-config';

export type PolicyReadResult =
  | { status: 'missing' }
  | { status: 'ok'; policy: Policy; warnings: ConfigProblem[] }
  | { status: 'invalid'; problems: ConfigProblem[]; warnings: ConfigProblem[] };

const fileProblem = (message: string): PolicyReadResult => ({
  status: 'invalid',
  problems: [{ path: '', message }],
  warnings: [],
});

export const policyPath = (machineDir: string): string => path.join(machineDir, POLICY_FILE_NAME);

export function parsePolicyText(text: string): PolicyReadResult {
  const parsed = parseJsonText(text);
  if ('problem' in parsed) return fileProblem(parsed.problem);
  const raw = parsed.value;
  const result = validatePolicy(raw);
  return result.ok
    ? { status: 'ok', policy: result.policy, warnings: result.warnings }
    : { status: 'invalid', problems: result.problems, warnings: result.warnings };
}

export async function readPolicyFile(
  file: string,
  fs: Pick<ConfigFs, 'readFile'> = nodeConfigFs,
): Promise<PolicyReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return fileProblem(
      code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read: permission denied; every user must be able to read the policy file'
        : `cannot be read (${code ?? 'unknown error'})`,
    );
  }
  const decoded = decodeConfigText(bytes);
  return 'problem' in decoded ? fileProblem(decoded.problem) : parsePolicyText(decoded.text);
}
