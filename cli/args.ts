/**
 * Flags parsed once, at the edge: node's own `parseArgs` splits the command line, a zod schema
 * per command checks the values, and any problem becomes one BAD_INPUT error naming the flag.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CdpError } from '../core/errors.js';

export type FlagSpec = Record<string, { readonly type: 'string' | 'boolean' }>;

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `schema`'s keys are camelCase; the flags are their kebab-case spelling (`asOf` is `--as-of`). */
export function parseFlags<S extends z.ZodObject>(command: string, argv: readonly string[], schema: S): z.infer<S> {
  const options: ParseArgsConfig['options'] = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const boolean = unwrap(field as z.ZodType) instanceof z.ZodBoolean;
    options[kebab(key)] = { type: boolean ? 'boolean' : 'string' };
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CdpError('BAD_INPUT', `cdp ${command}: ${describeParseError(error as Error, Object.keys(options))}`, { command });
  }
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(values).map(([flag, value]) => [camel(flag), value])));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${kebab(String(issue.path[0]))}`;
    throw new CdpError('BAD_INPUT', `cdp ${command}: ${flag} ${issue.message}`, { command, field: flag });
  }
  return parsed.data;
}

function unwrap(field: z.ZodType): z.ZodType {
  let current: z.ZodType = field;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPipe) {
    current = current instanceof z.ZodPipe ? (current.in as z.ZodType) : (current.unwrap() as z.ZodType);
  }
  return current;
}

/** node's messages are long and suggest `--` escapes; a person needs the flag and what is wrong. */
function describeParseError(error: Error & { code?: string }, known: string[]): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const flag = quoted.split(' ')[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}; known flags: ${known.map((k) => `--${k}`).join(', ') || 'none'}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${flag} ${/argument (missing|is ambiguous)/.test(error.message) ? 'needs a value' : 'takes no value'}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted}`;
    default:
      return error.message.split('\n')[0]!;
  }
}

/** A whole number within bounds, written as digits (`--sample 10000`). */
export function countFlag(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}
