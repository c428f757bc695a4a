/**
 * Workflows values: JSON (null, boolean, number, string, list, map) plus references to functions
 * (`${my_predicate}`, `${http.default_retry_predicate}`) that a retry policy can hold.
 */
import { raised } from './errors.js';

export type WfMap = { [key: string]: unknown };

/** A function named in an expression without being called, e.g. a retry predicate. */
export class FunctionRef {
  constructor(readonly name: string) {}
}

export function isMap(value: unknown): value is WfMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof FunctionRef);
}

/** The names Workflows' own `get_type` uses, so error messages read like the real ones. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'list';
  if (value instanceof FunctionRef) return 'function';
  return 'map';
}

/**
 * Assignment copies: Workflows variables hold values, not references, so changing
 * `copy.key` after `copy: ${original}` must not change `original`.
 */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isMap(value)) {
    const out: WfMap = {};
    for (const [key, item] of Object.entries(value)) out[key] = clone(item);
    return out as T;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  if (a instanceof FunctionRef && b instanceof FunctionRef) return a.name === b.name;
  return false;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw raised('TypeError', `${what}: expected string, got ${typeName(value)}`);
  return value;
}

export function expectNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw raised('TypeError', `${what}: expected number, got ${typeName(value)}`);
  return value;
}

export function expectMap(value: unknown, what: string): WfMap {
  if (!isMap(value)) throw raised('TypeError', `${what}: expected map, got ${typeName(value)}`);
  return value;
}

/** `string()` and concatenation of numbers print integers without a decimal point. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}
