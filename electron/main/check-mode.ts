// `"Meeting Assistant" --check-config <file>` and `--check-policy <file>`: the installed app
// validates an administrator's file without a window and exits 0 (valid) or 1 (invalid), printing
// the same report as `npm run config:check`. Plain Node: index.ts calls it before anything starts.
//
// Windows: a GUI program has no console, so when started from cmd.exe or PowerShell its output
// is not shown unless redirected (`| more`, `> report.txt`). The report is therefore also written
// beside the checked file as `<file>.check.txt`, which a script or a person can read either way.
import { writeFile } from 'node:fs/promises';
import { runConfigCheck } from './config/check-cli';

const FLAGS = ['--check-config', '--check-policy'] as const;
export const CHECK_USAGE =
  'Usage: "Meeting Assistant" --check-config <path/to/config.json>  or  --check-policy <path/to/policy.json>';

/** The check's arguments when the app was started for a check, else null. */
export function checkModeArgs(argv: readonly string[]): string[] | null {
  const at = argv.findIndex((a) => (FLAGS as readonly string[]).includes(a));
  return at === -1 ? null : argv.slice(at, at + 2);
}

export interface CheckModeContext {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** Writes the report to the console (stdout). */
  print(text: string): Promise<void>;
  writeFile?: (file: string, text: string) => Promise<void>;
}

/** Runs the check and returns the exit code (0 valid, 1 invalid or missing, 2 wrong usage). */
export async function runCheckMode(args: readonly string[], ctx: CheckModeContext): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  const result = await runConfigCheck(file === undefined ? [] : args, { ...ctx, usage: CHECK_USAGE });
  const report = file === undefined ? CHECK_USAGE : result.lines.join('\n');
  await ctx.print(`${report}\n`);
  if (ctx.platform === 'win32' && file !== undefined) {
    try {
      await (ctx.writeFile ?? writeFile)(`${file}.check.txt`, `${report}\r\n`);
    } catch {
      // A read-only folder: the console (redirected) and the exit code still carry the answer.
    }
  }
  return file === undefined ? 2 : result.exitCode;
}
