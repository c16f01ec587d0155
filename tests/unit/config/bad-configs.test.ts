// Table of bad config.json inputs: each must give exactly one problem, with this path and this
// exact sentence (the wording administrators see).
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../electron/contract/config';
import { REMOVE, exampleRaw, withValue } from './helpers';

const PORT = 'must be a whole number from 1 to 65535';
const HOST = 'must be a host name (like db.example.com) or an IP address (like 10.0.0.5 or ::1)';
const URL_ = 'must be a web address starting with http:// or https://, like https://server.example.com/api';
const CREDS = 'must not contain a user name or password; put credentials in their own fields';
const EMAIL = 'must be an e-mail address, like admin@example.com';
const HOURS = 'must be a whole number of hours from 1 to 720 (30 days)';
const DBNAME = 'must be 1 to 64 characters using letters, digits, _, $ or - (no spaces, dots or slashes)';
const ATTEMPTS = 'must be a whole number of attempts from 1 to 300';
const INTERVAL = 'must be a whole number of milliseconds from 100 to 10000';
const SECTION = 'must be a section: a JSON object in { braces }';
const REQUIRED = 'is required when backend.embedded is true';
const TOP = 'must be a JSON object: the whole file is one { ... } with the settings inside';

const notEmbedded = (path: string, value: unknown) =>
  withValue(withValue(exampleRaw(), 'backend.embedded', false), path, value);

type Case = [name: string, input: unknown, path: string, message: string];
const set = (path: string, value: unknown) => withValue(exampleRaw(), path, value);

