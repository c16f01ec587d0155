// Field-level rules for config.json, shared by main and the renderer's forms.
// Browser-safe: no Node or Electron imports. Each field has ONE plain sentence that is used for
// every way the value can be wrong (wrong type, out of range, bad format), so an administrator
// always reads the same explanation for the same field.
import { z } from 'zod';

export const MESSAGES = {
  port: 'must be a whole number from 1 to 65535',
  host: 'must be a host name (like db.example.com) or an IP address (like 10.0.0.5 or ::1)',
  url: 'must be a web address starting with http:// or https://, like https://server.example.com/api',
  urlCredentials: 'must not contain a user name or password; put credentials in their own fields',
  urlUnspecifiedHost:
    'must name a host you can connect to; 0.0.0.0 and :: are listen addresses, not destinations',
  loopback:
    'must be 127.0.0.1, ::1 or localhost: the embedded backend serves only this computer, never the network',
  email: 'must be an e-mail address, like admin@example.com',
  databaseName: 'must be 1 to 64 characters using letters, digits, _, $ or - (no spaces, dots or slashes)',
  databaseUser: 'must be a user name of at most 80 characters',
  jwtExpireHours: 'must be a whole number of hours from 1 to 720 (30 days)',
  difyTimeoutSeconds: 'must be a whole number of seconds from 1 to 3600',
  difySummaryPartChars: 'must be a whole number of characters from 1000 to 1000000',
  jwtSecretShort: 'must be at least 32 characters long; generate one with `openssl rand -hex 32`',
  jwtSecretPlaceholder: 'is a placeholder; replace it with a long random secret',
  boolean: 'must be true or false',
  text: 'must be text in double quotes',
  folder: 'must be a folder path in double quotes, or empty for the default folder',
  caFile:
    'must be the path of a CA certificate file (PEM) in double quotes, or empty to use the CAs this computer trusts',
  language: 'must be "auto" or a language code like en, zh or yue',
  whisperModel:
    'must be a model size (tiny, base, small, medium, large-v3, turbo, ...), a Hugging Face repo id like Systran/faster-whisper-small, or the full path of a model folder',
  healthAttempts: 'must be a whole number of attempts from 1 to 300',
  healthIntervalMs: 'must be a whole number of milliseconds from 100 to 10000',
  section: 'must be a section: a JSON object in { braces }',
} as const;

/** faster-whisper's model names (WhisperModel accepts these size names). */
export const WHISPER_MODELS = [
  'tiny',
  'tiny.en',
  'base',
  'base.en',
  'small',
  'small.en',
  'medium',
  'medium.en',
  'large-v1',
  'large-v2',
  'large-v3',
  'large',
  'large-v3-turbo',
  'turbo',
  'distil-small.en',
  'distil-medium.en',
  'distil-large-v2',
  'distil-large-v3',
] as const;
/** MySQL's own --ssl-mode values for the database connection (see docs/config.md). */
export const DATABASE_SSL_MODES = [
  'disabled',
  'preferred',
  'required',
  'verify_ca',
  'verify_identity',
] as const;
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];
export const WHISPER_DEVICES = ['auto', 'cpu', 'cuda'] as const;
/** How Chinese output is written: OpenCC s2twp (Taiwan), t2s, or Whisper's own characters. */
export const WHISPER_CHINESE_SCRIPTS = ['traditional', 'simplified', 'as-is'] as const;
/** CTranslate2 compute types accepted by faster-whisper. */
export const WHISPER_COMPUTE_TYPES = [
  'default',
  'auto',
  'int8',
  'int8_float32',
  'int8_float16',
  'int8_bfloat16',
  'int16',
  'float16',
  'bfloat16',
  'float32',
] as const;

export const oneOfMessage = (values: readonly string[]): string => `must be one of: ${values.join(', ')}`;

// ---- checks: return a message, or null when the value is fine ----------------------------------

