import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SECRET_FIELDS, setSecret, validateConfig, type Config } from '../../../electron/contract/config';
import {
  ConfigWriteError,
  nodeConfigFs,
  readConfigFile,
  restoreBackup,
  writeConfigFile,
  type ConfigFs,
} from '../../../electron/main/config';
import { faultFs, fsError, type FaultStep } from './fault-fs';
import { exampleRaw, withValue } from './helpers';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();
const configPath = () => path.join(tempDir(), 'config.json');

function exampleConfig(): Config {
  const result = validateConfig(exampleRaw());
  if (!result.ok) throw new Error('example must be valid');
  return result.config;
}
const SECRET_VALUES = SECRET_FIELDS.map((f) => `s3cret-${f}-${'x'.repeat(32)}`);
const withAllSecrets = (c: Config) =>
  SECRET_FIELDS.reduce((acc, f, i) => setSecret(acc, f, SECRET_VALUES[i] as string), c);
const OLD_CONTENT = `${JSON.stringify({ ...exampleRaw(), note: 'old file' }, null, 2)}\n`;

describe('writeConfigFile', () => {
  it('writes a file that reads back as the same config, mode 0600, nothing else left behind', async () => {
    const file = configPath();
    await writeConfigFile(file, exampleConfig());
    expect(await readConfigFile(file)).toMatchObject({ status: 'ok', config: exampleConfig(), warnings: [] });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(tempDir())).toEqual(['config.json']);
  });

  it('keeps the previous file as config.json.bak, byte for byte', async () => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    await writeConfigFile(file, exampleConfig());
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(OLD_CONTENT);
    expect(readdirSync(tempDir()).sort()).toEqual(['config.json', 'config.json.bak']);
  });

  it('keeps keys it does not know, at any depth', async () => {
    const file = configPath();
    const raw = withValue(withValue(exampleRaw(), 'backend.database.charset', 'utf8mb4'), 'deployedBy', {
      team: 'IT',
    });
    await writeConfigFile(file, exampleConfig(), { rawForUnknownKeys: raw });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.backend.database.charset).toBe('utf8mb4');
    expect(written.deployedBy).toEqual({ team: 'IT' });
    expect((await readConfigFile(file)).status).toBe('ok');
  });

  it('keeps a "__proto__" key as a plain key', async () => {
    const file = configPath();
    const raw = JSON.parse('{"__proto__": {"polluted": true}}');
    await writeConfigFile(file, exampleConfig(), { rawForUnknownKeys: raw });
    expect(readFileSync(file, 'utf8')).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to write an invalid config and leaves the old file alone', async () => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    const bad = { ...exampleConfig(), backend: { ...exampleConfig().backend, port: 0 } };
    const error = await writeConfigFile(file, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigWriteError);
    expect(error).toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('backend.port: must be a whole number from 1 to 65535'),
    });
    expect(readdirSync(tempDir())).toEqual(['config.json']);
  });
});

describe('no secret reaches the disk', () => {
  it('not even through the .bak of a previous file that is not valid JSON: none is made, and it says so', async () => {
    const file = configPath();
    const secret = SECRET_VALUES[0] as string;
    // A hand-edited file with one comma too many: no parser can find the password to remove it.
    writeFileSync(file, `{ "backend": { "database": { "password": "${secret}", } } }`);
    const outcome = await writeConfigFile(file, exampleConfig());
    expect(outcome).toBe('skipped_not_json');
    expect(readdirSync(tempDir())).toEqual(['config.json']);
    expect(readFileSync(file, 'utf8')).not.toContain(secret);
  });

  it('leaves an older .bak alone when the previous file was not valid JSON', async () => {
    const file = configPath();
    writeFileSync(`${file}.bak`, OLD_CONTENT);
    writeFileSync(file, '{ broken');
    expect(await writeConfigFile(file, exampleConfig())).toBe('skipped_not_json');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(OLD_CONTENT);
  });

  it('reports a kept backup, and no backup when there was no file', async () => {
    const file = configPath();
    expect(await writeConfigFile(file, exampleConfig())).toBe('no_previous_file');
    expect(await writeConfigFile(file, exampleConfig())).toBe('kept');
  });

  it('in config.json, config.json.bak or any temp file the core wrote', async () => {
    const file = configPath();
    // The previous file was hand-edited and holds secrets in plain text.
    writeFileSync(file, JSON.stringify(withAllSecrets(exampleConfig())));
    const { fs, written } = faultFs();
    await writeConfigFile(file, withAllSecrets(exampleConfig()), {
      fs,
      rawForUnknownKeys: withAllSecrets(exampleConfig()),
    });
    await writeConfigFile(file, withAllSecrets(exampleConfig()), { fs });

    expect(written.length).toBeGreaterThanOrEqual(3);
    const onDisk = readdirSync(tempDir()).map((name) => readFileSync(path.join(tempDir(), name), 'utf8'));
    for (const text of [...onDisk, ...written.map((w) => w.data)]) {
      for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
      for (const field of SECRET_FIELDS) expect(text).not.toContain(`"${field.split('.').at(-1)}"`);
    }
  });
});

