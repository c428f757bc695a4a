/**
 * The values a for loop walks, from its evaluated `in` or `range`: the list's items, or begin,
 * begin + 1, ... while not past end (both ends included, as Workflows' `range` is). A map is not
 * a list: a loop over a map walks `keys(map)`.
 */
import { raised } from './errors.js';
import { typeName } from './values.js';

export type LoopSource = { readonly in: unknown } | { readonly range: readonly [unknown, unknown] };

export function loopValues(source: LoopSource): readonly unknown[] {
  if ('in' in source) {
    if (!Array.isArray(source.in)) throw raised('TypeError', `for: "in" must be a list, got ${typeName(source.in)}`);
    return source.in;
  }
  const [begin, end] = source.range;
  if (typeof begin !== 'number' || typeof end !== 'number') {
    throw raised('TypeError', `for: range bounds must be numbers, got ${typeName(begin)} and ${typeName(end)}`);
  }
  const values: number[] = [];
  for (let value = begin; value <= end; value++) values.push(value);
  return values;
}
