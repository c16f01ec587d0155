import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError, readConfigFile } from '../../../electron/main/config';
import { EXAMPLE_PATH, exampleRaw } from './helpers';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();
const fileWith = (content: string | Buffer) => {
  const file = path.join(tempDir(), 'config.json');
  writeFileSync(file, content);
  return file;
};
const exampleText = readFileSync(EXAMPLE_PATH, 'utf8');

describe('readConfigFile', () => {
  it('reads the example', async () => {
    const result = await readConfigFile(EXAMPLE_PATH);
    expect(result).toMatchObject({ status: 'ok', raw: exampleRaw(), warnings: [] });
  });

  it('says missing for a file that does not exist', async () => {
    expect(await readConfigFile(path.join(tempDir(), 'nope.json'))).toEqual({ status: 'missing' });
  });

  it('reads UTF-8 with a byte-order mark and CRLF line endings (Windows Notepad)', async () => {
    const file = fileWith(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(exampleText.replace(/\n/g, '\r\n'))]),
    );
    expect((await readConfigFile(file)).status).toBe('ok');
  });

  it.each([
    ['an empty file', '', 'is empty; it must contain one JSON object like the one in config.example.json'],
    [
      'only whitespace',
      ' \r\n\t',
      'is empty; it must contain one JSON object like the one in config.example.json',
    ],
    [
      'a list at the top level',
      '[1, 2]',
      'must be a JSON object: the whole file is one { ... } with the settings inside',
    ],
    [
      'a number at the top level',
      '42',
      'must be a JSON object: the whole file is one { ... } with the settings inside',
    ],
    [
      'a trailing comma',
      '{\n  "version": 1,\n}',
      'is not valid JSON at line 3, column 1: a comma before "}" (remove the last comma)',
    ],
    [
      'a missing comma (CRLF)',
      '{\r\n  "a": 1\r\n  "b": 2\r\n}',
      'is not valid JSON at line 3, column 3: expected a comma or "}" but found """',
    ],
    [
      'a bare word',
      '{\n  "a": yes\n}',
      'is not valid JSON at line 2, column 8: an unexpected "y" where a value was expected',
    ],
    [
      'a single backslash in a Windows path',
      '{"downloadRoot": "C:\\models"}',
      'is not valid JSON at line 1, column 21: a bad escape after a backslash (write \\\\ for one backslash, e.g. in Windows paths)',
    ],
    [
      'an unclosed object',
      '{\n  "a": 1',
      'is not valid JSON at line 2, column 9: expected a comma or "}" but found the end of the file',
    ],
    [
      'a comment',
      '// settings\n{}',
      'is not valid JSON at line 1, column 1: an unexpected "/" where a value was expected',
    ],
    [
      'an unquoted name',
      '{ version: 1 }',
      'is not valid JSON at line 1, column 3: expected a setting name in double quotes but found "v"',
    ],
  ])('reports %s', async (_name, content, message) => {
    expect(await readConfigFile(fileWith(content))).toMatchObject({
      status: 'invalid',
      problems: [{ path: '', message }],
      warnings: [],
    });
  });

  it('reports a UTF-16 file (Notepad "Unicode") as such', async () => {
    const file = fileWith(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
    const result = await readConfigFile(file);
    expect(result.status === 'invalid' && result.problems[0]?.message).toMatch(/UTF-16; save it as UTF-8/);
  });

  it('reports bytes that are not UTF-8', async () => {
    const result = await readConfigFile(fileWith(Buffer.from([0x7b, 0xff, 0x7d])));
    expect(result.status === 'invalid' && result.problems[0]?.message).toBe(
      'is not UTF-8 text; save it as UTF-8',
    );
  });

  it('reports a folder where the file should be', async () => {
    const dir = path.join(tempDir(), 'config.json');
    mkdirSync(dir);
    const result = await readConfigFile(dir);
    expect(result.status === 'invalid' && result.problems[0]?.message).toBe(
      'is a folder, not a file; point to the config.json inside it',
    );
  });

  it('returns the raw object with the problems, so the wizard can pre-fill from it', async () => {
    const result = await readConfigFile(fileWith('{"backend": {"embedded": true, "port": 0}}'));
    expect(result).toMatchObject({ status: 'invalid', raw: { backend: { embedded: true, port: 0 } } });
  });

  it('never writes: a bad file is left exactly as it was', async () => {
    const file = fileWith('{ broken');
    const before = statSync(file).mtimeMs;
    await readConfigFile(file);
    expect(readFileSync(file, 'utf8')).toBe('{ broken');
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe('locateJsonSyntaxError', () => {
  it('returns null for valid JSON of every kind', () => {
    for (const text of ['{}', '[]', '"x"', '-1.5e3', 'true', 'null', ' {"a":[1,{"b":"\\u00e9\\n"}]} ']) {
      expect(locateJsonSyntaxError(text)).toBeNull();
    }
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['{"a":1}x', '01', '1.', '"\t"', '{"a":1,,}', '[1,]', '-', 'nul']) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonSyntaxError(text)).not.toBeNull();
    }
  });

  it('finds an error exactly when JSON.parse does, for random and damaged JSON', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '\\', ':', 'x', '\n'))
      .map(
        ([text, at, insert]) =>
          text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)),
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), damaged), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJsonSyntaxError(text) === null).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});
