/**
 * Variable scopes. A subworkflow call starts a fresh scope; a parallel branch gets a child scope
 * that can read everything its parent sees but may only write the parent's variables listed in
 * `shared` (new names stay local to the branch), which is the rule Cloud Workflows enforces.
 * A for loop gets a child scope that writes through to the variables that exist around it, while
 * the loop variables and any variable the loop creates end with the loop, as documented.
 */
import { invalid, raised } from './errors.js';
import type { Node } from './expression.js';
import { isMap, typeName } from './values.js';

export class Scope {
  private readonly vars = new Map<string, unknown>();

  constructor(
    private readonly parent?: Scope,
    private readonly shared: ReadonlySet<string> = new Set(),
    /** For error messages: where this scope was opened (a branch path). */
    private readonly origin = '',
    private readonly writesThrough = false,
  ) {}

  /** A for loop's scope, one for the whole loop (see the file comment). */
  static forLoop(parent: Scope): Scope {
    return new Scope(parent, new Set(), '', true);
  }

  /** Binds `name` in this scope itself, hiding any enclosing variable of that name (a loop variable). */
  declare(name: string, value: unknown): void {
    this.vars.set(name, value);
  }

  lookup(name: string): { value: unknown } | undefined {
    if (this.vars.has(name)) return { value: this.vars.get(name) };
    return this.parent?.lookup(name);
  }

  /** Binds `name` (a whole variable) in the scope that owns it. */
  set(name: string, value: unknown): void {
    this.owner(name).vars.set(name, value);
  }

  /**
   * `target` is `name`, or a chain like `name.key["other"][0]` whose keys `index` evaluates.
   * Keys are created in maps; list items must already exist.
   */
  assign(target: Node, value: unknown, index: (node: Node) => unknown): void {
    const keys: (string | number)[] = [];
    let node = target;
    while (node.type === 'member' || node.type === 'index') {
      keys.unshift(node.type === 'member' ? node.property : (index(node.index) as string | number));
      node = node.object;
    }
    if (node.type !== 'name') throw raised('TypeError', 'assignment target must start with a variable');
    if (keys.length === 0) {
      this.set(node.name, value);
      return;
    }
    const owner = this.owner(node.name);
    if (!owner.vars.has(node.name)) throw raised('KeyError', `KeyError: key not found: ${node.name}`);
    let container = owner.vars.get(node.name);
    for (const [i, key] of keys.entries()) {
      const last = i === keys.length - 1;
      if (Array.isArray(container)) {
        if (typeof key !== 'number' || !Number.isInteger(key)) throw raised('TypeError', `list index must be an integer, got ${typeName(key)}`);
        if (key < 0 || key >= container.length) throw raised('IndexError', `list index out of range: ${key}`);
        if (last) container[key] = value;
        else container = container[key];
      } else if (isMap(container)) {
        if (typeof key !== 'string') throw raised('TypeError', `map key must be a string, got ${typeName(key)}`);
        if (last) container[key] = value;
        else if (key in container) container = container[key];
        else throw raised('KeyError', `KeyError: key not found: ${key}`);
      } else {
        throw raised('TypeError', `cannot assign into ${typeName(container)}`);
      }
    }
  }

  private owner(name: string): Scope {
    if (this.vars.has(name) || !this.parent) return this;
    if (this.writesThrough) return this.parent.lookup(name) ? this.parent.owner(name) : this;
    if (this.shared.has(name)) {
      if (!this.parent.lookup(name)) throw invalid(this.origin, `shared variable "${name}" must be assigned before the parallel step`);
      return this.parent.owner(name);
    }
    if (this.parent.lookup(name)) {
      throw invalid(this.origin, `variable "${name}" belongs to the enclosing scope; list it in "shared" to assign it in a branch`);
    }
    return this;
  }
}
