import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRotatingLog, tailLog } from '../../../electron/main/sidecar/log-file';
import { createRedactor } from '../../../electron/main/sidecar/redact';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ma-log-'));

describe('createRotatingLog', () => {
  it('rotates to .1 when the next line would pass the size limit', () => {
    const file = path.join(dir(), 'logs', 'backend.log');
    const log = createRotatingLog(file, { maxBytes: 200 });
    for (let i = 0; i < 10; i++) log.write(`line ${i} ${'x'.repeat(30)}`);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(200);
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(fs.statSync(`${file}.1`).size).toBeLessThanOrEqual(200);
    const all = fs.readFileSync(`${file}.1`, 'utf8') + fs.readFileSync(file, 'utf8');
    expect(all).toContain('line 9');
    expect(tailLog(file, 3).at(-1)).toContain('line 9');
  });

  it('keeps counting from an existing file', () => {
    const file = path.join(dir(), 'a.log');
    fs.writeFileSync(file, 'y'.repeat(190));
    createRotatingLog(file, { maxBytes: 200 }).write('z'.repeat(40));
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('y'.repeat(190));
  });

  it('redacts before writing, with the redactor set at start', () => {
    const file = path.join(dir(), 'b.log');
    const log = createRotatingLog(file);
    log.write('before hunter2');
    log.setRedactor(createRedactor(['hunter2']));
    log.write('after hunter2');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('after ***');
    expect(text.match(/hunter2/g)?.length).toBe(1);
  });
});
