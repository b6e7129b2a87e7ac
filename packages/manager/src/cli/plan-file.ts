import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '@dataiku-iac/models';
import { parsePlan, type Plan, serializePlan } from '@dataiku-iac/plan';

/**
 * Save a plan for `apply PLANFILE`: written whole or not at all (a temporary file fsynced, then
 * renamed over the target), readable by its owner only (0600).
 */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.plan.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(serializePlan(plan));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InvalidArgumentError(`cannot write the plan to ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/**
 * A saved plan.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when the file cannot be read
 * @throws PlanError (PLAN_INVALID) when it is not a plan of this format
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError(code === 'ENOENT' ? `plan file not found: ${path}` : `cannot read the plan ${path}: ${code ?? (error as Error).message}`, { cause: error });
  }
  return parsePlan(text, path);
}
