import { RESOURCE_TYPES } from '@dataiku-iac/models';
import type { CommandContext } from '../command-context.js';
import { plural } from '../progress.js';

/** `dataiku-iac show`: list the tracked resources. */
export async function runShow(context: CommandContext): Promise<number> {
  const backend = context.backend();
  const state = await backend.load();
  const resources = state.listResources();
  if (context.options.json) {
    context.out.json({
      state_file: backend.stateFile,
      environment: state.environment,
      serial: state.serial,
      lineage: state.lineage,
      updated_at: state.updatedAt,
      resources: resources.map((resource) => ({
        resource_id: resource.resourceId,
        resource_type: resource.resourceType,
        deployed_at: resource.metadata.deployedAt,
        deployed_by: resource.metadata.deployedBy,
        checksum: resource.metadata.checksum,
      })),
    });
    return 0;
  }
  const { out } = context;
  const counts = new Map<string, number>(RESOURCE_TYPES.map((type) => [type, 0]));
  for (const resource of resources) counts.set(resource.resourceType, (counts.get(resource.resourceType) ?? 0) + 1);
  out.line(`${backend.stateFile}: environment ${state.environment === '' ? '(none)' : state.environment}, serial ${state.serial}, updated ${state.updatedAt}`);
  out.line([...counts].filter(([, count]) => count > 0).map(([type, count]) => plural(count, type)).join(', ') || 'no resources');
  if (resources.length > 0) out.line();
  // A loop, not Math.max(...ids): spreading 100,000 arguments can overflow the stack.
  let width = 0;
  for (const resource of resources) width = Math.max(width, Math.min(80, resource.resourceId.length));
  const lines = resources.map((resource) => `${resource.resourceId.padEnd(width)}  ${out.colors.dim(`${resource.metadata.deployedAt}  ${resource.metadata.deployedBy}`)}`);
  if (lines.length > 0) out.line(lines.join('\n'));
  return 0;
}
