// Finds where a JSON text stops being valid, as line and column, with a plain description.
// JSON.parse in Node 20 gives a character position for some errors and none for others
// ("Unexpected token 'x', ... is not valid JSON"), so we scan the text ourselves once
// JSON.parse has already said it is invalid.

export type JsonSyntaxError = { line: number; column: number; message: string };

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function locateJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const fail = (reason: string): never => {
    throw new Stop(i, reason);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const expect = (ch: string, what: string) => {
    if (text[i] !== ch) fail(`expected ${what} but found ${describe(i)}`);
    i++;
  };
  const string = () => {
    expect('"', 'a double quote');
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('a line break or control character inside a text value (use \\n)');
      if (text[i] === '\\') {
        const backslash = i;
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5)))
            fail('a bad \\u escape (it needs 4 hex digits)');
          i += 5;
        } else if (i < text.length && '"\\/bfnrt'.includes(text[i] as string)) i++;
        else {
          i = backslash; // point at the backslash itself, which is what the user must change
          fail('a bad escape after a backslash (write \\\\ for one backslash, e.g. in Windows paths)');
        }
      } else i++;
    }
    if (i >= text.length) fail('a text value that is never closed with a double quote');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (m === null || m[0] === '' || m[0] === '-') fail(`an unexpected ${describe(i)}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(
      i >= text.length
        ? 'the file ends where a value was expected'
        : `an unexpected ${describe(i)} where a value was expected`,
    );
  };
  const object = () => {
    i++;
    skipSpace();
    if (text[i] === '}') return void i++;
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a setting name in double quotes but found ${describe(i)}`);
      string();
      skipSpace();
      expect(':', 'a colon after the setting name');
      value();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === '}') fail('a comma before "}" (remove the last comma)');
        continue;
      }
      expect('}', 'a comma or "}"');
      return;
    }
  };
  const array = () => {
    i++;
    skipSpace();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === ']') fail('a comma before "]" (remove the last comma)');
        continue;
      }
      expect(']', 'a comma or "]"');
      return;
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`more text after the end of the JSON value, starting with ${describe(i)}`);
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ...lineAndColumn(text, e.offset), message: e.reason };
  }
}

/** 1-based line and column; CRLF counts as one line break, as editors show it. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\n|\r/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** JSON.parse, with the reason a file is not JSON as one sentence ending (line and column). */
export function parseJsonText(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    const at = locateJsonSyntaxError(text);
    return {
      problem:
        at === null
          ? 'is not valid JSON'
          : `is not valid JSON at line ${at.line}, column ${at.column}: ${at.message}`,
    };
  }
}
