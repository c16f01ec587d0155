// Secret redaction for everything a sidecar prints before it reaches a log file or the UI.
// A secret may appear raw, JSON-escaped (inside a JSON log line) or URL-encoded (inside a DSN),
// so each form is replaced.

export const REDACTED = '***';

export type Redact = (text: string) => string;

function variants(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // Lone surrogates cannot be URL-encoded; the raw form is still covered.
  }
  return [...forms].filter((f) => f.length > 0);
}

/** Builds a redactor for the given secret values. Longest first, so a secret containing another is replaced whole. */
export function createRedactor(secrets: Iterable<string | undefined | null>): Redact {
  const forms = new Set<string>();
  for (const s of secrets)
    if (typeof s === 'string' && s.length > 0) for (const v of variants(s)) forms.add(v);
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const f of sorted) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}
