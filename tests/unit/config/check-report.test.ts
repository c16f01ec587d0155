import { describe, expect, it } from 'vitest';
import { checkReport, parseConfigText } from '../../../electron/main/config';
import { exampleRaw, withValue } from './helpers';

describe('checkReport', () => {
  it('summarises a remote-backend file', () => {
    const report = checkReport(
      '/x/config.json',
      parseConfigText('{"apiBaseUrl": "https://meetings.example.com/api"}'),
      'admin',
    );
    expect(report.exitCode).toBe(0);
    expect(report.lines).toContain(
      'Mode: remote backend at https://meetings.example.com/api (backend.embedded is false)',
    );
    expect(report.lines).toContain("Source: the administrator's file beside the executable");
    expect(report.lines.some((l) => l.startsWith('Needed at first start'))).toBe(false);
  });

  it('uses the singular for one problem', () => {
    const report = checkReport('/x/config.json', parseConfigText('{"version": 9}'));
    expect(report).toEqual({
      exitCode: 1,
      lines: [
        'INVALID: /x/config.json has 1 problem:',
        '  version: is 9, from a newer Meeting Assistant; this version understands up to 1, so update the app',
      ],
    });
  });

  it('warns about a database password under 8 characters, without showing it', () => {
    const file = (password: string) =>
      parseConfigText(JSON.stringify(withValue(exampleRaw(), 'backend.database.password', password)));
    const short = checkReport('/x/config.json', file('root'));
    expect(short.exitCode).toBe(0);
    const warning = short.lines.find((l) => l.includes('backend.database.password: is shorter than 8'));
    expect(warning).toBeDefined();
    expect(short.lines.join('\n')).not.toContain('root');
    const long = checkReport('/x/config.json', file('k3Xq9-vR2t-Lw8p'));
    expect(long.lines.some((l) => l.includes('is shorter than'))).toBe(false);
  });
});
