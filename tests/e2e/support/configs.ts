// Config files as an administrator would hand them out.
import fs from 'node:fs';
import path from 'node:path';
import type { DbAccount } from './services';

export const SECRETS = {
  difyApiKey: 'app-admin-dify-key-0001',
  difySttApiKey: 'app-admin-stt-key-0002',
  jwtSecret: 'admin-jwt-secret-0123456789abcdefghijklmnopqrstuv',
};

export function adminConfig(
  db: DbAccount,
  opts: { withSecrets?: boolean; difyUrl?: string; authUrl?: string; backendPort?: number } = {},
): Record<string, unknown> {
  const s = opts.withSecrets ?? true;
  return {
    version: 1,
    apiBaseUrl: 'http://localhost:8000/api',
    backend: {
      embedded: true,
      host: '127.0.0.1',
      port: opts.backendPort ?? 8000,
      database: {
        host: db.host,
        port: db.port,
        user: db.user,
        database: db.database,
        ...(s ? { password: db.password } : {}),
      },
      externalApis: {
        authApiUrl: opts.authUrl ?? 'http://127.0.0.1:9/api',
        difyApiUrl: opts.difyUrl ?? 'http://127.0.0.1:9/v1',
        ...(s ? { difyApiKey: SECRETS.difyApiKey, difySttApiKey: SECRETS.difySttApiKey } : {}),
      },
      auth: {
        adminEmail: 'it-admin@example.com',
        jwtExpireHours: 12,
        ...(s ? { jwtSecret: SECRETS.jwtSecret } : {}),
      },
    },
  };
}

export function writeJson(file: string, value: unknown): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return fs.readFileSync(file);
}
