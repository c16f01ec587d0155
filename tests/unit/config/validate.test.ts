import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  DatabaseSettingsSchema,
  HostSchema,
  HttpUrlSchema,
  PortSchema,
  formatProblem,
  migrateConfig,
  validateConfig,
} from '../../../electron/contract/config';
import { exampleRaw, withValue } from './helpers';

describe('validateConfig on good input', () => {
  it('accepts config.example.json without warnings', () => {
    const result = validateConfig(exampleRaw());
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts the seed file (no version, no whisper) and fills in defaults', () => {
    const seed = exampleRaw();
    delete seed.version;
    delete seed.whisper;
    const result = validateConfig(seed);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.version).toBe(1);
    expect(result.config.whisper).toEqual(DEFAULT_CONFIG.whisper);
  });

  it('treats a missing backend.embedded as false (remote backend, backward compatible)', () => {
    const result = validateConfig({ apiBaseUrl: 'https://meetings.example.com/api', backend: {} });
    expect(result.ok && result.config.backend.embedded).toBe(false);
  });

  it('accepts an empty object as a remote-backend config with every default', () => {
    const result = validateConfig({});
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.apiBaseUrl).toBe('http://localhost:8000/api');
  });

  it.each([
    '10.0.0.5',
    '::1',
    'fe80::1',
    'localhost',
    'db.example.com',
    'DB-1.corp.',
    'xn--bcher-kva.example',
  ])('accepts host %s', (host) =>
    expect(validateConfig(withValue(exampleRaw(), 'backend.database.host', host)).ok).toBe(true),
  );

  it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost', 'LOCALHOST'])('accepts backend.host %s', (host) =>
    expect(validateConfig(withValue(exampleRaw(), 'backend.host', host)).ok).toBe(true),
  );

  it('lets a remote-backend file keep any backend.host, since nothing listens there', () => {
    const raw = withValue(withValue(exampleRaw(), 'backend.embedded', false), 'backend.host', '0.0.0.0');
    expect(validateConfig(raw).ok).toBe(true);
  });

  it.each([
    'small',
    'large-v3',
    'Systran/faster-whisper-small',
    '/opt/models/small',
    'C:\\models\\small',
    '\\\\srv\\models',
  ])('accepts whisper.model %s', (model) =>
    expect(validateConfig(withValue(exampleRaw(), 'whisper.model', model)).ok).toBe(true),
  );

  it('accepts a remote-backend file whose database and auth sections are empty', () => {
    const raw = {
      apiBaseUrl: 'https://meetings.example.com/api',
      backend: { embedded: false, database: { host: '' } },
    };
    expect(validateConfig(raw).ok).toBe(true);
  });
});

describe('validateConfig reporting', () => {
  it('reports every problem at once, in document order', () => {
    const raw = {
      whisper: { device: 'gpu' },
      backend: { embedded: true, port: 0, database: { port: 'x' } },
      apiBaseUrl: 'ftp://x',
    };
    const result = validateConfig(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'apiBaseUrl',
      'backend.port',
      'backend.database.host',
      'backend.database.port',
      'backend.database.user',
      'backend.database.database',
      'backend.externalApis.authApiUrl',
      'backend.externalApis.difyApiUrl',
      'backend.auth.adminEmail',
      'whisper.device',
    ]);
  });

  it('gives backend.database.ssl the default preferred, takes MySQL ssl-mode values, and names the others', () => {
    const plain = validateConfig(exampleRaw());
    expect(plain.ok && plain.config.backend.database).toMatchObject({ ssl: 'preferred', sslCa: '' });
    for (const mode of ['disabled', 'preferred', 'required', 'verify_ca', 'verify_identity'])
      expect(validateConfig(withValue(exampleRaw(), 'backend.database.ssl', mode)).ok).toBe(true);
    const wrong = validateConfig(withValue(exampleRaw(), 'backend.database.ssl', 'VERIFY_FULL'));
    expect(!wrong.ok && wrong.problems).toEqual([
      {
        path: 'backend.database.ssl',
        message: 'must be one of: disabled, preferred, required, verify_ca, verify_identity',
      },
    ]);
    const ca = validateConfig(withValue(exampleRaw(), 'backend.database.sslCa', 'C:\\certs\\corp-ca.pem'));
    expect(ca.ok && ca.config.backend.database.sslCa).toBe('C:\\certs\\corp-ca.pem');
  });

  it('gives the Dify timeout and summary part size their defaults and names a value out of range', () => {
    const plain = validateConfig(exampleRaw());
    expect(plain.ok && plain.config.backend.externalApis).toMatchObject({
      difyTimeoutSeconds: 120,
      difySummaryPartChars: 12_000,
    });
    const set = validateConfig(withValue(exampleRaw(), 'backend.externalApis.difyTimeoutSeconds', 300));
    expect(set.ok && set.config.backend.externalApis.difyTimeoutSeconds).toBe(300);
    const wrong = validateConfig(withValue(exampleRaw(), 'backend.externalApis.difyTimeoutSeconds', 0));
    expect(!wrong.ok && wrong.problems).toEqual([
      {
        path: 'backend.externalApis.difyTimeoutSeconds',
        message: 'must be a whole number of seconds from 1 to 3600',
      },
    ]);
  });

  it('does not list the fields of a section that is itself wrong', () => {
    const result = validateConfig(withValue(exampleRaw(), 'backend.auth', 'x'));
    expect(!result.ok && result.problems).toEqual([
      { path: 'backend.auth', message: 'must be a section: a JSON object in { braces }' },
    ]);
  });

  it('warns about unknown keys at any depth and still accepts the file', () => {
    const raw = withValue(
      withValue(exampleRaw(), 'backend.database.charset', 'utf8mb4'),
      'x-deployed-by',
      'IT',
    );
    const result = validateConfig(raw);
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatProblem)).toEqual([
      'backend.database.charset: is not a setting Meeting Assistant knows; it is kept unchanged when the app saves the file',
      'x-deployed-by: is not a setting Meeting Assistant knows; it is kept unchanged when the app saves the file',
    ]);
  });

  it('formats a whole-file problem readably', () => {
    expect(formatProblem({ path: '', message: 'is empty' })).toBe('(whole file): is empty');
    expect(formatProblem({ path: 'backend.port', message: 'm' })).toBe('backend.port: m');
  });
});

