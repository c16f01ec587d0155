// Secret redaction for everything a sidecar prints and for main.log, before it reaches a log file
// or the UI. A secret appears in many spellings: raw, JSON-escaped (with or without \u escapes
// for non-ASCII), inside a Python repr (`%r`, exception text) or ascii(), and URL-encoded (a DSN,
// a query string), with hex digits in either case. Each spelling is replaced.
// sidecars/backend/meeting_backend/secret_forms.py keeps the same list for the sidecar's logs.

export const REDACTED = '***';

export type Redact = (text: string) => string;

const HEX_ESCAPE = /(\\u)([0-9a-fA-F]{4})|(\\x)([0-9a-fA-F]{2})|(\\U)([0-9a-fA-F]{8})|(%)([0-9a-fA-F]{2})/g;
// Python's str.isprintable() is false for these categories (and true for the plain space).
const PY_UNPRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
const LONE_SURROGATE = /\p{Cs}/u;
const URL_ALWAYS_SAFE = /^[A-Za-z0-9_.~-]$/;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The inside of Python's repr() (asciiOnly: ascii()) of `text`, quoted with `'`. */
function pythonReprBody(text: string, asciiOnly: boolean): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (c < 0x7f || (!asciiOnly && !PY_UNPRINTABLE.test(ch))) out += ch;
    else if (c <= 0xff) out += `\\x${hex(c, 2)}`;
    else if (c <= 0xffff) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return out;
}

/** Python's urllib.parse.quote (plus: quote_plus) with the given extra safe characters. */
function pythonQuote(text: string, safe: string, plus: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && (URL_ALWAYS_SAFE.test(ch) || safe.includes(ch))) out += ch;
    else if (plus && ch === ' ') out += '+';
    else out += `%${hex(byte, 2).toUpperCase()}`;
  }
  return out;
}

function bothHexCases(form: string): string[] {
  const cased = (upper: boolean) =>
    form.replace(HEX_ESCAPE, (match: string) => {
      const cut = match.startsWith('%') ? 1 : 2; // `%` or `\u` / `\x` / `\U`
      const digits = match.slice(cut);
      return match.slice(0, cut) + (upper ? digits.toUpperCase() : digits.toLowerCase());
    });
  return [form, cased(false), cased(true)];
}

/** Every spelling of `secret` that redaction looks for. */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set<string>([secret, json]);
  // JSON with every code unit outside ' '..'~' as \uXXXX (Python's json.dumps default).
  forms.add(json.replace(/[^\x20-\x7e]/g, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`));
  for (const asciiOnly of [false, true]) {
    const single = pythonReprBody(secret, asciiOnly);
    forms.add(single);
    forms.add(single.replace(/\\'/g, "'")); // the same text inside a repr quoted with "
  }
  if (!LONE_SURROGATE.test(secret)) {
    for (const safe of ['', '/', "!*'()"])
      for (const plus of [false, true]) forms.add(pythonQuote(secret, safe, plus));
  }
  const all = new Set<string>();
  for (const form of forms) for (const v of bothHexCases(form)) if (v.length > 0) all.add(v);
  return [...all];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(forms: Set<string>): Redact {
  if (forms.size === 0) return (text) => text;
  // Longest first, one pass: a secret that contains another is replaced whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/** Builds a redactor for the given secret values. */
export function createRedactor(secrets: Iterable<string | undefined | null>): Redact {
  const forms = new Set<string>();
  for (const s of secrets)
    if (typeof s === 'string' && s.length > 0) for (const f of secretForms(s)) forms.add(f);
  return compile(forms);
}

/**
 * The secrets main has handed to any sidecar so far, for main.log: a log that exists before the
 * first sidecar starts learns each secret when a sidecar is given it.
 */
export interface KnownSecrets {
  add(values: Iterable<string | undefined | null>): void;
  readonly redact: Redact;
}

export function createKnownSecrets(): KnownSecrets {
  const values = new Set<string>();
  let current: Redact = (text) => text;
  return {
    add(more) {
      let changed = false;
      for (const v of more)
        if (typeof v === 'string' && v.length > 0 && !values.has(v)) {
          values.add(v);
          changed = true;
        }
      if (changed) current = createRedactor(values);
    },
    redact: (text) => current(text),
  };
}
