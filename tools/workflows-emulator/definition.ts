/**
 * The validated shape of a workflow definition, as `parse.ts` produces it. Values that may hold
 * `${...}` expressions stay raw (`unknown`) and are evaluated when the step runs; `path` names
 * the place in the YAML (`main.steps[2].try.steps[0]`) for error messages and step events.
 */
import type { Node } from './expression.js';

export interface Workflow {
  readonly subworkflows: ReadonlyMap<string, Subworkflow>;
}

export interface Subworkflow {
  readonly name: string;
  readonly params: readonly Param[];
  readonly steps: readonly Step[];
}

export interface Param {
  readonly name: string;
  readonly required: boolean;
  readonly default?: unknown;
}

interface StepBase {
  readonly name: string;
  readonly path: string;
  /** A step name, `end`, or (inside a for loop) `break` or `continue`. */
  readonly next?: string;
}

export interface Assignment {
  /** `name`, `name.key`, `name["key"]`, `name[expr]`... */
  readonly target: Node;
  readonly value: unknown;
}

export interface RetryPolicySpec {
  readonly predicate: unknown;
  readonly maxRetries: unknown;
  readonly initialDelay: unknown;
  readonly maxDelay: unknown;
  readonly multiplier: unknown;
}

export interface Branch {
  readonly name: string;
  readonly path: string;
  readonly steps: readonly Step[];
}

export type Step =
  | (StepBase & { readonly kind: 'assign'; readonly assignments: readonly Assignment[] })
  | (StepBase & { readonly kind: 'call'; readonly call: string; readonly args: Readonly<Record<string, unknown>>; readonly result?: string })
  | (StepBase & { readonly kind: 'switch'; readonly cases: readonly { readonly condition: unknown; readonly body: Step }[] })
  | (StepBase & { readonly kind: 'return'; readonly value: unknown })
  | (StepBase & { readonly kind: 'raise'; readonly value: unknown })
  | (StepBase & { readonly kind: 'steps'; readonly steps: readonly Step[] })
  | (StepBase & {
      readonly kind: 'try';
      /** A `call` step (try: call: ...) or a `steps` step (try: steps: ...). */
      readonly body: Step;
      /** Either an expression naming a policy (`${http.default_retry}`) or a policy map. */
      readonly retry?: { readonly expression: string } | RetryPolicySpec;
      readonly except?: { readonly as?: string; readonly steps: readonly Step[] };
    })
  | (StepBase & {
      readonly kind: 'parallel';
      readonly shared: readonly string[];
      readonly branches: readonly Branch[];
      readonly concurrencyLimit?: number;
    })
  | (StepBase & {
      readonly kind: 'for';
      /** The loop variable, and the optional index variable (0, 1, ...). */
      readonly value: string;
      readonly index?: string;
      /** `in`: a list, or an expression giving one; `range`: [begin, end], both inclusive. */
      readonly source: { readonly in: unknown } | { readonly range: readonly [unknown, unknown] };
      readonly steps: readonly Step[];
    })
  | (StepBase & { readonly kind: 'next' });

export type StepKind = Step['kind'];
