/**
 * Evaluates expression trees from `expression.ts`. Runtime faults are raised as Workflows
 * errors (`KeyError`, `TypeError`, `IndexError`, `ZeroDivisionError`) so that a workflow's
 * `except` sees the same tags it would see in Cloud Workflows.
 */
import { raised } from './errors.js';
import { type Node, dottedName, parseExpression, expressionSource } from './expression.js';
import { FunctionRef, clone, deepEqual, isMap, typeName, type WfMap } from './values.js';

export interface EvalContext {
  /** A variable visible in the current scope, or undefined when there is none. */
  lookup(name: string): { value: unknown } | undefined;
  /** A named constant of the standard library, such as `http.default_retry`. */
  constant(name: string): { value: unknown } | undefined;
  /** Whether `name` is a function (standard library or subworkflow) that can be referenced. */
  isFunction(name: string): boolean;
  /** Whether `prefix` starts a function name, e.g. `http` for `http.default_retry_predicate`. */
  isNamespace(prefix: string): boolean;
  /** Calls a function by its dotted name with positional arguments. */
  call(name: string, args: unknown[]): unknown;
}

/** A standard-library module name used on the way to a function, like `sys` in `sys.now`. */
class Namespace {
  constructor(readonly prefix: string) {}
}

export function evaluate(node: Node, ctx: EvalContext): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'name': {
      const variable = ctx.lookup(node.name);
      if (variable) return variable.value;
      return reference(node.name, ctx);
    }
    case 'member': {
      const object = evaluate(node.object, ctx);
      if (object instanceof Namespace) return reference(`${object.prefix}.${node.property}`, ctx);
      return getKey(object, node.property);
    }
    case 'index': {
      const object = evaluate(node.object, ctx);
      const index = evaluate(node.index, ctx);
      if (Array.isArray(object)) {
        if (typeof index !== 'number' || !Number.isInteger(index)) {
          throw raised('TypeError', `list index must be an integer, got ${typeName(index)}`);
        }
        if (index < 0 || index >= object.length) throw raised('IndexError', `list index out of range: ${index}`);
        return object[index];
      }
      if (typeof index !== 'string') throw raised('TypeError', `map key must be a string, got ${typeName(index)}`);
      return getKey(object, index);
    }
    case 'call': {
      const name = dottedName(node.callee);
      if (name === undefined) throw raised('TypeError', 'only named functions can be called');
      return ctx.call(name, node.args.map((arg) => evaluate(arg, ctx)));
    }
    case 'unary': {
      const operand = evaluate(node.operand, ctx);
      if (node.op === 'not') return !expectBoolean(operand, 'not');
      if (typeof operand !== 'number') throw raised('TypeError', `unary minus needs a number, got ${typeName(operand)}`);
      return -operand;
    }
    case 'binary':
      return binary(node.op, node.left, node.right, ctx);
    case 'list':
      return node.items.map((item) => evaluate(item, ctx));
    case 'map': {
      const out: WfMap = {};
      for (const entry of node.entries) {
        const key = evaluate(entry.key, ctx);
        if (typeof key !== 'string') throw raised('TypeError', `map key must be a string, got ${typeName(key)}`);
        out[key] = evaluate(entry.value, ctx);
      }
      return out;
    }
  }
}

function reference(name: string, ctx: EvalContext): unknown {
  const constant = ctx.constant(name);
  if (constant) return constant.value;
  if (ctx.isFunction(name)) return new FunctionRef(name);
  if (ctx.isNamespace(name)) return new Namespace(name);
  throw raised('KeyError', `KeyError: key not found: ${name}`);
}

function getKey(object: unknown, key: string): unknown {
  if (!isMap(object)) throw raised('TypeError', `cannot read key "${key}" of ${typeName(object)}`);
  if (!(key in object)) throw raised('KeyError', `KeyError: key not found: ${key}`);
  return object[key];
}

function expectBoolean(value: unknown, op: string): boolean {
  if (typeof value !== 'boolean') throw raised('TypeError', `"${op}" needs booleans, got ${typeName(value)}`);
  return value;
}

function numbers(op: string, a: unknown, b: unknown): [number, number] {
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw raised('TypeError', `unsupported operand types for ${op}: ${typeName(a)} and ${typeName(b)}`);
  }
  return [a, b];
}

function binary(op: string, leftNode: Node, rightNode: Node, ctx: EvalContext): unknown {
  // `and`/`or` short-circuit, so `x != null and x.y > 0` is safe.
  if (op === 'and') return expectBoolean(evaluate(leftNode, ctx), op) && expectBoolean(evaluate(rightNode, ctx), op);
  if (op === 'or') return expectBoolean(evaluate(leftNode, ctx), op) || expectBoolean(evaluate(rightNode, ctx), op);
  const a = evaluate(leftNode, ctx);
  const b = evaluate(rightNode, ctx);
  switch (op) {
    case '==': return deepEqual(a, b);
    case '!=': return !deepEqual(a, b);
    case '<': case '<=': case '>': case '>=': {
      const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
      if (!comparable) throw raised('TypeError', `cannot compare ${typeName(a)} and ${typeName(b)} with ${op}`);
      const x = a as number | string;
      const y = b as number | string;
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    case 'in':
      if (Array.isArray(b)) return b.some((item) => deepEqual(item, a));
      if (isMap(b)) {
        if (typeof a !== 'string') throw raised('TypeError', `"in" on a map needs a string key, got ${typeName(a)}`);
        return a in b;
      }
      throw raised('TypeError', `"in" needs a list or map, got ${typeName(b)}`);
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      return add(a, b);
    case '-': { const [x, y] = numbers(op, a, b); return x - y; }
    case '*': { const [x, y] = numbers(op, a, b); return x * y; }
    case '/': case '//': case '%': {
      const [x, y] = numbers(op, a, b);
      if (y === 0) throw raised('ZeroDivisionError', `division by zero`);
      // `//` and `%` floor like Python's (the sign follows the divisor), as Workflows does.
      if (op === '/') return x / y;
      const quotient = Math.floor(x / y);
      return op === '//' ? quotient : x - y * quotient;
    }
    default:
      throw raised('TypeError', `unknown operator ${op}`);
  }
}

function add(a: unknown, b: unknown): number {
  const [x, y] = numbers('+', a, b);
  return x + y;
}

/**
 * Evaluates a definition value: a `${...}` string is an expression; lists and maps are walked
 * (map keys may be expressions too); anything else is taken literally. Results are copies.
 */
export function evaluateValue(value: unknown, ctx: EvalContext, parse: (source: string) => Node = cachedParse): unknown {
  if (typeof value === 'string') {
    const source = expressionSource(value);
    return source === undefined ? value : clone(evaluate(parse(source), ctx));
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, ctx, parse));
  if (isMap(value)) {
    const out: WfMap = {};
    for (const [key, item] of Object.entries(value)) {
      const evaluatedKey = evaluateValue(key, ctx, parse);
      if (typeof evaluatedKey !== 'string') throw raised('TypeError', `map key must be a string, got ${typeName(evaluatedKey)}`);
      out[evaluatedKey] = evaluateValue(item, ctx, parse);
    }
    return out;
  }
  return value;
}

const parsed = new Map<string, Node>();

/** Definitions are evaluated many times (retries, branches); parse each expression once. */
export function cachedParse(source: string): Node {
  let node = parsed.get(source);
  if (!node) {
    node = parseExpression(source);
    parsed.set(source, node);
  }
  return node;
}
