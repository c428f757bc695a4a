import { describe, expect, it } from 'vitest';
import { RaisedError } from '../../../tools/workflows-emulator/errors.js';
import { type EvalContext, evaluate, evaluateValue } from '../../../tools/workflows-emulator/evaluate.js';
import { ExpressionSyntaxError, parseExpression } from '../../../tools/workflows-emulator/expression.js';
import { callPositional, isStdFunction, isStdNamespace } from '../../../tools/workflows-emulator/stdlib.js';
import { FunctionRef } from '../../../tools/workflows-emulator/values.js';

const VARS: Record<string, unknown> = {
  n: 7,
  s: 'abc',
  list: [10, 20, 30],
  m: { a: 1, 'special-key': 'x', nested: { b: [1, { c: 'deep' }] } },
  key: 'a',
  nothing: null,
  yes: true,
};

function context(env: Record<string, string> = {}, nowMs = Date.UTC(2024, 2, 10, 23, 30)): EvalContext {
  return {
    lookup: (name) => (name in VARS ? { value: VARS[name] } : undefined),
    constant: () => undefined,
    isFunction: (name) => isStdFunction(name) || name === 'my_predicate',
    isNamespace: (prefix) => isStdNamespace(prefix),
    call: (name, args) => callPositional(name, args, { env, now: () => nowMs, fetch: () => Promise.reject(new Error('no fetch')) }),
  };
}

function run(source: string, env?: Record<string, string>): unknown {
  return evaluate(parseExpression(source), context(env));
}

function raisedTag(source: string): unknown {
  try {
    run(source);
  } catch (error) {
    if (error instanceof RaisedError) return (error.payload as { tags: string[] }).tags[0];
    throw error;
  }
  throw new Error(`${source} did not raise`);
}

describe('expression evaluator', () => {
  it.each<[string, unknown]>([
    ['42', 42],
    ['1.5e2', 150],
    ['"double \\"quoted\\""', 'double "quoted"'],
    ["'single'", 'single'],
    ['true', true],
    ['False', false],
    ['null', null],
    ['n', 7],
    ['m.a', 1],
    ['m["special-key"]', 'x'],
    ['m[key]', 1],
    ['m.nested.b[1].c', 'deep'],
    ['list[2]', 30],
    ['list[len(list) - 1]', 30],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['-n + 1', -6],
    ['"a" + "b" + s', 'ababc'],
    ['"n=" + string(n)', 'n=7'],
    ['n == 7', true],
    ['n != 7', false],
    ['n >= 7 and n < 8', true],
    ['"abc" < "abd"', true],
    ['not yes', false],
    ['yes or undefined_name', true],
    ['nothing == null', true],
    ['20 in list', true],
    ['"a" in m', true],
    ['"z" in m', false],
    ['[1, "two", [3]]', [1, 'two', [3]]],
    ['{"k": n, "l": [s]}', { k: 7, l: ['abc'] }],
    ['default(nothing, "fallback")', 'fallback'],
    ['default(n, 0)', 7],
    ['map.get(m, ["nested", "b"])', [1, { c: 'deep' }]],
    ['map.get(m, ["missing", "b"])', null],
    ['map.get(nothing, "a")', null],
    ['len(keys(m))', 3],
    ['len("abcd")', 4],
    ['int("12") + int(2.9)', 14],
    ['text.substring("2024-03-11T08:30:00Z", 0, 10)', '2024-03-11'],
    ['text.split("a,b,c", ",")', ['a', 'b', 'c']],
    ['json.decode(json.encode_to_string(m))', VARS['m']],
    ['keys(m)[0]', 'a'],
  ])('%s evaluates to %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['unknown_variable', 'KeyError'],
    ['m.missing', 'KeyError'],
    ['list[3]', 'IndexError'],
    ['"a" + 1', 'TypeError'],
    ['n / 0', 'ZeroDivisionError'],
    ['n and true', 'TypeError'],
    ['1 < "a"', 'TypeError'],
    ['s.field', 'TypeError'],
    ['json.decode("{")', 'ValueError'],
  ])('%s raises %s', (source, tag) => {
    expect(raisedTag(source)).toBe(tag);
  });

  it.each(['1 +', '(1', 'a..b', '"unterminated', '1 2', '{"a" 1}', 'a ? b'])('%s is a syntax error', (source) => {
    expect(() => parseExpression(source)).toThrow(ExpressionSyntaxError);
  });

  it('a function named without a call is a reference (a retry predicate)', () => {
    expect(run('http.default_retry_predicate')).toEqual(new FunctionRef('http.default_retry_predicate'));
    expect(run('my_predicate')).toEqual(new FunctionRef('my_predicate'));
  });

  it('sys.get_env reads the given environment, with a default for missing keys', () => {
    expect(run('sys.get_env("URL_PREPARE")', { URL_PREPARE: 'http://x' })).toBe('http://x');
    expect(run('sys.get_env("TIME_ZONE", "UTC")')).toBe('UTC');
    expect(run('sys.get_env("TIME_ZONE")')).toBeNull();
  });

  it.each<[string, string]>([
    ['UTC', '2024-03-10T23:30:00.000000Z'],
    ['Asia/Tokyo', '2024-03-11T08:30:00.000000+09:00'],
    ['America/New_York', '2024-03-10T19:30:00.000000-04:00'],
  ])('time.format(sys.now(), %s) gives the local time with its offset', (zone, expected) => {
    expect(run(`time.format(sys.now(), "${zone}")`)).toBe(expected);
  });

  it('evaluateValue walks maps and lists and leaves plain strings alone', () => {
    const value = { url: '${s + "/x"}', list: ['${n}', 'plain'], '${key}': 1 };
    expect(evaluateValue(value, context())).toEqual({ url: 'abc/x', list: [7, 'plain'], a: 1 });
  });
});
