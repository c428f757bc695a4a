import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountId, type AccountRole } from '../../infra/names.js';
import { dereference, resources, synthesize, type Synthesized } from './fixture.js';

/**
 * Every role binding of the synthesized stack, with the resource it is scoped to. A binding
 * added or widened (a bucket role made project-wide, say) changes this table, so it shows in
 * review.
 */
let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s.cleanup());

const accountOf = (expression: string): AccountRole | string => {
  const { args } = dereference(s.json, expression);
  return (['functions', 'workflow', 'scheduler', 'build'] as const).find((r) => serviceAccountId(s.config, r) === args.account_id) ?? args.account_id;
};

/** `${google_x.id.name}` -> `google_x <its name>`; a literal stays as it is. */
const scopeName = (value: string): string => {
  if (!value.startsWith('${')) return value;
  const { type, args } = dereference(s.json, value);
  return `${type} ${args.name ?? args.repository_id ?? args.build_config?.entry_point}`;
};

function bindingTable(): string[] {
  const rows: string[] = [];
  for (const type of Object.keys(s.json.resource).filter((t) => t.includes('_iam_'))) {
    for (const [, args] of resources(s.json, type)) {
      const scope =
        type === 'google_project_iam_member'
          ? `project ${args.project}${args.condition ? ` if ${args.condition.expression}` : ''}`
          : type === 'google_storage_bucket_iam_member'
            ? `bucket ${scopeName(args.bucket)}`
            : type === 'google_artifact_registry_repository_iam_member'
              ? `repository ${scopeName(args.repository)}`
              : type === 'google_cloud_run_v2_service_iam_member'
                ? `run service ${scopeName(args.name)}`
                : `${type} (unknown scope)`;
      rows.push(`${accountOf(args.member)}: ${args.role} on ${scope}`);
    }
  }
  return rows.sort();
}

describe('role bindings', () => {
  it('are exactly these, each on the narrowest scope it can have', () => {
    const staging = 'gcf-v2-sources-${data.google_project.build-access_project_A335FA0A.number}-europe-west1';
    expect(bindingTable()).toEqual(
      [
        'build: roles/artifactregistry.writer on repository google_artifact_registry_repository cdp-functions',
        'build: roles/logging.logWriter on project acme-cdp-test',
        `build: roles/storage.objectAdmin on project acme-cdp-test if resource.name.startsWith("projects/_/buckets/${staging}")`,
        'build: roles/storage.objectViewer on bucket google_storage_bucket acme-cdp-test-cdp-source',
        'functions: roles/cloudsql.client on project acme-cdp-test',
        'functions: roles/cloudsql.instanceUser on project acme-cdp-test',
        'functions: roles/logging.logWriter on project acme-cdp-test',
        'scheduler: roles/workflows.invoker on project acme-cdp-test',
        'workflow: roles/logging.logWriter on project acme-cdp-test',
        ...[
          'prepare',
          'publish',
          'temp-campaign-engagement',
          'temp-customer-basic',
          'temp-customer-service-stats',
          'temp-product-preferences',
          'temp-purchase-stats',
          'temp-website-behavior',
        ].map((fn) => `workflow: roles/run.invoker on run service google_cloudfunctions2_function cdp-${fn}`),
      ].sort(),
    );
  });

  it('grant nothing to allUsers or allAuthenticatedUsers', () => {
    expect(JSON.stringify(s.json)).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  it('never grant roles/cloudfunctions.invoker (it does not govern 2nd-gen functions)', () => {
    expect(JSON.stringify(s.json)).not.toContain('roles/cloudfunctions.invoker');
  });

  it('use only member resources, never an authoritative policy or binding that would drop others', () => {
    const authoritative = Object.keys(s.json.resource).filter((type) => /_iam_(policy|binding)$/.test(type));
    expect(authoritative).toEqual([]);
  });
});
