/**
 * The Workflows expression language (`${...}`): tokenizer and recursive-descent parser.
 * Evaluation lives in `evaluate.ts`; this file only turns text into a tree, so the structural
 * check can inspect expressions (e.g. find every `sys.get_env("...")`) without running them.
 *
 * Precedence, lowest first: or; and; not; comparisons and `in`; + -; * / // %; unary -;
 * postfix `.name`, `[index]`, `(args)`.
 */

export type Node =
  | { readonly type: 'literal'; readonly value: null | boolean | number | string }
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'member'; readonly object: Node; readonly property: string }
  | { readonly type: 'index'; readonly object: Node; readonly index: Node }
  | { readonly type: 'call'; readonly callee: Node; readonly args: readonly Node[] }
  | { readonly type: 'unary'; readonly op: '-' | 'not'; readonly operand: Node }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node }
  | { readonly type: 'list'; readonly items: readonly Node[] }
  | { readonly type: 'map'; readonly entries: readonly { readonly key: Node; readonly value: Node }[] };

export const BINARY_OPS = ['or', 'and', '==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '//', '%'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'eof'; value: ''; at: number };

/** A syntax error; the caller turns it into a definition error that names the step. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
}

const OPERATORS = ['//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', '.', ':'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/' };
const KEYWORD_LITERALS: Record<string, null | boolean> = {
  null: null, true: true, True: true, TRUE: true, false: false, False: false, FALSE: false,
};

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) { i++; continue; }
    if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'name', value: match[0], at: i });
      i += match[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\') {
          const next = source[i + 1] ?? '';
          if (next === 'u') {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ExpressionSyntaxError(`bad \\u escape at ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          const escaped = ESCAPES[next];
          if (escaped === undefined) throw new ExpressionSyntaxError(`unknown escape \\${next} at ${i}`);
          value += escaped;
          i += 2;
          continue;
        }
        value += source[i];
        i++;
      }
      if (i >= source.length) throw new ExpressionSyntaxError(`unterminated string starting at ${start}`);
      i++;
      tokens.push({ kind: 'string', value, at: start });
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op === undefined) throw new ExpressionSyntaxError(`unexpected character "${ch}" at ${i}`);
    tokens.push({ kind: 'op', value: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', value: '', at: source.length });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    const rest = this.peek();
    if (rest.kind !== 'eof') throw new ExpressionSyntaxError(`unexpected "${rest.value}" at ${rest.at}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  /** Operators and word operators (`and`, `in`...) are both matched by their text. */
  private accept(...values: string[]): string | undefined {
    const token = this.peek();
    if ((token.kind === 'op' || token.kind === 'name') && values.includes(token.value)) {
      this.pos++;
      return token.value;
    }
    return undefined;
  }

  private expect(value: string): void {
    const token = this.peek();
    if (this.accept(value) === undefined) {
      throw new ExpressionSyntaxError(`expected "${value}" at ${token.at}, found "${token.value || 'end'}"`);
    }
  }

  private or(): Node {
    let left = this.and();
    while (this.accept('or')) left = { type: 'binary', op: 'or', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.accept('and')) left = { type: 'binary', op: 'and', left, right: this.not() };
    return left;
  }

  private not(): Node {
    if (this.accept('not')) return { type: 'unary', op: 'not', operand: this.not() };
    return this.comparison();
  }

  private comparison(): Node {
    let left = this.additive();
    for (;;) {
      const op = this.accept('==', '!=', '<', '<=', '>', '>=', 'in') as BinaryOp | undefined;
      if (!op) return left;
      left = { type: 'binary', op, left, right: this.additive() };
    }
  }

  private additive(): Node {
    let left = this.multiplicative();
    for (;;) {
      const op = this.accept('+', '-') as BinaryOp | undefined;
      if (!op) return left;
      left = { type: 'binary', op, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): Node {
    let left = this.unary();
    for (;;) {
      const op = this.accept('*', '/', '//', '%') as BinaryOp | undefined;
      if (!op) return left;
      left = { type: 'binary', op, left, right: this.unary() };
    }
  }

  private unary(): Node {
    if (this.accept('-')) return { type: 'unary', op: '-', operand: this.unary() };
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.accept('.')) {
        const name = this.take();
        if (name.kind !== 'name') throw new ExpressionSyntaxError(`expected a name after "." at ${name.at}`);
        node = { type: 'member', object: node, property: name.value };
      } else if (this.accept('[')) {
        node = { type: 'index', object: node, index: this.or() };
        this.expect(']');
      } else if (this.accept('(')) {
        node = { type: 'call', callee: node, args: this.list(')') };
      } else {
        return node;
      }
    }
  }

  private list(close: string): Node[] {
    const items: Node[] = [];
    if (this.accept(close)) return items;
    do items.push(this.or()); while (this.accept(','));
    this.expect(close);
    return items;
  }

  private primary(): Node {
    const token = this.take();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value };
      case 'name':
        if (token.value in KEYWORD_LITERALS) return { type: 'literal', value: KEYWORD_LITERALS[token.value] ?? null };
        return { type: 'name', name: token.value };
      case 'op':
        if (token.value === '(') {
          const inner = this.or();
          this.expect(')');
          return inner;
        }
        if (token.value === '[') return { type: 'list', items: this.list(']') };
        if (token.value === '{') return this.mapLiteral();
        break;
      case 'eof':
        break;
    }
    throw new ExpressionSyntaxError(`unexpected "${token.value || 'end of expression'}" at ${token.at}`);
  }

  private mapLiteral(): Node {
    const entries: { key: Node; value: Node }[] = [];
    if (this.accept('}')) return { type: 'map', entries };
    do {
      const key = this.or();
      this.expect(':');
      entries.push({ key, value: this.or() });
    } while (this.accept(','));
    this.expect('}');
    return { type: 'map', entries };
  }
}

export function parseExpression(source: string): Node {
  return new Parser(tokenize(source)).parse();
}

/** `${...}` as a whole value is an expression; Workflows has no string interpolation. */
export function expressionSource(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.startsWith('${') && trimmed.endsWith('}')) return trimmed.slice(2, -1);
  return undefined;
}

/** `sys.get_env` for a `name`/`member` chain, undefined for anything else. */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'name') return node.name;
  if (node.type === 'member') {
    const head = dottedName(node.object);
    return head === undefined ? undefined : `${head}.${node.property}`;
  }
  return undefined;
}

/** Every node of the tree, depth first; used by checks that look for calls. */
export function* walkNodes(node: Node): Generator<Node> {
  yield node;
  switch (node.type) {
    case 'member': yield* walkNodes(node.object); break;
    case 'index': yield* walkNodes(node.object); yield* walkNodes(node.index); break;
    case 'call': yield* walkNodes(node.callee); for (const arg of node.args) yield* walkNodes(arg); break;
    case 'unary': yield* walkNodes(node.operand); break;
    case 'binary': yield* walkNodes(node.left); yield* walkNodes(node.right); break;
    case 'list': for (const item of node.items) yield* walkNodes(item); break;
    case 'map': for (const entry of node.entries) { yield* walkNodes(entry.key); yield* walkNodes(entry.value); } break;
    default: break;
  }
}
