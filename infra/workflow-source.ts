/**
 * The one transformation the workflow definition (workflows/customer_360.yaml) needs on its way
 * into Terraform. Its structure is checked by workflows/check.ts, the checker the tests use.
 */

/**
 * Terraform reads every string of its JSON configuration as a template: `${...}` is an
 * interpolation and `%{...}` a directive. The workflow's own `${...}` expressions must reach
 * Cloud Workflows untouched, so each is written `$${` (and `%{` as `%%{`), which Terraform turns
 * back into the literal text.
 */
export function escapeTerraformTemplate(text: string): string {
  // A function replacement: in a replacement *string*, `$$` would mean a single `$`.
  return text.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}
