// Where a stored secret may be sent (electron/main/secrets/destination.ts).
import { describe, expect, it } from 'vitest';
import {
  configDestination,
  databaseDestination,
  decideReuse,
  difyDestination,
} from '../../../electron/main/secrets';

describe('secret destinations', () => {
  it('a database destination is user, host (any case, trimmed) and port', () => {
    expect(databaseDestination({ host: ' DB.Example ', port: 3306, user: 'ma' })).toBe(
      'mysql://ma@db.example:3306',
    );
    expect(databaseDestination({ host: '', port: 3306, user: 'ma' })).toBeNull();
    // No user or host can be written to look like another destination.
    expect(databaseDestination({ host: 'h:1', port: 2, user: 'a@b' })).toBe('mysql://a%40b@h%3A1:2');
  });

  it('a Dify destination is the origin of an http(s) address', () => {
    expect(difyDestination('https://dify.example/v1')).toBe('https://dify.example');
    expect(difyDestination('https://dify.example:443/other')).toBe('https://dify.example');
    expect(difyDestination('http://dify.example/v1')).toBe('http://dify.example');
    expect(difyDestination('file:///etc/passwd')).toBeNull();
    expect(difyDestination('not a url')).toBeNull();
  });

  it('reads the destination a config sends each secret to', () => {
    const config = {
      backend: {
        database: { host: 'db', port: 33306, user: 'u' },
        externalApis: { difyApiUrl: 'https://dify.example/v1' },
      },
    };
    expect(configDestination(config, 'backend.database.password')).toBe('mysql://u@db:33306');
    expect(configDestination(config, 'backend.externalApis.difySttApiKey')).toBe('https://dify.example');
    expect(configDestination({}, 'backend.externalApis.difyApiKey')).toBeNull();
  });

  it('reuses a stored secret only for the destination it was saved for', () => {
    expect(decideReuse('pw', 'mysql://u@a:1', 'mysql://u@a:1')).toEqual({ kind: 'reuse', value: 'pw' });
    expect(decideReuse('pw', 'mysql://u@a:1', 'mysql://u@b:1')).toEqual({ kind: 'changed' });
    expect(decideReuse('pw', null, 'mysql://u@a:1')).toEqual({ kind: 'changed' });
    expect(decideReuse('pw', 'mysql://u@a:1', null)).toEqual({ kind: 'changed' });
    expect(decideReuse(null, 'mysql://u@a:1', 'mysql://u@b:1')).toEqual({ kind: 'none' });
  });
});