describe('a write that fails partway', () => {
  const CASES: Array<[FaultStep, string, string]> = [
    ['open', 'disk_full', 'the disk is full'],
    ['write-partway', 'disk_full', 'the disk is full'],
    ['sync', 'unknown', 'EIO'],
    ['rename', 'rename_failed', 'EXDEV'],
  ];

  it.each(CASES)('at %s leaves the old config byte-for-byte intact', async (failAt, code, text) => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    const { fs } = faultFs({
      failAt,
      failOn: (p) => p === file || (path.basename(p).startsWith('.config.json.') && !p.includes('.bak.')),
    });
    const error = await writeConfigFile(file, exampleConfig(), { fs }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigWriteError);
    expect(error).toMatchObject({ code, path: file });
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).toMatch(
      /^Could not save the settings to .*config\.json: .*The previous settings are unchanged\.$/,
    );
    expect(readFileSync(file, 'utf8')).toBe(OLD_CONTENT);
    // No temp file is left; the .bak (written first) is a copy of the untouched old file.
    expect(readdirSync(tempDir()).sort()).toEqual(['config.json', 'config.json.bak']);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(OLD_CONTENT);
  });

  it('when the backup cannot be written, nothing changes at all', async () => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    const { fs } = faultFs({ failAt: 'write-partway', failOn: (p) => p.includes('.bak.') });
    await expect(writeConfigFile(file, exampleConfig(), { fs })).rejects.toMatchObject({ code: 'disk_full' });
    expect(readFileSync(file, 'utf8')).toBe(OLD_CONTENT);
    expect(readdirSync(tempDir())).toEqual(['config.json']);
  });
});

describe('Windows rename', () => {
  const renameFailing = (times: number, code: string) => {
    let failures = 0;
    const fs: ConfigFs = {
      ...nodeConfigFs,
      async rename(from, to) {
        if (failures++ < times) throw fsError(code, 'resource busy or locked');
        await nodeConfigFs.rename(from, to);
      },
    };
    return fs;
  };

  it('retries a rename that antivirus blocks for a moment', async () => {
    const sleep = vi.fn(async () => undefined);
    await writeConfigFile(configPath(), exampleConfig(), {
      fs: renameFailing(2, 'EBUSY'),
      platform: 'win32',
      sleep,
    });
    expect(sleep.mock.calls).toEqual([[50], [100]]);
    expect((await readConfigFile(configPath())).status).toBe('ok');
  });

  it('gives up with a clear error when the file stays locked', async () => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    const sleep = vi.fn(async () => undefined);
    const error = await writeConfigFile(file, exampleConfig(), {
      fs: renameFailing(100, 'EPERM'),
      platform: 'win32',
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rename_failed', message: expect.stringContaining('antivirus') });
    expect(sleep).toHaveBeenCalledTimes(5);
    expect(readFileSync(file, 'utf8')).toBe(OLD_CONTENT);
  });

  it('does not retry on POSIX, where EPERM is a real permission problem', async () => {
    const sleep = vi.fn(async () => undefined);
    await expect(
      writeConfigFile(configPath(), exampleConfig(), {
        fs: renameFailing(1, 'EPERM'),
        platform: 'linux',
        sleep,
      }),
    ).rejects.toMatchObject({
      code: 'rename_failed',
    });
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('restoreBackup', () => {
  it('puts the backup back and keeps the replaced file as the new backup', async () => {
    const file = configPath();
    writeFileSync(file, OLD_CONTENT);
    await writeConfigFile(file, exampleConfig());
    const newContent = readFileSync(file, 'utf8');
    expect(await restoreBackup(file)).toMatchObject({ status: 'ok', raw: { note: 'old file' } });
    expect(readFileSync(file, 'utf8')).toBe(OLD_CONTENT);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(newContent);
  });

  it('says so when there is no backup', async () => {
    await expect(restoreBackup(configPath())).rejects.toMatchObject({ code: 'no_backup' });
  });
});
