// Which config fields are secrets, and pure helpers to read, set and strip them.
// Secrets never reach a file the app writes: they live in the OS keychain under the service
// 'meeting-assistant' with the dotted path below as the account.
import type { Config } from './config-schema';

export const SECRET_FIELDS = [
  'backend.database.password',
  'backend.externalApis.difyApiKey',
  'backend.externalApis.difySttApiKey',
  'backend.auth.jwtSecret',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export const KEYCHAIN_SERVICE = 'meeting-assistant';

export function isSecretField(value: unknown): value is SecretField {
  return typeof value === 'string' && (SECRET_FIELDS as readonly string[]).includes(value);
}

export function getSecret(config: Config, field: SecretField): string {
  const b = config.backend;
  switch (field) {
    case 'backend.database.password':
      return b.database.password;
    case 'backend.externalApis.difyApiKey':
      return b.externalApis.difyApiKey;
    case 'backend.externalApis.difySttApiKey':
      return b.externalApis.difySttApiKey;
    case 'backend.auth.jwtSecret':
      return b.auth.jwtSecret;
  }
}

/** Returns a new config with `field` set; the input is not changed. */
export function setSecret(config: Config, field: SecretField, value: string): Config {
  const b = config.backend;
  const backend = {
    ...b,
    database: { ...b.database },
    externalApis: { ...b.externalApis },
    auth: { ...b.auth },
  };
  switch (field) {
    case 'backend.database.password':
      backend.database.password = value;
      break;
    case 'backend.externalApis.difyApiKey':
      backend.externalApis.difyApiKey = value;
      break;
    case 'backend.externalApis.difySttApiKey':
      backend.externalApis.difySttApiKey = value;
      break;
    case 'backend.auth.jwtSecret':
      backend.auth.jwtSecret = value;
      break;
  }
  return { ...config, backend };
}

/** Returns a new config with every secret field empty (empty means "not in this file"). */
export function stripSecrets(config: Config): Config {
  return SECRET_FIELDS.reduce((c, field) => setSecret(c, field, ''), config);
}

/** The secret fields that have a value in this config. */
export function secretsInConfig(config: Config): SecretField[] {
  return SECRET_FIELDS.filter((field) => getSecret(config, field) !== '');
}

/**
 * The secrets this config needs in order to run. Only the embedded backend needs any (a remote
 * backend keeps its own). Of those, the JWT secret signs logins and the Dify API key makes
 * summaries; the database password may legitimately be empty, and the speech-to-text key is only
 * for a separate Dify speech-to-text app.
 */
export function requiredSecrets(config: Config): SecretField[] {
  return config.backend.embedded ? ['backend.externalApis.difyApiKey', 'backend.auth.jwtSecret'] : [];
}

/** Required secrets that are neither in the config nor in `present` (what the keychain holds). */
export function missingSecrets(config: Config, present: ReadonlySet<SecretField>): SecretField[] {
  return requiredSecrets(config).filter((field) => getSecret(config, field) === '' && !present.has(field));
}