const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DOTTED_NUMBERS = /^[0-9.]+$/;

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  try {
    // WHATWG URL is the one IPv6 parser available in both Node and the browser.
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

export function hostProblem(s: string): string | null {
  if (isIpv4(s) || isIpv6(s)) return null;
  // All-numeric names like 300.1.1.1 are mistyped IPv4 addresses, not host names.
  if (DOTTED_NUMBERS.test(s)) return MESSAGES.host;
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  if (name.length === 0 || name.length > 253) return MESSAGES.host;
  return name.split('.').every((l) => HOSTNAME_LABEL.test(l)) ? null : MESSAGES.host;
}

// The embedded backend receives every secret and trusts requests from this computer only (it
// checks the Host header), so it must never listen on a network interface.
export function loopbackHostProblem(s: string): string | null {
  const hostProblemMessage = hostProblem(s);
  if (hostProblemMessage !== null) return hostProblemMessage;
  const isLoopback = s.toLowerCase() === 'localhost' || s === '::1' || (isIpv4(s) && s.startsWith('127.'));
  return isLoopback ? null : MESSAGES.loopback;
}

export function httpUrlProblem(s: string): string | null {
  if (s !== s.trim() || /\s/.test(s)) return MESSAGES.url;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return MESSAGES.url;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return MESSAGES.url;
  if (url.hostname === '') return MESSAGES.url;
  // Credentials in a URL end up in logs and process listings; they belong in secret fields.
  if (url.username !== '' || url.password !== '') return MESSAGES.urlCredentials;
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') return MESSAGES.urlUnspecifiedHost;
  return null;
}

const EMAIL =
  /^[^\s@"<>(),;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
export function emailProblem(s: string): string | null {
  return s.length <= 254 && EMAIL.test(s) ? null : MESSAGES.email;
}

// MySQL/MariaDB map a database name to a folder, so / \ . and NUL are never allowed; we also keep
// to the characters that need no quoting in SQL (letters, digits, _ and $, non-ASCII BMP letters)
// plus '-', which is common in admin-chosen names and safe because the backend quotes identifiers.
const DATABASE_NAME = /^[0-9A-Za-z_$\-\u0080-\uFFFF]{1,64}$/;
export function databaseNameProblem(s: string): string | null {
  return DATABASE_NAME.test(s) ? null : MESSAGES.databaseName;
}

/** Well-known placeholder secrets, refused as auth.jwtSecret; the backend refuses the same list. */
export const JWT_PLACEHOLDERS = [
  'changethis',
  'changeme',
  'change-me',
  'secret',
  'password',
  'jwt-secret',
  'your-secret-here',
] as const;
const JWT_PLACEHOLDER_SET: ReadonlySet<string> = new Set(JWT_PLACEHOLDERS);
const HF_REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Absolute paths on POSIX (/opt/models), Windows (C:\models, C:/models) and UNC (\\server\share).
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;
/** The transcriber accepts a size name, a Hugging Face repo id or a model folder (transcriber.ts). */
export function whisperModelProblem(s: string): string | null {
  const ok = (WHISPER_MODELS as readonly string[]).includes(s) || HF_REPO_ID.test(s) || ABSOLUTE_PATH.test(s);
  return ok ? null : MESSAGES.whisperModel;
}

export function jwtSecretProblem(s: string): string | null {
  if (JWT_PLACEHOLDER_SET.has(s.toLowerCase())) return MESSAGES.jwtSecretPlaceholder;
  return s.length >= 32 ? null : MESSAGES.jwtSecretShort;
}

// ---- schemas ---------------------------------------------------------------------------------

type Check = (s: string) => string | null;

/** A string field checked by `check`; the same message for a wrong type and a bad value. */
function checkedString(check: Check, typeMessage: string, allowEmpty: boolean) {
  return z.string({ error: typeMessage }).superRefine((value, ctx) => {
    if (allowEmpty && value === '') return;
    const message = check(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  });
}

const integer = (min: number, max: number, message: string) =>
  z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });

export const PortSchema = integer(1, 65535, MESSAGES.port);
/** A host name or IP address; empty is not allowed (use the section schema for stored files). */
export const HostSchema = checkedString(hostProblem, MESSAGES.host, false);
export const HttpUrlSchema = checkedString(httpUrlProblem, MESSAGES.url, false);
export const EmailSchema = checkedString(emailProblem, MESSAGES.email, false);
export const DatabaseNameSchema = checkedString(databaseNameProblem, MESSAGES.databaseName, false);
export const JwtSecretSchema = checkedString(jwtSecretProblem, MESSAGES.text, false);
export const JwtExpireHoursSchema = integer(1, 720, MESSAGES.jwtExpireHours);
export const DifyTimeoutSecondsSchema = integer(1, 3600, MESSAGES.difyTimeoutSeconds);
export const DifySummaryPartCharsSchema = integer(1000, 1_000_000, MESSAGES.difySummaryPartChars);
export const HealthAttemptsSchema = integer(1, 300, MESSAGES.healthAttempts);
export const HealthIntervalMsSchema = integer(100, 10_000, MESSAGES.healthIntervalMs);

// Variants used inside config.json, where an empty string means "not filled in yet" (the wizard
// fills it in, or it is not needed in this mode; see the embedded rules in config-validate.ts).
export const OptionalHostSchema = checkedString(hostProblem, MESSAGES.host, true);
export const LoopbackHostSchema = checkedString(loopbackHostProblem, MESSAGES.host, true);
export const OptionalHttpUrlSchema = checkedString(httpUrlProblem, MESSAGES.url, true);
export const OptionalEmailSchema = checkedString(emailProblem, MESSAGES.email, true);
export const OptionalDatabaseNameSchema = checkedString(databaseNameProblem, MESSAGES.databaseName, true);
export const OptionalJwtSecretSchema = checkedString(jwtSecretProblem, MESSAGES.text, true);
export const DatabaseUserSchema = z
  .string({ error: MESSAGES.databaseUser })
  .max(80, { error: MESSAGES.databaseUser });
export const SecretTextSchema = z.string({ error: MESSAGES.text });
export const BooleanSchema = z.boolean({ error: MESSAGES.boolean });
export const FolderSchema = z.string({ error: MESSAGES.folder });
export const CaFileSchema = z.string({ error: MESSAGES.caFile }).max(4096, { error: MESSAGES.caFile });
export const WhisperModelSchema = checkedString(whisperModelProblem, MESSAGES.whisperModel, false);
export const WhisperLanguageSchema = z
  .string({ error: MESSAGES.language })
  .regex(/^(auto|[a-z]{2,3})$/, { error: MESSAGES.language });

export const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: oneOfMessage(values) });
