import { DataikuIaCError, type LockInfo, oneLine } from '@dataiku-iac/models';

export interface FailureContext {
  /** The command that failed (`sync`, `state restore`…), when known. */
  readonly command: string | undefined;
}

/**
 * One line: what failed and what to do about it. The error's own hint comes from the layer that
 * knows (where the backups are…); this adds only what the command line knows: its flags and commands.
 */
export function describeFailure(error: unknown, context: FailureContext): string {
  if (!DataikuIaCError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return oneLine(`unexpected error: ${message}; run with --verbose for the stack trace`);
  }
  const own = error.hint === undefined || error.hint === '' ? undefined : error.hint;
  const cli = commandLineHint(error, context);
  const hint = own !== undefined && cli !== undefined ? `${own}; or ${cli}` : (own ?? cli);
  return oneLine(inCommandLineWords(hint === undefined ? inFlagTerms(error) : `${inFlagTerms(error)}; ${hint}`));
}

/**
 * A failure reason from the library (a DSS client's advice names its own options, e.g. on a 401
 * "check DATAIKU_API_KEY or the apiKey option") said with the command line's flags.
 */
export function inCommandLineWords(reason: string): string {
  return reason.replaceAll(/\bthe (host|apiKey|caFile|timeoutMs|concurrency) option\b/g, (_, option: string) => CLIENT_FLAGS[option] as string);
}

/**
 * The error's message; a DSS client setting's problem is said with the flag that sets it
 * (`--host`, `--ca-file`) rather than the library's option name.
 */
function inFlagTerms(error: DataikuIaCError): string {
  const { option, envVariable, problem } = error as DataikuIaCError & { option?: unknown; envVariable?: unknown; problem?: unknown };
  const flag = typeof option === 'string' ? CLIENT_FLAGS[option] : undefined;
  if (error.code !== 'CONFIG_INVALID' || flag === undefined || typeof problem !== 'string') return error.message;
  if (typeof envVariable !== 'string') return `${flag}: ${problem}`;
  return `${flag === '--host' ? 'DSS host' : 'DSS API key'} ${problem}: set ${envVariable} or pass ${flag}`;
}

/** `DssClientOptions` keys and the flags that set them. */
const CLIENT_FLAGS: Readonly<Record<string, string>> = {
  host: '--host',
  apiKey: '--api-key',
  caFile: '--ca-file',
  insecure: '--insecure',
  concurrency: '--concurrency',
  timeoutMs: '--timeout',
};

function commandLineHint(error: DataikuIaCError, context: FailureContext): string | undefined {
  const { command } = context;
  switch (error.code) {
    case 'STATE_LOCKED': {
      const { id } = (error as DataikuIaCError & { lock: LockInfo }).lock;
      return `wait for it to finish (or retry with --lock-timeout 5m), or if that command is no longer running: dataiku-iac force-unlock ${id}`;
    }
    case 'STATE_CORRUPTED':
    case 'STATE_READ':
      return command === 'sync' ? 'run sync --force to start again from DSS (the unreadable state is kept aside first)' : undefined;
    case 'STATE_NOT_FOUND':
      return command === 'drift' || command === 'show' || command === 'state restore' ? 'run dataiku-iac sync first' : undefined;
    case 'STATE_CONFLICT':
      return command === 'sync' ? 'run sync --force to replace it (it is kept aside first)' : undefined;
    case 'DSS_UNREACHABLE':
      return isTlsFailure(error) ? 'pass --ca-file with its CA certificate, or --insecure to skip verification' : 'check --host (or DATAIKU_HOST) and the network';
    case 'RESOURCE_NOT_FOUND':
      return 'check the project key (keys are case-sensitive)';
    default:
      return undefined;
  }
}

function isTlsFailure(error: DataikuIaCError): boolean {
  return (error as DataikuIaCError & { failure?: unknown }).failure === 'tls';
}
