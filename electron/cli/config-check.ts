// npm run config:check -- [--policy] <path>
// Validates a config.json (or, with --policy or a file named policy.json, a policy.json) for
// administrators before they distribute it. Exit codes: 0 valid, 1 invalid or missing, 2 wrong
// usage. Without a path it checks the file the app would use (MEETING_ASSISTANT_CONFIG, the
// user-data folder, then the machine-wide folder). The installed app runs the same code for
// `--check-config` / `--check-policy` (electron/main/config/check-cli.ts).
import * as os from 'node:os';
import { runConfigCheck } from '../main/config/check-cli';

const result = await runConfigCheck(process.argv.slice(2), {
  platform: process.platform,
  env: process.env,
  home: os.homedir(),
  usage: 'Usage: npm run config:check -- [--policy] [path/to/config.json | path/to/policy.json]',
});
(result.exitCode === 2 ? console.error : console.log)(result.lines.join('\n'));
process.exitCode = result.exitCode;
