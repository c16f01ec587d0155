import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  SECRET_FIELDS,
  getSecret,
  missingSecrets,
  secretsInConfig,
  setSecret,
  stripSecrets,
  type SecretField,
} from '../../../electron/contract/config';

const filled = SECRET_FIELDS.reduce((c, f) => setSecret(c, f, `value-of-${f}`), DEFAULT_CONFIG);

describe('secret helpers', () => {
  it('lists the four secret fields as dotted paths', () => {
    expect(SECRET_FIELDS).toEqual([
      'backend.database.password',
      'backend.externalApis.difyApiKey',
      'backend.externalApis.difySttApiKey',
      'backend.auth.jwtSecret',
    ]);
  });

  it('setSecret and getSecret round-trip without changing the input', () => {
    for (const field of SECRET_FIELDS) expect(getSecret(filled, field)).toBe(`value-of-${field}`);
    expect(filled.backend.database.password).toBe('value-of-backend.database.password');
    expect(DEFAULT_CONFIG.backend.database.password).toBe('');
  });

  it('stripSecrets empties every secret and nothing else', () => {
    const stripped = stripSecrets(filled);
    expect(secretsInConfig(stripped)).toEqual([]);
    expect({ ...stripped, backend: { ...stripped.backend } }).toEqual({
      ...DEFAULT_CONFIG,
      backend: { ...DEFAULT_CONFIG.backend },
    });
  });

  it('embedded mode needs the Dify key and the JWT secret, from the file or the keychain', () => {
    expect(missingSecrets(DEFAULT_CONFIG, new Set())).toEqual([
      'backend.externalApis.difyApiKey',
      'backend.auth.jwtSecret',
    ]);
    const inKeychain = new Set<SecretField>(['backend.auth.jwtSecret']);
    expect(missingSecrets(DEFAULT_CONFIG, inKeychain)).toEqual(['backend.externalApis.difyApiKey']);
    const inFile = setSecret(DEFAULT_CONFIG, 'backend.externalApis.difyApiKey', 'k');
    expect(missingSecrets(inFile, inKeychain)).toEqual([]);
  });

  it('a remote backend needs no secrets on this computer', () => {
    const remote = { ...DEFAULT_CONFIG, backend: { ...DEFAULT_CONFIG.backend, embedded: false } };
    expect(missingSecrets(remote, new Set())).toEqual([]);
  });
});
