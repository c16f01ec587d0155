// The administrator's command, run for real: npm run config:check -- <path>.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-config-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configCheck(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const out = spawnSync('npm', ['run', '--silent', 'config:check', '--', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}
const fileWith = (name: string, content: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const example = () => JSON.parse(readFileSync(path.join(ROOT, 'config.example.json'), 'utf8'));

describe('npm run config:check', () => {
  it('exits 0 on config.example.json and prints a summary', () => {
    const { status, stdout } = configCheck(['config.example.json']);
    expect(status).toBe(0);
    expect(stdout).toContain(`OK: ${path.join(ROOT, 'config.example.json')} is valid.`);
    expect(stdout).toContain('Mode: embedded backend on this computer at 127.0.0.1:8000');
    expect(stdout).toContain('  backend.auth.jwtSecret: not in file');
  });

  it('exits 1 on a broken file and names every bad field', () => {
    const raw = example();
    raw.backend.port = 0;
    raw.backend.database.host = 'bad host';
    raw.backend.database.database = 'my.db';
    raw.backend.externalApis.difyApiUrl = 'https://key@dify.example.com';
    raw.backend.auth.jwtExpireHours = 1000;
    raw.whisper.device = 'gpu';
    raw.rolloutWave = 3;
    const { status, stdout } = configCheck([fileWith('broken.json', JSON.stringify(raw, null, 2))]);
    expect(status).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `INVALID: ${path.join(dir, 'broken.json')} has 6 problems:`,
      '  backend.port: must be a whole number from 1 to 65535',
      '  backend.database.host: must be a host name (like db.example.com) or an IP address (like 10.0.0.5 or ::1)',
      '  backend.database.database: must be 1 to 64 characters using letters, digits, _, $ or - (no spaces, dots or slashes)',
      '  backend.externalApis.difyApiUrl: must not contain a user name or password; put credentials in their own fields',
      '  backend.auth.jwtExpireHours: must be a whole number of hours from 1 to 720 (30 days)',
      '  whisper.device: must be one of: auto, cpu, cuda',
      'Warnings:',
      '  rolloutWave: is not a setting Meeting Assistant knows; it is kept unchanged when the app saves the file',
    ]);
  });

  it('exits 1 on a JSON syntax error with line and column', () => {
    const { status, stdout } = configCheck([fileWith('syntax.json', '{\r\n  "version": 1,\r\n}\r\n')]);
    expect(status).toBe(1);
    expect(stdout).toContain(
      '(whole file): is not valid JSON at line 3, column 1: a comma before "}" (remove the last comma)',
    );
  });

  it('exits 1 on a missing file', () => {
    const { status, stdout } = configCheck([path.join(dir, 'nope.json')]);
    expect(status).toBe(1);
    expect(stdout).toContain('does not exist');
  });

  it('says which secrets are in the file and never prints their values', () => {
    const raw = example();
    raw.backend.database.password = 'db-pass-VALUE-1';
    raw.backend.auth.jwtSecret = 'jwt-VALUE-0123456789abcdef0123456789abcdef';
    const { status, stdout, stderr } = configCheck([fileWith('with-secrets.json', JSON.stringify(raw))]);
    expect(status).toBe(0);
    expect(stdout).toContain('  backend.database.password: present');
    expect(stdout).toContain('  backend.auth.jwtSecret: present');
    expect(stdout).toContain('  backend.externalApis.difyApiKey: not in file');
    expect(stdout + stderr).not.toMatch(/VALUE/);
  });

  it('without a path, checks the file MEETING_ASSISTANT_CONFIG names', () => {
    const file = fileWith('from-env.json', JSON.stringify(example()));
    const { status, stdout } = configCheck([], { ...process.env, MEETING_ASSISTANT_CONFIG: file });
    expect(status).toBe(0);
    expect(stdout).toContain('Source: MEETING_ASSISTANT_CONFIG');
  });
});

describe('npm run config:check -- --policy', () => {
  it('exits 0 on a valid policy.json and lists what it locks', () => {
    const file = fileWith('policy.json', '{"locked": {"backend.embedded": false, "ui.language": "zh-TW"}}');
    const { status, stdout } = configCheck([file]);
    expect(status).toBe(0);
    expect(stdout).toContain(`OK: policy ${file} is valid.`);
    expect(stdout).toContain('  backend.embedded = false');
  });

  it('exits 1 on a policy that locks a secret, whatever the file is called', () => {
    const file = fileWith('org.json', '{"locked": {"backend.database.password": "pw-VALUE"}}');
    const { status, stdout } = configCheck(['--policy', file]);
    expect(status).toBe(1);
    expect(stdout).toContain('locked.backend.database.password: is a secret and cannot be locked');
    expect(stdout).not.toContain('pw-VALUE');
  });
});
