import { renderGraph } from '@dataiku-iac/plan';
import { commandConfiguration } from '../load-configuration.js';
import type { Runner } from '../program.js';
import { UsageError } from '../usage-error.js';

/** `dataiku-iac graph`: the flow of the state (or, with -c, of the configuration) as dot or Mermaid. */
export const runGraph: Runner = async (context) => {
  const { options } = context;
  const format = options.format ?? 'dot';
  if (format !== 'dot' && format !== 'mermaid') throw new UsageError(`--format takes dot or mermaid, not ${JSON.stringify(format)}`);
  const projectKeys = options.project === undefined || options.project.length === 0 ? undefined : options.project;
  if (options.config !== undefined) {
    const configuration = await commandConfiguration(context);
    context.out.line(renderGraph(configuration.resources, format, { projectKeys }));
    return 0;
  }
  const manager = await context.manager({ readsDss: false });
  try {
    context.out.line(renderGraph((await manager.readState()).listResources(), format, { projectKeys }));
    return 0;
  } finally {
    await manager.close();
  }
};