describe('migrateConfig', () => {
  it('brings a seed file without version to version 1 and keeps every field', () => {
    const seed = { apiBaseUrl: 'http://a.example.com/api', extra: 1 };
    expect(migrateConfig(seed)).toEqual({
      ok: true,
      fromVersion: 0,
      toVersion: 1,
      raw: { version: 1, ...seed },
    });
  });

  it('leaves a version 1 file as is', () => {
    const raw = exampleRaw();
    expect(migrateConfig(raw)).toEqual({ ok: true, fromVersion: 1, toVersion: 1, raw });
  });

  it.each([0, -1, 1.5, '1', null])('rejects version %j', (version) => {
    expect(migrateConfig({ version }).ok).toBe(false);
  });
});

describe('schemas for the renderer', () => {
  it('DEFAULT_CONFIG is the embedded seed and cannot be changed by accident', () => {
    expect(DEFAULT_CONFIG.backend.embedded).toBe(true);
    expect(DEFAULT_CONFIG.backend.database.port).toBe(33306);
    expect(Object.isFrozen(DEFAULT_CONFIG.backend.database)).toBe(true);
  });

  it('field schemas reject empty values, section schemas allow them', () => {
    expect(HostSchema.safeParse('').success).toBe(false);
    expect(HttpUrlSchema.safeParse('https://x.example.com').success).toBe(true);
    expect(DatabaseSettingsSchema.safeParse({ host: '' }).success).toBe(true);
    expect(PortSchema.safeParse(65535).success).toBe(true);
  });
});

describe('properties', () => {
  it('never throws, and every problem has a path and one sentence', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateConfig(value);
        const problems = result.ok ? [] : result.problems;
        for (const p of [...problems, ...result.warnings]) {
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('any integer outside 1..65535 at any port gives exactly the port message there', () => {
    const bad = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }));
    const where = fc.constantFrom('backend.port', 'backend.database.port');
    fc.assert(
      fc.property(bad, where, (port, path) => {
        const result = validateConfig(withValue(exampleRaw(), path, port));
        expect(!result.ok && result.problems).toEqual([
          { path, message: 'must be a whole number from 1 to 65535' },
        ]);
      }),
    );
  });

  it('any integer port in range is accepted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        (port) => validateConfig(withValue(exampleRaw(), 'backend.port', port)).ok,
      ),
    );
  });

  it('a random object at a random top-level key is a warning, never a problem', () => {
    const key = fc
      .string({ minLength: 1 })
      .filter((k) => !['version', 'apiBaseUrl', 'backend', 'whisper', '__proto__'].includes(k));
    fc.assert(
      fc.property(key, fc.jsonValue(), (k, v) => {
        const result = validateConfig({ ...exampleRaw(), [k]: v });
        expect(result.ok).toBe(true);
        expect(result.warnings.map((w) => w.path)).toEqual([k]);
      }),
    );
  });
});
