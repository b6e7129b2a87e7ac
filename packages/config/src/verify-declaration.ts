import { declaredDifferences } from '@dataiku-iac/diff';
import { isRedactionMarker, type JsonObject, type Resource } from '@dataiku-iac/models';
import { type CodeSource, declareResources } from './declare-resources.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ProjectDeclaration } from './project-declaration.js';
import { schemaIssues } from './schema-issues.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * Load the rendered YAML and code files back, in memory, as `loadConfiguration` would, and check
 * that every resource comes back with its attributes equal to the state's under the planner's rule,
 * secrets standing exactly where the state has redaction markers.
 * @throws ConfigError (CONFIG_INVALID) at the first place that would not load back as it is in the state
 */
export function verifyDeclaration(resources: readonly Resource[], declaration: ProjectDeclaration, text: string, fileName: string): void {
  const source = parseYamlSource(text, fileName);
  const issues: ConfigIssue[] = [...source.issues];
  if (source.value !== undefined) issues.push(...schemaIssues(source, source.value));
  if (issues.length > 0) throw unfaithful(issues);
  const codeFiles: CodeSource = { read: (codeFile) => declaration.codeFiles.get(codeFile) ?? { problem: 'file not found' } };
  const env = new Proxy({}, { get: () => 'secret' }) as Record<string, string>;
  const loaded = declareResources({ source, env, codeFiles }, source.value as JsonObject);
  if (loaded.issues.length > 0) throw unfaithful(loaded.issues);
  const byId = new Map(loaded.resources.map((resource) => [resource.resourceId, resource]));
  for (const resource of resources) {
    const back = byId.get(resource.resourceId);
    const wrong =
      back === undefined
        ? []
        : declaredDifferences(back.attributes, resource.attributes, { secretPaths: back.secrets.map((secret) => secret.path), secretMatches: (_path, actual) => isRedactionMarker(actual), firstOnly: true }).at(0)?.path;
    if (wrong === undefined) continue;
    const keyPath = ['projects', resource.projectKey, ...(resource.resourceName === undefined ? [] : [`${resource.resourceType}s`, resource.resourceName]), ...wrong];
    throw new ConfigError([source.issueAt(keyPath, 'the value in the state would not load back unchanged (nothing written)')]);
  }
}

/** Issues of the file as it would be written: it is not written. */
function unfaithful(issues: readonly ConfigIssue[]): ConfigError {
  return new ConfigError(issues.map((issue) => ({ ...issue, message: `${issue.message} (in the file as it would be written; nothing written)` })));
}
