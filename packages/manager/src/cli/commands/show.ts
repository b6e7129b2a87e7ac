import { RESOURCE_TYPES } from '@dataiku-iac/models';
import { planToJson, renderPlan } from '@dataiku-iac/plan';
import type { CommandContext } from '../command-context.js';
import { readPlanFile } from '../plan-file.js';
import type { Runner } from '../program.js';
import { plural } from '../progress.js';

/**
 * `dataiku-iac show`: list the tracked resources; `show PLANFILE` renders a saved plan; `show
 * --journal` tells what an interrupted apply left to find out.
 */
export const runShow: Runner = async (context, [planFile]) => {
  if (planFile !== undefined) return showPlan(context, planFile);
  if (context.options.journal === true) return showJournal(context);
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

async function showPlan(context: CommandContext, file: string): Promise<number> {
  const plan = await readPlanFile(context.resolvePath(file));
  if (context.options.json === true) context.out.json(planToJson(plan));
  else {
    context.out.line(`Plan of ${plan.createdAt} for environment ${plan.environment} (state serial ${plan.state.serial}, ${plan.configuration.source}):\n`);
    context.out.line(renderPlan(plan, { color: context.out.color }));
  }
  return 0;
}

async function showJournal(context: CommandContext): Promise<number> {
  const manager = await context.manager({ readsDss: false });
  try {
    const journal = await manager.interruptedApply();
    const { out } = context;
    if (context.options.json === true) {
      out.json(
        journal === undefined
          ? { interrupted: false }
          : {
              interrupted: true,
              started_at: journal.begin?.startedAt ?? null,
              done: [...journal.done.keys()],
              failed: Object.fromEntries(journal.failed),
              unknown: Object.fromEntries(journal.unknown),
            },
      );
      return 0;
    }
    if (journal === undefined) {
      out.line(`No interrupted apply: the journal of ${manager.backend.location} is empty.`);
      return 0;
    }
    out.line(`An apply started ${journal.begin?.startedAt ?? '(time unknown)'} was interrupted: ${journal.done.size} done, ${journal.failed.size} failed, ${journal.unknown.size} to check in DSS.`);
    for (const [id, action] of journal.unknown) out.line(`  ? ${id}: ${action} begun, outcome unknown`);
    for (const [id, error] of journal.failed) out.line(`  ! ${id}: ${error}`);
    out.line('The next apply finds out from DSS what happened before going on.');
    return 0;
  } finally {
    await manager.close();
  }
}
