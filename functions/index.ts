import * as functions from '@google-cloud/functions-framework';
import { FUNCTIONS, type FunctionName } from '../core/stages.js';
import { installFrameworkHook } from './framework-hook.js';
import { createHandler } from './handler.js';
import { currentLogger } from './runtime.js';

// Before the framework builds its server: refusals of what its body parsers read are JSON too.
installFrameworkHook(currentLogger);

/** The one source bundle: each function is an entry point named after its step. */
export const handlers = Object.fromEntries(FUNCTIONS.map((fn) => [fn, createHandler(fn)])) as Record<FunctionName, functions.HttpFunction>;

for (const fn of FUNCTIONS) functions.http(fn, handlers[fn]);

export const {
  prepare,
  temp_customer_basic,
  temp_purchase_stats,
  temp_product_preferences,
  temp_customer_service_stats,
  temp_campaign_engagement,
  temp_website_behavior,
  publish,
} = handlers;
