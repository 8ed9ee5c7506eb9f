import { parse } from 'graphql';
import { checkLiterals, checkVariables, hasControlCharacter } from './input';

const reason = (error: { extensions: Record<string, unknown> } | null) => error?.extensions.reason ?? null;

describe('hasControlCharacter', () => {
  it('finds C0 controls and DEL, but not tab, newline, carriage return or other text', () => {
    for (const c of ['\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\u000b', '\u000c']) expect(hasControlCharacter(`a${c}b`)).toBe(true);
    for (const text of ['a\tb', 'a\nb\r\n', 'café 中文 🙂', '']) expect(hasControlCharacter(text)).toBe(false);
  });
});

describe('checkVariables', () => {
  it('refuses a control character in any string or key, however nested', () => {
    expect(reason(checkVariables({ s: 'a\u0000b' }, 10))).toBe('CONTROL_CHARACTER');
    expect(reason(checkVariables({ input: { list: [{ name: 'x\u0007' }] } }, 10))).toBe('CONTROL_CHARACTER');
    expect(reason(checkVariables({ input: { attributes: { 'k\u0000': 1 } } }, 10))).toBe('CONTROL_CHARACTER');
    expect(checkVariables({ input: { name: 'a\tb', n: 1, ok: true, none: null } }, 10)).toBeNull();
    expect(checkVariables(undefined, 10)).toBeNull();
  });

  it('bounds nesting iteratively: 100,000 levels are refused without a stack overflow', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 100_000; i++) value = i % 2 ? [value] : { a: value };
    expect(reason(checkVariables({ v: value }, 32))).toBe('VARIABLES_TOO_DEEP');
    // The top-level object is level 1: { v: [[ ]] } is 3 levels.
    expect(checkVariables({ v: [['x']] }, 3)).toBeNull();
    expect(reason(checkVariables({ v: [[['x']]] }, 3))).toBe('VARIABLES_TOO_DEEP');
  });

  it('answers BAD_USER_INPUT with HTTP 400', () => {
    expect(checkVariables({ s: '\u0000' }, 10)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
  });
});

describe('checkLiterals', () => {
  it('refuses a control character in a string literal, escaped or in a block string', () => {
    expect(reason(checkLiterals(parse('{ a(s: "x\\u0000y") }'), 10))).toBe('CONTROL_CHARACTER');
    expect(reason(checkLiterals(parse('{ a(o: { list: ["ok", "\\u001b"] }) }'), 10))).toBe('CONTROL_CHARACTER');
    expect(reason(checkLiterals(parse('{ a(s: """x\u0001y""") }'), 10))).toBe('CONTROL_CHARACTER');
    expect(checkLiterals(parse('{ a(s: "x\\ty\\n") }'), 10)).toBeNull();
  });

  it('bounds the nesting of object and list literals (inline JSONObject values)', () => {
    const nested = (n: number) => parse(`{ a(o: ${'{ a: '.repeat(n)}1${' }'.repeat(n)}) }`);
    expect(checkLiterals(nested(5), 5)).toBeNull();
    expect(reason(checkLiterals(nested(6), 5))).toBe('LITERAL_TOO_DEEP');
  });
});
