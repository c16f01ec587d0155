// policy.json: validation, merging into a config, and the config core's locked fields.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCKABLE_PATHS,
  POLICY_MESSAGES,
  applyPolicy,
  validatePolicy,
} from '../../../electron/contract/config';
import { policyCheckReport, readPolicyFile } from '../../../electron/main/config';
import { createConfigCore } from '../../../electron/main/launch/config-port';
import { exampleRaw } from './helpers';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();

const ISSUE_EXAMPLE = {
  locked: {
    apiBaseUrl: 'https://meetings.example.com/api',
    'backend.embedded': false,
    'whisper.hubEndpoint': 'https://hf-mirror.example.com',
    'ui.language': 'zh-TW',
  },
};

describe('validatePolicy', () => {
  it('accepts the example from the admin guide', () => {
    expect(validatePolicy(ISSUE_EXAMPLE)).toEqual({ ok: true, policy: ISSUE_EXAMPLE, warnings: [] });
  });

  it('collects every bad entry: unknown path, section, secret, and a value the schema rejects', () => {
    const r = validatePolicy({
      locked: {
        'backend.nope': 1,
        backend: {},
        'backend.auth.jwtSecret': 'x'.repeat(40),
        'backend.port': 70000,
        'whisper.device': 'gpu',
        'ui.language': 'zh-TW',
      },
      extra: true,
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { path: 'locked.backend.nope', message: POLICY_MESSAGES.unknownField },
        { path: 'locked.backend', message: POLICY_MESSAGES.section },
        { path: 'locked.backend.auth.jwtSecret', message: POLICY_MESSAGES.secret },
        { path: 'locked.backend.port', message: 'must be a whole number from 1 to 65535' },
        { path: 'locked.whisper.device', message: 'must be one of: auto, cpu, cuda' },
      ],
      warnings: [{ path: 'extra', message: POLICY_MESSAGES.unknownTop }],
    });
  });

  it('rejects a policy that is not an object, or whose locked is not one', () => {
    expect(validatePolicy([])).toMatchObject({ ok: false, problems: [{ path: '' }] });
    expect(validatePolicy({ locked: ['apiBaseUrl'] })).toMatchObject({
      ok: false,
      problems: [{ path: 'locked', message: POLICY_MESSAGES.locked }],
    });
  });

  it('never offers a secret or a section as lockable', () => {
    expect(LOCKABLE_PATHS).toContain('whisper.hubEndpoint');
    expect(LOCKABLE_PATHS).toContain('ui.language');
    expect(LOCKABLE_PATHS).not.toContain('backend.database.password');
    expect(LOCKABLE_PATHS).not.toContain('backend');
  });
});

describe('applyPolicy', () => {
  it('locked values replace the user values and create missing sections; the rest is kept', () => {
    const user = { apiBaseUrl: 'http://mine.example.com/api', whisper: { model: 'tiny' } };
    const merged = applyPolicy(user, ISSUE_EXAMPLE);
    expect(merged).toEqual({
      apiBaseUrl: 'https://meetings.example.com/api',
      backend: { embedded: false },
      whisper: { model: 'tiny', hubEndpoint: 'https://hf-mirror.example.com' },
      ui: { language: 'zh-TW' },
    });
    expect(user.apiBaseUrl).toBe('http://mine.example.com/api'); // input untouched
  });
});

describe('config core with a machine-wide policy', () => {
  function setup(policy: unknown, userConfig?: unknown) {
    const root = tempDir();
    const userDataDir = path.join(root, 'user');
    const machineDir = path.join(root, 'machine');
    mkdirSync(userDataDir);
    mkdirSync(machineDir);
    writeFileSync(path.join(machineDir, 'policy.json'), JSON.stringify(policy));
    if (userConfig !== undefined)
      writeFileSync(path.join(userDataDir, 'config.json'), JSON.stringify(userConfig));
    return createConfigCore({ env: {}, userDataDir, adminDir: null, machineDir });
  }

  it("the user's file runs with the locked values, and lockedFields names them", async () => {
    const user = exampleRaw();
    user.apiBaseUrl = 'http://mine.example.com/api';
    const core = setup(ISSUE_EXAMPLE, user);
    const found = await core.locate();
    expect(found?.kind).toBe('user');
    expect(found?.read).toMatchObject({
      ok: true,
      config: {
        apiBaseUrl: 'https://meetings.example.com/api',
        backend: { embedded: false },
        ui: { language: 'zh-TW' },
      },
    });
    expect(core.lockedFields?.()).toEqual(ISSUE_EXAMPLE.locked);
  });

  it('a save cannot change a locked field', async () => {
    const core = setup(ISSUE_EXAMPLE, exampleRaw());
    await core.locate();
    const saved = core.validate({ ...exampleRaw(), apiBaseUrl: 'http://other.example.com/api' });
    expect(saved).toMatchObject({ ok: true, config: { apiBaseUrl: 'https://meetings.example.com/api' } });
  });

  it('the defaults for a new installation carry the locked values', async () => {
    const core = setup(ISSUE_EXAMPLE);
    expect(await core.locate()).toBeNull();
    expect(core.defaults()).toMatchObject({ backend: { embedded: false }, ui: { language: 'zh-TW' } });
  });

  it('a broken policy stops the launch with its problems instead of being ignored', async () => {
    const core = setup({ locked: { 'backend.port': 'eighty' } }, exampleRaw());
    const found = await core.locate();
    expect(found).toMatchObject({
      kind: 'admin',
      read: { ok: false, problems: [{ path: 'locked.backend.port' }] },
    });
    expect(found?.path.endsWith('policy.json')).toBe(true);
  });
});

describe('policyCheckReport', () => {
  it('lists the locked settings of a valid file, and every problem of a broken one', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'policy.json');
    writeFileSync(good, JSON.stringify(ISSUE_EXAMPLE));
    const ok = policyCheckReport(good, await readPolicyFile(good));
    expect(ok.exitCode).toBe(0);
    expect(ok.lines).toContain('  ui.language = "zh-TW"');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"locked": {"whisper.offline": "yes"}}');
    const report = policyCheckReport(bad, await readPolicyFile(bad));
    expect(report).toEqual({
      exitCode: 1,
      lines: [`INVALID: policy ${bad} has 1 problem:`, '  locked.whisper.offline: must be true or false'],
    });
  });
});
