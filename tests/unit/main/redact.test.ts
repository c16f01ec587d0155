import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../../electron/main/sidecar/redact';

describe('createRedactor', () => {
  it('replaces every occurrence of every secret', () => {
    const r = createRedactor(['s3cret', 'token-123']);
    expect(r('a s3cret b s3cret token-123')).toBe(`a ${REDACTED} b ${REDACTED} ${REDACTED}`);
  });

  it('replaces JSON-escaped and URL-encoded forms', () => {
    const pw = 'pa"ss w\\rd%;é';
    const r = createRedactor([pw]);
    const json = JSON.stringify({ password: pw });
    expect(r(json)).not.toContain('pa\\"ss');
    expect(r(json)).toContain(REDACTED);
    expect(r(`mysql://u:${encodeURIComponent(pw)}@h/db`)).toBe(`mysql://u:${REDACTED}@h/db`);
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    const r = createRedactor(['abc', 'xxabcxx']);
    expect(r('xxabcxx abc')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('ignores empty and missing values', () => {
    const r = createRedactor(['', undefined, null]);
    expect(r('nothing to hide')).toBe('nothing to hide');
  });
});
