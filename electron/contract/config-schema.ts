// The config.json schema: the seed file field-for-field plus `version` and `whisper`.
// Missing sections are parsed as {} (prefault) and every missing key gets its default, so older and partial files keep working; whether a file is
// complete enough to run is decided by the embedded rules (config-validate.ts) and the secrets
// check (config-secrets.ts), not by this schema.
import { z } from 'zod';
import {
  BooleanSchema,
  CaFileSchema,
  DATABASE_SSL_MODES,
  DatabaseUserSchema,
  FolderSchema,
  HealthAttemptsSchema,
  HealthIntervalMsSchema,
  DifySummaryPartCharsSchema,
  DifyTimeoutSecondsSchema,
  JwtExpireHoursSchema,
  MESSAGES,
  OptionalDatabaseNameSchema,
  OptionalEmailSchema,
  OptionalHostSchema,
  OptionalHttpUrlSchema,
  OptionalJwtSecretSchema,
  PortSchema,
  SecretTextSchema,
  WHISPER_COMPUTE_TYPES,
  WHISPER_CHINESE_SCRIPTS,
  WHISPER_DEVICES,
  WhisperLanguageSchema,
  WhisperModelSchema,
  enumOf,
} from './config-fields';

export const CONFIG_VERSION = 1;

export const DatabaseSettingsSchema = z.object(
  {
    host: OptionalHostSchema.default(''),
    port: PortSchema.default(33306),
    user: DatabaseUserSchema.default(''),
    password: SecretTextSchema.default(''),
    database: OptionalDatabaseNameSchema.default(''),
    ssl: enumOf(DATABASE_SSL_MODES).default('preferred'),
    sslCa: CaFileSchema.default(''),
  },
  { error: MESSAGES.section },
);

export const ExternalApisSchema = z.object(
  {
    authApiUrl: OptionalHttpUrlSchema.default(''),
    difyApiUrl: OptionalHttpUrlSchema.default(''),
    difyApiKey: SecretTextSchema.default(''),
    difySttApiKey: SecretTextSchema.default(''),
    // The embedded backend's Dify timeout and summary part size (docs/dify.md).
    difyTimeoutSeconds: DifyTimeoutSecondsSchema.default(120),
    difySummaryPartChars: DifySummaryPartCharsSchema.default(12_000),
  },
  { error: MESSAGES.section },
);

export const AuthSettingsSchema = z.object(
  {
    adminEmail: OptionalEmailSchema.default(''),
    jwtSecret: OptionalJwtSecretSchema.default(''),
    jwtExpireHours: JwtExpireHoursSchema.default(24),
  },
  { error: MESSAGES.section },
);

export const BackendSettingsSchema = z.object(
  {
    // false when missing: files from before the embedded backend existed talk to a remote one.
    embedded: BooleanSchema.default(false),
    // Syntax only here; that it must be loopback when embedded is a mode rule (config-validate.ts).
    host: OptionalHostSchema.default('127.0.0.1'),
    port: PortSchema.default(8000),
    database: DatabaseSettingsSchema.prefault({}),
    externalApis: ExternalApisSchema.prefault({}),
    auth: AuthSettingsSchema.prefault({}),
  },
  { error: MESSAGES.section },
);

export const WhisperSettingsSchema = z.object(
  {
    model: WhisperModelSchema.default('small'),
    device: enumOf(WHISPER_DEVICES).default('auto'),
    computeType: enumOf(WHISPER_COMPUTE_TYPES).default('int8'),
    language: WhisperLanguageSchema.default('auto'),
    downloadRoot: FolderSchema.default(''),
    hubEndpoint: OptionalHttpUrlSchema.default(''),
    offline: BooleanSchema.default(false),
    chineseScript: enumOf(WHISPER_CHINESE_SCRIPTS).default('traditional'),
  },
  { error: MESSAGES.section },
);

/** The health-gated launch: how long the app waits for the backend before it reports a failure. */
export const LaunchSettingsSchema = z.object(
  {
    healthAttempts: HealthAttemptsSchema.default(30),
    healthIntervalMs: HealthIntervalMsSchema.default(1000),
  },
  { error: MESSAGES.section },
);

/** The interface language; 'auto' follows the operating system. Lockable by policy. */
export const UI_LANGUAGES = ['auto', 'en', 'zh-TW'] as const;
export const UiSettingsSchema = z.object(
  { language: enumOf(UI_LANGUAGES).default('auto') },
  { error: MESSAGES.section },
);

export const ConfigSchema = z.object(
  {
    version: z.literal(CONFIG_VERSION, { error: `must be ${CONFIG_VERSION}` }).default(CONFIG_VERSION),
    apiBaseUrl: OptionalHttpUrlSchema.default('http://localhost:8000/api'),
    backend: BackendSettingsSchema.prefault({}),
    whisper: WhisperSettingsSchema.prefault({}),
    launch: LaunchSettingsSchema.prefault({}),
    ui: UiSettingsSchema.prefault({}),
  },
  { error: MESSAGES.section },
);

export type Config = z.infer<typeof ConfigSchema>;
export type DatabaseSettings = z.infer<typeof DatabaseSettingsSchema>;
export type ExternalApis = z.infer<typeof ExternalApisSchema>;
export type AuthSettings = z.infer<typeof AuthSettingsSchema>;
export type BackendSettings = z.infer<typeof BackendSettingsSchema>;
export type WhisperSettings = z.infer<typeof WhisperSettingsSchema>;
export type LaunchSettings = z.infer<typeof LaunchSettingsSchema>;
export type UiSettings = z.infer<typeof UiSettingsSchema>;

/**
 * Starting values for a new installation (the wizard's first screen): the embedded backend, as
 * in ARCHITECTURE.md. The empty database and auth fields are for the user to fill in, so this
 * object on its own does not pass validateConfig.
 */
export const DEFAULT_CONFIG: Config = deepFreeze(ConfigSchema.parse({ backend: { embedded: true } }));

// Frozen so that a caller who forgets to copy it gets an error instead of changing everyone's defaults.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
