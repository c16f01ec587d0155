import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKnownSecrets, createRedactor, REDACTED } from '../../../electron/main/sidecar/redact';

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

// A secret planted in each spelling it can take must leave no trace. The spellings come from the
// real encoders: JavaScript's own here, and Python's (json, repr/%r, ascii, urllib) in the
// cross-check below, which runs python3 once over a sample of generated secrets.
const AROUND = '⟪⟫'; // the filler's characters never appear in a secret, so it cannot leak by chance
const secretArb = fc
  .string({ unit: 'grapheme', minLength: 8, maxLength: 40 })
  .filter((s) => ![...AROUND].some((c) => s.includes(c)) && !REDACTED.includes(s));
const fillerArb = fc.string({ unit: fc.constantFrom(...AROUND), maxLength: 10 });
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const upperU = (s: string) => s.replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u${h.toUpperCase()}`);

const jsEncodings: Record<string, (s: string) => string> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s),
  'json-in-object': (s) => JSON.stringify({ password: s, note: "x'y" }),
  'uri-component': (s) => encodeURIComponent(s),
  'uri-lowercase-hex': (s) => lowerHex(encodeURIComponent(s)),
  'json-uppercase-u': (s) => upperU(JSON.stringify(`\u0001${s}`)),
};

describe('createRedactor, property: every spelling of a secret is replaced', () => {
  it('JavaScript encodings (raw, JSON, URI component, either hex case)', () => {
    fc.assert(
      fc.property(secretArb, fillerArb, fillerArb, (secret, before, after) => {
        const r = createRedactor([secret]);
        for (const [name, encode] of Object.entries(jsEncodings)) {
          const out = r(`${before}${encode(secret)}${after}`);
          expect(out, name).not.toContain(secret);
          expect(out, name).not.toContain(JSON.stringify(secret).slice(1, -1));
          expect(out, name).toContain(REDACTED);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("Python's encodings (json ensure_ascii, repr/%r, ascii, quote, quote_plus), made by Python", () => {
    const venv = path.resolve('sidecars/.venv/bin/python');
    const python = fs.existsSync(venv) ? venv : process.platform === 'win32' ? 'python' : 'python3';
    // Characters from every class repr() treats differently (ASCII, controls, Latin-1, letters
    // of other scripts, astral emoji, format and separator characters). Code points that one
    // Unicode version assigns and another does not are left out: Python and Node may disagree.
    const alphabet = [...'aZ9 \'"\\%+/&=:@!*()~._-\t\n\r\x00\x1f\x7f\x80\xa0éüß密码Ωж😀🔑\u200b\u2028\ufeff'];
    const sampled = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 8, maxLength: 30 });
    const secrets = fc.sample(sampled, { numRuns: 300, seed: 9 });
    secrets.push('Db-S3cret \'q"uote\\ back%;ü密码-7F3A', 'pässwörd-ß-Ω-😀-中文', 'tab\there\nnew\x7f\x00x');
    const script = [
      'import json, sys',
      'from urllib.parse import quote, quote_plus',
      'out = []',
      'for s in json.load(sys.stdin):',
      '    out.append([json.dumps(s), json.dumps({"password": s}), repr(s), "%r" % ({"p": s},),',
      '                repr("it\'s \\"" + s + "\\""), ascii(s), quote(s, safe=""), quote_plus(s),',
      '                quote(s), "dsn=mysql://u:" + quote(s, safe="") + "@h/db"])',
      'print(json.dumps(out))',
    ].join('\n');
    const res = spawnSync(python, ['-c', script], { input: JSON.stringify(secrets), encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const encoded = JSON.parse(res.stdout) as string[][];
    secrets.forEach((secret, i) => {
      const r = createRedactor([secret]);
      const texts = encoded[i] ?? [];
      expect(texts).toHaveLength(10);
      for (const text of texts) {
        const out = r(text);
        expect(out, text).not.toContain(secret);
        expect(out, text).toContain(REDACTED);
      }
      // the secret's part of each Python spelling is gone too
      const bodies = [0, 2, 5].map((k) => (texts[k] ?? '').slice(1, -1)); // json, repr, ascii
      for (const body of bodies) for (const text of texts) expect(r(text)).not.toContain(body);
    });
  });
});

describe('createKnownSecrets (main.log)', () => {
  it('redacts nothing until a secret is added, then every spelling of it', () => {
    const known = createKnownSecrets();
    const pw = 'pässwörd-ß-Ω-😀-中文';
    expect(known.redact(`pw=${pw}`)).toBe(`pw=${pw}`);
    known.add([pw, undefined, '']);
    expect(known.redact(`pw=${pw} ${encodeURIComponent(pw)} ${JSON.stringify(pw)}`)).toBe(
      `pw=${REDACTED} ${REDACTED} "${REDACTED}"`,
    );
  });
});
