// npm run config:check -- <path>
// Validates a config.json for administrators before they distribute it. Exit codes: 0 valid,
// 1 invalid or missing, 2 wrong usage. Without a path it checks the file the app would use
// (MEETING_ASSISTANT_CONFIG, then the user-data folder). All logic lives in electron/main/config.
import * as os from 'node:os';
import { checkReport, defaultUserDataDir, locateConfig, readConfigFile } from '../main/config';

const args = process.argv.slice(2).filter((a) => a !== '--');

if (args.length > 1 || args[0] === '--help' || args[0] === '-h') {
  console.error('Usage: npm run config:check -- [path/to/config.json]');
  process.exit(args.length > 1 ? 2 : 0);
}

const file = args[0];
if (file !== undefined) {
  const report = checkReport(file, await readConfigFile(file));
  console.log(report.lines.join('\n'));
  process.exitCode = report.exitCode;
} else {
  const userDataDir = defaultUserDataDir(process.platform, process.env, os.homedir());
  const located = await locateConfig({ env: process.env, userDataDir });
  if (located === null) {
    console.log(
      `No config.json found (looked at MEETING_ASSISTANT_CONFIG and ${userDataDir}). Pass a path to check a file.`,
    );
    process.exitCode = 1;
  } else {
    const report = checkReport(located.path, located.result, located.source);
    console.log(report.lines.join('\n'));
    process.exitCode = report.exitCode;
  }
}
