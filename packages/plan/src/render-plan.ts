import { formatAttributeChange } from '@dataiku-iac/diff';
import pc from 'picocolors';
import type { Plan, PlanAction, PlanActionType } from './plan-types.js';
import { SENSITIVE } from './compare-declared.js';

export interface RenderOptions {
  /** ANSI colours: green creates, yellow updates, red deletes. Default false. */
  readonly color?: boolean;
  /** Longest value shown on one line before it is cut with `…`. Default 100. */
  readonly maxValueLength?: number;
}

const SYMBOL: Readonly<Record<PlanActionType, string>> = { create: '  +', update: '  ~', replace: '-/+', delete: '  -' };
const HEADER: Readonly<Record<PlanActionType, string>> = {
  create: 'will be created',
  update: 'will be updated in-place',
  replace: 'must be replaced',
  delete: 'will be destroyed',
};

/**
 * A plan for people, as Terraform shows one: each action with its attribute changes (long strings
 * and code as line diffs), then `Plan: 2 to add, 1 to change, 1 to replace, 0 to destroy.`
 */
export function renderPlan(plan: Plan, options: RenderOptions = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const paint: Readonly<Record<PlanActionType, (text: string) => string>> = {
    create: colors.green,
    update: colors.yellow,
    replace: colors.yellow,
    delete: colors.red,
  };
  const lines: string[] = [];
  const { summary } = plan;
  if (plan.actions.length === 0) {
    lines.push(`No changes. DSS matches the configuration (${plural(summary.unchanged, 'declared object')}).`);
  } else {
    const used = new Set(plan.actions.map((action) => action.action));
    const legend = (['create', 'update', 'replace', 'delete'] as const).filter((type) => used.has(type)).map((type) => paint[type](`${SYMBOL[type].trim()} ${legendName(type)}`));
    lines.push(`Dataiku IaC will perform the following actions (${legend.join(', ')}):`, '');
    for (const action of plan.actions) lines.push(...renderAction(action, paint[action.action], options), '');
    lines.push(`Plan: ${summary.add} to add, ${summary.change} to change, ${summary.replace} to replace, ${summary.destroy} to destroy.`);
  }
  if (summary.unmanaged > 0) {
    lines.push(colors.dim(`${plural(summary.unmanaged, 'object')} in these projects ${summary.unmanaged === 1 ? 'is' : 'are'} not declared and not managed by this tool: left alone.`));
  }
  if (!plan.refreshed) lines.push(colors.dim('Planned against the state file, not DSS (--refresh=false).'));
  return lines.join('\n');
}

/** Said where a deletion could be feared to take data with it: apply never asks DSS to drop data. */
const DATA_KEPT: Readonly<Partial<Record<PlanAction['resourceType'], string>>> = {
  dataset: ' (its data is kept)',
  project: " (its datasets' data is kept)",
};

function renderAction(action: PlanAction, paint: (text: string) => string, options: RenderOptions): string[] {
  const reason = action.reason === undefined ? '' : `: ${action.reason}`;
  const dataKept = action.action === 'delete' || action.action === 'replace' ? (DATA_KEPT[action.resourceType] ?? '') : '';
  const header = `  # ${action.resourceId} ${HEADER[action.action]}${reason}${dataKept}`;
  const lines = [pc.createColors(options.color ?? false).bold(header), paint(`${SYMBOL[action.action]} ${action.resourceId}`)];
  for (const change of action.changes) {
    lines.push(...formatAttributeChange(change, { color: options.color ?? false, maxValueLength: options.maxValueLength ?? 100, indent: '      ', placeholders: [SENSITIVE] }));
  }
  return lines;
}

function legendName(type: PlanActionType): string {
  return type === 'update' ? 'update in-place' : type === 'delete' ? 'destroy' : type;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
