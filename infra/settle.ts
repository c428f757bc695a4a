import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Sleep } from '@cdktf/provider-time/lib/sleep/index.js';

/**
 * Enabling an API or granting a role returns before the change is visible everywhere; a build
 * or a resource created in that gap fails the first apply. Google's own 2nd-gen functions example
 * waits 60 s because "builder permissions need to stabilize". A `time_sleep` waits once, when it
 * is created, so later applies pass through without delay.
 */
export const SETTLE_SECONDS = { apis: 60, iam: 60 } as const;

export function settle(scope: Construct, id: keyof typeof SETTLE_SECONDS, after: readonly ITerraformDependable[]): Sleep {
  return new Sleep(scope, `${id}-settle`, { createDuration: `${SETTLE_SECONDS[id]}s`, dependsOn: [...after] });
}
