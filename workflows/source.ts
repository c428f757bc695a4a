/**
 * Where `customer_360.yaml` lives. The YAML is not compiled, so from `dist/workflows/*.js` it is
 * found back in the source tree; from the TypeScript sources (vitest) it sits beside this file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CUSTOMER_360_FILE = 'customer_360.yaml';

export function customer360Path(): string {
  const beside = fileURLToPath(new URL(`./${CUSTOMER_360_FILE}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL(`../../workflows/${CUSTOMER_360_FILE}`, import.meta.url));
}

export function readCustomer360Yaml(): string {
  return readFileSync(customer360Path(), 'utf8');
}
