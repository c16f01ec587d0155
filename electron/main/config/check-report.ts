// The administrator's check (npm run config:check): reads one config file and turns the result
// into lines of text and an exit code. The CLI only prints them, so this is testable as is.
import * as path from 'node:path';
import {
  SECRET_FIELDS,
  formatProblem,
  missingSecrets,
  secretsInConfig,
  type Config,
  type ConfigProblem,
} from '../../contract/config';
import type { ConfigSource } from './locate-config';
import type { ReadResult } from './read-config';
import type { PolicyReadResult } from './read-policy';

export type CheckReport = { exitCode: 0 | 1; lines: string[] };

const SOURCE_LABEL: Record<ConfigSource | 'argument', string> = {
  argument: 'the path given on the command line',
  env: 'MEETING_ASSISTANT_CONFIG',
  user: "the user's file in the user-data folder",
  machine: "the administrator's machine-wide file",
  admin: "the administrator's file beside the executable",
};

function modeLine(config: Config): string {
  const b = config.backend;
  if (!b.embedded) return `Mode: remote backend at ${config.apiBaseUrl} (backend.embedded is false)`;
  const db = b.database;
  return `Mode: embedded backend on this computer at ${b.host}:${b.port}; database ${db.user}@${db.host}:${db.port}/${db.database}`;
}

/** Shorter than this, a password is easy to guess and too common to redact from logs by value. */
export const MIN_DATABASE_PASSWORD_LENGTH = 8;

function weakSecretWarnings(config: Config): ConfigProblem[] {
  const password = config.backend.database.password;
  if (!password || [...password].length >= MIN_DATABASE_PASSWORD_LENGTH) return [];
  return [
    {
      path: 'backend.database.password',
      message: `is shorter than ${MIN_DATABASE_PASSWORD_LENGTH} characters; use a long random password (logs can only hide a password that does not also appear as ordinary text)`,
    },
  ];
}

const warningLines = (warnings: ConfigProblem[]) =>
  warnings.length === 0 ? [] : ['Warnings:', ...warnings.map((w) => `  ${formatProblem(w)}`)];

export function checkReport(
  filePath: string,
  result: ReadResult,
  source: ConfigSource | 'argument' = 'argument',
): CheckReport {
  const shown = path.resolve(filePath);
  if (result.status === 'missing') {
    return { exitCode: 1, lines: [`Not found: ${shown} does not exist.`] };
  }
  if (result.status === 'invalid') {
    const n = result.problems.length;
    return {
      exitCode: 1,
      lines: [
        `INVALID: ${shown} has ${n} problem${n === 1 ? '' : 's'}:`,
        ...result.problems.map((p) => `  ${formatProblem(p)}`),
        ...warningLines(result.warnings),
      ],
    };
  }
  const { config } = result;
  const present = new Set(secretsInConfig(config));
  // Only names are printed, never values: this output ends up in tickets and chat.
  const secretLines = SECRET_FIELDS.map(
    (field) => `  ${field}: ${present.has(field) ? 'present' : 'not in file'}`,
  );
  const needed = missingSecrets(config, new Set());
  return {
    exitCode: 0,
    lines: [
      `OK: ${shown} is valid.`,
      `Source: ${SOURCE_LABEL[source]}`,
      `Version: ${config.version}`,
      modeLine(config),
      'Secrets (values are never shown):',
      ...secretLines,
      ...(needed.length > 0
        ? [
            `Needed at first start unless already in the user's keychain (the setup wizard asks for them): ${needed.join(', ')}`,
          ]
        : []),
      ...(present.size > 0
        ? [
            "Note: this file holds secrets in plain text. On first start the app moves them into the OS keychain and writes the user's config.json without them; protect this file until then.",
          ]
        : []),
      ...warningLines([...result.warnings, ...weakSecretWarnings(config)]),
    ],
  };
}

/** The same check for a policy.json (`config:check -- --policy <file>`). */
export function policyCheckReport(filePath: string, result: PolicyReadResult): CheckReport {
  const shown = path.resolve(filePath);
  if (result.status === 'missing') return { exitCode: 1, lines: [`Not found: ${shown} does not exist.`] };
  if (result.status === 'invalid') {
    const n = result.problems.length;
    return {
      exitCode: 1,
      lines: [
        `INVALID: policy ${shown} has ${n} problem${n === 1 ? '' : 's'}:`,
        ...result.problems.map((p) => `  ${formatProblem(p)}`),
        ...warningLines(result.warnings),
      ],
    };
  }
  const fields = Object.entries(result.policy.locked);
  return {
    exitCode: 0,
    lines: [
      `OK: policy ${shown} is valid.`,
      fields.length === 0
        ? 'It locks no settings.'
        : `Locked settings (users see them read-only, "Set by your organisation"):`,
      ...fields.map(([field, value]) => `  ${field} = ${JSON.stringify(value)}`),
      ...warningLines(result.warnings),
    ],
  };
}
