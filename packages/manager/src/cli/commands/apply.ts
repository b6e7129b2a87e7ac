import type { ApplyEvent, ApplyResult } from '@dataiku-iac/apply';
import { type Plan, type PlanAction, renderPlan } from '@dataiku-iac/plan';
import type { CommandContext } from '../command-context.js';
import { inCommandLineWords } from '../describe-failure.js';
import { commandConfiguration, savedPlanConfigurationDigest } from '../load-configuration.js';
import { readPlanFile } from '../plan-file.js';
import type { Runner } from '../program.js';
import { INTERRUPTED_EXIT_CODE } from '../run-cli.js';
import { UsageError } from '../usage-error.js';

const DONE: Readonly<Record<PlanAction['action'], string>> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'destroyed' };
const SYMBOL: Readonly<Record<PlanAction['action'], string>> = { create: '+', update: '~', replace: '-/+', delete: '-' };

/**
 * `dataiku-iac apply [PLANFILE]`: carry out a saved plan, or plan now and ask. Exit 0 when
 * everything was done (or nothing was to do), 1 when something failed or was refused.
 */
export const runApply: Runner = async (context, [planFile]) => {
  const { options, out } = context;
  if (planFile === undefined && options.autoApprove !== true && context.io.ask === undefined) {
    throw new UsageError('apply needs a confirmation, and standard input is not a terminal: pass --auto-approve, or apply a saved plan');
  }
  const saved = planFile === undefined ? undefined : await readPlanFile(context.resolvePath(planFile));
  const source =
    saved === undefined
      ? { configuration: await commandConfiguration(context) }
      : { plan: saved, configurationDigest: await savedPlanConfigurationDigest(context, saved), env: context.io.env };
  const manager = await context.manager({ readsDss: true });
  try {
    const outcome = await manager.apply(source, {
      allowDestroyProject: options.allowDestroyProject === true,
      continueOnError: options.continueOnError === true,
      lockTimeoutMs: context.lockTimeoutMs,
      signal: context.io.signal,
      confirm: options.autoApprove === true ? undefined : (plan) => confirm(context, plan),
      onResume: (operations) => {
        out.line(`Resuming an interrupted apply: ${operations} operation${operations === 1 ? '' : 's'} to check`);
      },
      onEvent: (event) => {
        printEvent(context, event);
      },
    });
    if (outcome.status === 'no-changes') {
      out.line(renderPlan(outcome.plan, { color: out.color }));
      return 0;
    }
    if (outcome.status === 'cancelled') {
      out.line('Apply cancelled: nothing was changed.');
      return 1;
    }
    if (options.autoApprove === true && saved === undefined) out.line(renderPlan(outcome.plan, { color: out.color }));
    return printSummary(context, outcome.plan, outcome.result);
  } finally {
    await manager.close();
  }
};

async function confirm(context: CommandContext, plan: Plan): Promise<boolean> {
  context.out.line(renderPlan(plan, { color: context.out.color }));
  const ask = context.io.ask as (question: string) => Promise<string>;
  const answer = await ask('\nDo you want to perform these actions? Only "yes" will be accepted: ');
  return answer.trim() === 'yes';
}

function printEvent(context: CommandContext, event: ApplyEvent): void {
  const { action } = event;
  if (event.kind === 'done') context.out.line(`${SYMBOL[action.action]} ${action.resourceId}: ${DONE[action.action]} (${(event.durationMs / 1000).toFixed(1)}s)`);
  else if (event.kind === 'failed') context.out.error(`${action.resourceId}: ${inCommandLineWords(event.error)}`);
}

function printSummary(context: CommandContext, plan: Plan, result: ApplyResult): number {
  const { out } = context;
  const interrupted = context.io.signal?.aborted === true;
  const count = (type: PlanAction['action']): number => result.done.filter((action) => action.action === type).length;
  const totals = `${count('create')} added, ${count('update')} changed, ${count('replace')} replaced, ${count('delete')} destroyed`;
  if (result.failed.length === 0 && result.notStarted.length === 0) {
    out.line(`\nApply complete! Resources: ${totals}. State saved to ${result.saved.location} (serial ${result.saved.serial}).`);
    return 0;
  }
  out.line(`\nApply ${interrupted ? 'interrupted' : 'incomplete'}: ${result.done.length} of ${plan.actions.length} actions done (${totals}), ${result.failed.length} failed, ${result.notStarted.length} not started.`);
  for (const { action, error } of result.failed) out.line(`  failed: ${action.resourceId}: ${inCommandLineWords(error)}`);
  for (const { action, reason } of result.notStarted) out.line(`  not started: ${action.resourceId} (${reason.replace(/^not started: /, '')})`);
  out.line(`The state holds what was done (${result.saved.location}, serial ${result.saved.serial}); run dataiku-iac plan to see what remains.`);
  return interrupted ? INTERRUPTED_EXIT_CODE : 1;
}
