// The argument handling of the administrator's check, shared by `npm run config:check` and the
// installed app's `--check-config <file>` / `--check-policy <file>`: arguments in, report out.
import * as path from 'node:path';
import { checkReport, policyCheckReport, type CheckReport } from './check-report';
import { defaultUserDataDir, locateConfig, machineConfigDir } from './locate-config';
import { readConfigFile } from './read-config';
import { POLICY_FILE_NAME } from '../../contract/config';
import { readPolicyFile } from './read-policy';

export type CheckCliResult = { exitCode: 0 | 1 | 2; lines: string[] };

export interface CheckCliEnv {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  usage: string;
}

const POLICY_FLAGS = new Set(['--policy', '--check-policy']);
const CONFIG_FLAGS = new Set(['--check-config']);

export async function runConfigCheck(argv: readonly string[], ctx: CheckCliEnv): Promise<CheckCliResult> {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, lines: [ctx.usage] };
  const asPolicy = args.some((a) => POLICY_FLAGS.has(a));
  const files = args.filter((a) => !POLICY_FLAGS.has(a) && !CONFIG_FLAGS.has(a));
  if (files.length > 1 || files.some((f) => f.startsWith('--'))) return { exitCode: 2, lines: [ctx.usage] };

  const file = files[0];
  if (file !== undefined) {
    const report: CheckReport =
      asPolicy || path.basename(file).toLowerCase() === POLICY_FILE_NAME
        ? policyCheckReport(file, await readPolicyFile(file))
        : checkReport(file, await readConfigFile(file));
    return report;
  }
  if (asPolicy) return { exitCode: 2, lines: ['Pass the policy file to check.', ctx.usage] };
  const userDataDir = defaultUserDataDir(ctx.platform, ctx.env, ctx.home);
  const machineDir = machineConfigDir(ctx.platform, ctx.env);
  const located = await locateConfig({ env: ctx.env, userDataDir, machineDir });
  if (located === null) {
    return {
      exitCode: 1,
      lines: [
        `No config.json found (looked at MEETING_ASSISTANT_CONFIG, ${userDataDir} and ${machineDir}). Pass a path to check a file.`,
      ],
    };
  }
  return checkReport(located.path, located.result, located.source);
}
