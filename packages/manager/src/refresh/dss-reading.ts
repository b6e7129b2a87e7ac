import type { Resource } from '@dataiku-iac/models';

/** Reads one project with its datasets and recipes; `undefined` when DSS says it does not exist. */
export type ReadProject = (projectKey: string, signal: AbortSignal) => Promise<Resource[] | undefined>;
/** Lists the project keys DSS has. */
export type ListProjects = (signal: AbortSignal) => Promise<readonly string[]>;

/**
 * The DSS reads of one refresh. Each project is read at most once, whoever asks first; every read
 * is cancelled together, by `cancel()` or by the caller's signal. A read nobody awaits yet can fail
 * without becoming an unhandled rejection: its failure is kept until someone awaits it.
 */
export class DssReading {
  readonly #controller = new AbortController();
  readonly #reads = new Map<string, Promise<Resource[] | undefined>>();
  readonly #readProject: ReadProject;
  readonly #listProjects: ListProjects;
  readonly #outer: AbortSignal | undefined;
  readonly #forwardAbort = (): void => {
    this.cancel(this.#outer?.reason);
  };
  #projectList: Promise<readonly string[]> | undefined;

  constructor(readProject: ReadProject, listProjects: ListProjects, signal?: AbortSignal) {
    this.#readProject = readProject;
    this.#listProjects = listProjects;
    this.#outer = signal;
    if (signal?.aborted === true) this.cancel(signal.reason);
    else signal?.addEventListener('abort', this.#forwardAbort, { once: true });
  }

  /** Start reading a project (if not started yet); the promise of its resources. */
  project(projectKey: string): Promise<Resource[] | undefined> {
    let read = this.#reads.get(projectKey);
    if (read === undefined) {
      read = handled(this.#readProject(projectKey, this.#controller.signal));
      this.#reads.set(projectKey, read);
    }
    return read;
  }

  /** DSS's project list (read once), each listed project starting to be read as soon as it is known. */
  projectList(): Promise<readonly string[]> {
    this.#projectList ??= handled(
      this.#listProjects(this.#controller.signal).then((keys) => {
        for (const key of keys) void this.project(key);
        return keys;
      }),
    );
    return this.#projectList;
  }

  /** `promise`, or a rejection with the cancellation reason as soon as the reading is cancelled. */
  async untilCancelled<T>(promise: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const cancelled = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([promise, cancelled]);
    } finally {
      signal.removeEventListener('abort', onAbort as () => void);
    }
  }

  get cancelled(): boolean {
    return this.#controller.signal.aborted;
  }

  cancel(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  /** Stop listening to the caller's signal. */
  dispose(): void {
    this.#outer?.removeEventListener('abort', this.#forwardAbort);
  }
}

/** The same promise, marked as handled: its rejection surfaces only where it is awaited. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