const CASES: Case[] = [
  ['port zero', set('backend.port', 0), 'backend.port', PORT],
  ['port too high', set('backend.port', 65536), 'backend.port', PORT],
  ['port fraction', set('backend.port', 80.5), 'backend.port', PORT],
  ['port as text', set('backend.port', '8000'), 'backend.port', PORT],
  ['db port negative', set('backend.database.port', -1), 'backend.database.port', PORT],
  ['db port null', set('backend.database.port', null), 'backend.database.port', PORT],
  ['host with space', set('backend.host', 'bad host'), 'backend.host', HOST],
  ['IPv4 out of range', set('backend.host', '300.1.1.1'), 'backend.host', HOST],
  [
    'host label starts with -',
    set('backend.database.host', '-db.example.com'),
    'backend.database.host',
    HOST,
  ],
  ['host with underscore', set('backend.database.host', 'db_1.example.com'), 'backend.database.host', HOST],
  ['host as number', set('backend.database.host', 42), 'backend.database.host', HOST],
  ['host in brackets', set('backend.database.host', '[::1]'), 'backend.database.host', HOST],
  [
    'backend listening on the network',
    set('backend.host', '0.0.0.0'),
    'backend.host',
    'must be 127.0.0.1, ::1 or localhost: the embedded backend serves only this computer, never the network',
  ],
  [
    'backend listening on a LAN name',
    set('backend.host', 'meetings.corp.example'),
    'backend.host',
    'must be 127.0.0.1, ::1 or localhost: the embedded backend serves only this computer, never the network',
  ],
  ['empty backend host', set('backend.host', ''), 'backend.host', REQUIRED],
  ['ftp URL', set('apiBaseUrl', 'ftp://x.example.com/api'), 'apiBaseUrl', URL_],
  ['URL without scheme', set('apiBaseUrl', 'localhost:8000/api'), 'apiBaseUrl', URL_],
  ['URL with user and password', set('apiBaseUrl', 'https://user:pw@x.example.com/api'), 'apiBaseUrl', CREDS],
  [
    'URL with token as user',
    set('backend.externalApis.difyApiUrl', 'https://token@dify.example.com/v1'),
    'backend.externalApis.difyApiUrl',
    CREDS,
  ],
  [
    'URL that is words',
    set('backend.externalApis.authApiUrl', 'not a url'),
    'backend.externalApis.authApiUrl',
    URL_,
  ],
  [
    'URL with leading space',
    set('backend.externalApis.difyApiUrl', ' https://dify.example.com/v1'),
    'backend.externalApis.difyApiUrl',
    URL_,
  ],
  ['file URL for the hub', set('whisper.hubEndpoint', 'file:///srv/hub'), 'whisper.hubEndpoint', URL_],
  [
    'URL to 0.0.0.0',
    set('apiBaseUrl', 'http://0.0.0.0:8000/api'),
    'apiBaseUrl',
    'must name a host you can connect to; 0.0.0.0 and :: are listen addresses, not destinations',
  ],
  ['e-mail without @', set('backend.auth.adminEmail', 'admin'), 'backend.auth.adminEmail', EMAIL],
  [
    'e-mail without domain dot',
    set('backend.auth.adminEmail', 'admin@localhost'),
    'backend.auth.adminEmail',
    EMAIL,
  ],
  ['e-mail with space', set('backend.auth.adminEmail', 'a b@example.com'), 'backend.auth.adminEmail', EMAIL],
  ['jwtExpireHours zero', set('backend.auth.jwtExpireHours', 0), 'backend.auth.jwtExpireHours', HOURS],
  [
    'jwtExpireHours over 30 days',
    set('backend.auth.jwtExpireHours', 721),
    'backend.auth.jwtExpireHours',
    HOURS,
  ],
  ['healthAttempts zero', set('launch.healthAttempts', 0), 'launch.healthAttempts', ATTEMPTS],
  ['healthIntervalMs too fast', set('launch.healthIntervalMs', 10), 'launch.healthIntervalMs', INTERVAL],
  ['launch not a section', set('launch', 5), 'launch', SECTION],
  ['jwtExpireHours fraction', set('backend.auth.jwtExpireHours', 1.5), 'backend.auth.jwtExpireHours', HOURS],
  [
    'short jwtSecret',
    set('backend.auth.jwtSecret', 'short'),
    'backend.auth.jwtSecret',
    'must be at least 32 characters long; generate one with `openssl rand -hex 32`',
  ],
  [
    'placeholder jwtSecret',
    set('backend.auth.jwtSecret', 'changethis'),
    'backend.auth.jwtSecret',
    'is a placeholder; replace it with a long random secret',
  ],
  ['database name with dot', set('backend.database.database', 'my.db'), 'backend.database.database', DBNAME],
  ['database name with slash', set('backend.database.database', 'a/b'), 'backend.database.database', DBNAME],
  [
    'database name too long',
    set('backend.database.database', 'x'.repeat(65)),
    'backend.database.database',
    DBNAME,
  ],
  [
    'database name with space',
    set('backend.database.database', 'my db'),
    'backend.database.database',
    DBNAME,
  ],
  [
    'database user too long',
    set('backend.database.user', 'u'.repeat(81)),
    'backend.database.user',
    'must be a user name of at most 80 characters',
  ],
  [
    'unknown whisper model',
    set('whisper.model', 'huge'),
    'whisper.model',
    'must be a model size (tiny, base, small, medium, large-v3, turbo, ...), a Hugging Face repo id like Systran/faster-whisper-small, or the full path of a model folder',
  ],
  [
    'relative model folder',
    set('whisper.model', 'models\\small'),
    'whisper.model',
    'must be a model size (tiny, base, small, medium, large-v3, turbo, ...), a Hugging Face repo id like Systran/faster-whisper-small, or the full path of a model folder',
  ],
  ['unknown device', set('whisper.device', 'gpu'), 'whisper.device', 'must be one of: auto, cpu, cuda'],
  [
    'unknown compute type',
    set('whisper.computeType', 'int4'),
    'whisper.computeType',
    'must be one of: default, auto, int8, int8_float32, int8_float16, int8_bfloat16, int16, float16, bfloat16, float32',
  ],
  [
    'language as a word',
    set('whisper.language', 'english'),
    'whisper.language',
    'must be "auto" or a language code like en, zh or yue',
  ],
  ['offline as text', set('whisper.offline', 'yes'), 'whisper.offline', 'must be true or false'],
  ['embedded as text', set('backend.embedded', 'true'), 'backend.embedded', 'must be true or false'],
  ['database section as text', set('backend.database', 'mysql://db'), 'backend.database', SECTION],
  ['whisper section as list', set('whisper', []), 'whisper', SECTION],
  [
    'password as number',
    set('backend.database.password', 123),
    'backend.database.password',
    'must be text in double quotes',
  ],
  [
    'downloadRoot as number',
    set('whisper.downloadRoot', 5),
    'whisper.downloadRoot',
    'must be a folder path in double quotes, or empty for the default folder',
  ],
  [
    'newer version',
    set('version', 2),
    'version',
    'is 2, from a newer Meeting Assistant; this version understands up to 1, so update the app',
  ],
  ['version as text', set('version', '1'), 'version', 'must be a whole number from 1 to 1, or left out'],
  ['top level is a list', [], '', TOP],
  ['top level is null', null, '', TOP],
  ['top level is text', 'config', '', TOP],
  ['embedded without database host', set('backend.database.host', ''), 'backend.database.host', REQUIRED],
  [
    'embedded without Dify URL',
    set('backend.externalApis.difyApiUrl', ''),
    'backend.externalApis.difyApiUrl',
    REQUIRED,
  ],
  [
    'embedded without admin e-mail key',
    set('backend.auth.adminEmail', REMOVE),
    'backend.auth.adminEmail',
    REQUIRED,
  ],
  [
    'remote backend with empty apiBaseUrl',
    notEmbedded('apiBaseUrl', ''),
    'apiBaseUrl',
    'is required when backend.embedded is false: it is the address of the existing backend, like https://meetings.example.com/api',
  ],
  ['remote backend with bad apiBaseUrl', notEmbedded('apiBaseUrl', 'meetings'), 'apiBaseUrl', URL_],
];

describe('validateConfig on bad input', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)('%s', (_name, input, path, message) => {
    const result = validateConfig(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ path, message }]);
  });
});
