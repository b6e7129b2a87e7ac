import { RESOURCE_TYPES } from '@dataiku-iac/models';
import type { Runner } from '../program.js';
import { plural } from '../progress.js';

/** `dataiku-iac show`: list the tracked resources. */
export const runShow: Runner = async (context) => {
  const manager = await context.manager({ readsDss: false });
  try {
    const state = await manager.readState();
    const location = manager.backend.location;
    const resources = state.listResources();
    const { out } = context;
    if (context.options.json === true) {
      out.json({
        location,
        environment: state.environment,
        serial: state.serial,
        lineage: state.lineage,
        updated_at: state.updatedAt,
        resources: resources.map((resource) => ({
          resource_id: resource.resourceId,
          resource_type: resource.resourceType,
          deployed_at: resource.metadata.deployedAt,
          deployed_by: resource.metadata.deployedBy,
          managed: resource.metadata.managed,
          checksum: resource.metadata.checksum,
        })),
      });
      return 0;
    }
    const counts = new Map<string, number>(RESOURCE_TYPES.map((type) => [type, 0]));
    for (const resource of resources) counts.set(resource.resourceType, (counts.get(resource.resourceType) ?? 0) + 1);
    out.line(`${location}: environment ${state.environment === '' ? '(none)' : state.environment}, serial ${state.serial}, updated ${state.updatedAt}`);
    out.line([...counts].filter(([, count]) => count > 0).map(([type, count]) => plural(count, type)).join(', ') || 'no resources');
    if (resources.length > 0) out.line();
    // A loop, not Math.max(...ids): spreading 100,000 arguments can overflow the stack.
    let width = 0;
    for (const resource of resources) width = Math.max(width, Math.min(80, resource.resourceId.length));
    const lines = resources.map((resource) => {
      const managed = resource.metadata.managed ? '  managed' : '';
      return `${resource.resourceId.padEnd(width)}  ${out.colors.dim(`${resource.metadata.deployedAt}  ${resource.metadata.deployedBy}${managed}`)}`;
    });
    if (lines.length > 0) out.line(lines.join('\n'));
    return 0;
  } finally {
    await manager.close();
  }
};
