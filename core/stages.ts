/**
 * The six stages of the seed's SQL, declared once. Function entry points, the workflow check,
 * the infrastructure and the tests all derive from this list.
 */
export const STAGES = [
  'temp_customer_basic',
  'temp_purchase_stats',
  'temp_product_preferences',
  'temp_customer_service_stats',
  'temp_campaign_engagement',
  'temp_website_behavior',
] as const;

export type StageName = (typeof STAGES)[number];

/** Every HTTP function of the pipeline, in the order a run calls them. */
export const FUNCTIONS = ['prepare', ...STAGES, 'publish'] as const;

export type FunctionName = (typeof FUNCTIONS)[number];

export function isStageName(value: string): value is StageName {
  return (STAGES as readonly string[]).includes(value);
}

/**
 * The workflow reads each function's URL from its environment under this key
 * (`sys.get_env("URL_PREPARE")`, ...). The infrastructure sets the same keys.
 */
export function urlEnvKey(fn: FunctionName): string {
  return `URL_${fn.toUpperCase()}`;
}

/** How a run computes its stages: every customer, or only those whose source rows changed. */
export const RUN_MODES = ['full', 'incremental'] as const;

export type RunMode = (typeof RUN_MODES)[number];
