// @vitest-environment happy-dom
// Each wizard step's validation, through the contract's own schemas (validateConfig).
import { describe, expect, it } from 'vitest';
import { generateJwtSecret } from '../../../renderer/lib/jwt-secret';
import { emptyModel, type FormModel } from '../../../renderer/lib/form';
import { REQUIRED, stepForFailure, stepForPath, stepsFor, validateStep } from '../../../renderer/lib/steps';

function filled(): FormModel {
  const m = emptyModel();
  m.values.backend.database = {
    ...m.values.backend.database,
    host: 'db.example.com',
    port: 33306,
    user: 'meetings',
    database: 'meetings',
  };
  m.values.backend.externalApis = {
    authApiUrl: 'https://auth.example.com/api',
    difyApiUrl: 'https://dify.example.com/v1',
  };
  m.values.backend.auth = { adminEmail: 'admin@example.com', jwtExpireHours: 24 };
  m.secrets = {
    'backend.database.password': 'pw',
    'backend.externalApis.difyApiKey': 'app-1',
    'backend.auth.jwtSecret': generateJwtSecret(),
  };
  return m;
}

describe('steps', () => {
  it('embedded mode has five steps, server mode two', () => {
    expect(stepsFor(true)).toEqual(['deployment', 'database', 'dify', 'signin', 'review']);
    expect(stepsFor(false)).toEqual(['deployment', 'review']);
  });

  it('a complete form passes every step', () => {
    const m = filled();
    for (const s of stepsFor(true)) expect(validateStep(s, m), s).toEqual({});
  });
});

describe('deployment step', () => {
  it('embedded: nothing to check', () => {
    expect(validateStep('deployment', emptyModel())).toEqual({});
  });
  it('server: the address is required and must be http(s)', () => {
    const m = emptyModel();
    m.values.backend.embedded = false;
    expect(validateStep('deployment', m)).toEqual({ apiBaseUrl: REQUIRED });
    m.values.apiBaseUrl = 'ftp://meetings.example.com';
    expect(validateStep('deployment', m).apiBaseUrl).toMatch(/^Must be a web address starting with http/);
    m.values.apiBaseUrl = 'https://user:pw@meetings.example.com/api';
    expect(validateStep('deployment', m).apiBaseUrl).toMatch(/must not contain a user name or password/i);
    m.values.apiBaseUrl = 'https://meetings.example.com/api';
    expect(validateStep('deployment', m)).toEqual({});
  });
});

describe('database step', () => {
  it('host, user and database are required; port defaults to 33306', () => {
    const m = emptyModel();
    expect(m.values.backend.database.port).toBe(33306);
    expect(validateStep('database', m)).toEqual({
      'backend.database.host': REQUIRED,
      'backend.database.user': REQUIRED,
      'backend.database.database': REQUIRED,
    });
  });
  it('bad port, host and database name each get their sentence', () => {
    const m = filled();
    m.values.backend.database.port = 0;
    m.values.backend.database.host = 'bad host!';
    m.values.backend.database.database = 'my.db';
    const e = validateStep('database', m);
    expect(e['backend.database.port']).toBe('Must be a whole number from 1 to 65535.');
    expect(e['backend.database.host']).toMatch(/^Must be a host name/);
    expect(e['backend.database.database']).toMatch(/^Must be 1 to 64 characters/);
  });
  it('an emptied port is required (it does not silently become the default)', () => {
    const m = filled();
    m.values.backend.database.port = '';
    expect(validateStep('database', m)).toEqual({ 'backend.database.port': REQUIRED });
  });
  it('the password may be empty (MariaDB allows it)', () => {
    const m = filled();
    m.secrets = {};
    expect(validateStep('database', m)).toEqual({});
  });
});

describe('dify step', () => {
  it('the URL and the app key are required; the STT key is optional', () => {
    const m = filled();
    m.values.backend.externalApis.difyApiUrl = '';
    delete m.secrets['backend.externalApis.difyApiKey'];
    expect(validateStep('dify', m)).toEqual({
      'backend.externalApis.difyApiUrl': REQUIRED,
      'backend.externalApis.difyApiKey': REQUIRED,
    });
  });
  it('a key already in the keychain counts, unless the user chose to replace it', () => {
    const m = filled();
    delete m.secrets['backend.externalApis.difyApiKey'];
    m.stored = ['backend.externalApis.difyApiKey'];
    expect(validateStep('dify', m)).toEqual({});
    m.replacing['backend.externalApis.difyApiKey'] = true;
    expect(validateStep('dify', m)).toEqual({ 'backend.externalApis.difyApiKey': REQUIRED });
  });
});

describe('sign-in step', () => {
  it('checks the URL, e-mail, secret and lifetime', () => {
    const m = filled();
    m.values.backend.externalApis.authApiUrl = 'not a url';
    m.values.backend.auth.adminEmail = 'admin';
    m.values.backend.auth.jwtExpireHours = 1000;
    m.secrets['backend.auth.jwtSecret'] = 'short';
    const e = validateStep('signin', m);
    expect(Object.keys(e)).toEqual([
      'backend.externalApis.authApiUrl',
      'backend.auth.adminEmail',
      'backend.auth.jwtSecret',
      'backend.auth.jwtExpireHours',
    ]);
    expect(e['backend.auth.adminEmail']).toMatch(/e-mail address/);
    expect(e['backend.auth.jwtSecret']).toMatch(/at least 32 characters/);
    expect(e['backend.auth.jwtExpireHours']).toMatch(/1 to 720/);
  });
  it('the generated secret passes; a pasted long one too; a placeholder does not', () => {
    const m = filled();
    expect(validateStep('signin', m)).toEqual({});
    m.secrets['backend.auth.jwtSecret'] = 'x'.repeat(64);
    expect(validateStep('signin', m)).toEqual({});
    m.secrets['backend.auth.jwtSecret'] = 'changeme';
    expect(validateStep('signin', m)['backend.auth.jwtSecret']).toBeTruthy();
  });
  it('a missing JWT secret is required', () => {
    const m = filled();
    delete m.secrets['backend.auth.jwtSecret'];
    expect(validateStep('signin', m)).toEqual({ 'backend.auth.jwtSecret': REQUIRED });
  });
});

describe('where a failure sends the user', () => {
  it('by field path', () => {
    expect(stepForPath('backend.database.port')).toBe('database');
    expect(stepForPath('backend.database')).toBe('database');
    expect(stepForPath('backend.externalApis.difyApiKey')).toBe('dify');
    expect(stepForPath('backend.externalApis.authApiUrl')).toBe('signin');
    expect(stepForPath('whisper.model')).toBe('review');
    expect(stepForPath('apiBaseUrl', false)).toBe('deployment');
  });
  it('by save stage', () => {
    expect(stepForFailure('validate', [{ path: 'backend.auth.adminEmail' }], true)).toBe('signin');
    expect(stepForFailure('health', [], true)).toBe('database');
    expect(stepForFailure('health', [], false)).toBe('deployment');
    expect(stepForFailure('secrets', [], true)).toBe('review');
    expect(stepForFailure('write', [], true)).toBe('review');
  });
});
