// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { generateJwtSecret } from '../../../renderer/lib/jwt-secret';
import { buildConfig, emptyModel, typedSecrets, valuesFrom } from '../../../renderer/lib/form';
import { formatBytes } from '../../../renderer/lib/format';

describe('form model', () => {
  it('builds a config over the base: unknown keys and untouched sections survive, no secret is sent', () => {
    const base = {
      version: 1,
      whisper: { model: 'medium' },
      customKey: 'kept',
      backend: { port: 8123, extra: true },
    };
    const m = emptyModel();
    m.values.backend.database.host = 'db.example.com';
    m.secrets['backend.database.password'] = 'hunter2';
    const cfg = buildConfig(base, m);
    expect(cfg).toMatchObject({
      customKey: 'kept',
      whisper: { model: 'medium' },
      backend: { port: 8123, extra: true },
    });
    expect(JSON.stringify(cfg)).not.toContain('hunter2');
    expect(cfg.apiBaseUrl).toBe('http://localhost:8000/api');
    expect(buildConfig(base, m, true)).toMatchObject({ backend: { database: { password: 'hunter2' } } });
    expect(base).toEqual({
      version: 1,
      whisper: { model: 'medium' },
      customKey: 'kept',
      backend: { port: 8123, extra: true },
    });
  });

  it('reads values from a partial or odd config, ignoring wrong types', () => {
    const v = valuesFrom({
      backend: { embedded: false, database: { host: 'h', port: '3306x', user: 42 } },
      apiBaseUrl: 'https://x',
    });
    expect(v.backend.embedded).toBe(false);
    expect(v.backend.database.host).toBe('h');
    expect(v.backend.database.port).toBe('3306x');
    expect(v.backend.database.user).toBe('');
    expect(v.apiBaseUrl).toBe('https://x');
  });

  it('sends only secrets typed in this session', () => {
    const m = emptyModel();
    m.stored = ['backend.auth.jwtSecret'];
    m.secrets = { 'backend.database.password': 'p', 'backend.externalApis.difyApiKey': '' };
    expect(typedSecrets(m)).toEqual({ 'backend.database.password': 'p' });
  });
});

describe('helpers', () => {
  it('JWT secrets are 256-bit base64url, different each time', () => {
    const a = generateJwtSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateJwtSecret()).not.toBe(a);
  });
  it('formats bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
  });
});
