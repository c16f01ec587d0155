import { describe, expect, it } from 'vitest';
import { checkReport, parseConfigText } from '../../../electron/main/config';

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
});
