import type { SaveResult, State, StateBackend } from '@dataiku-iac/models';

/**
 * Saves of the state during an apply, in the background: the journal already holds every outcome,
 * so a checkpoint only shortens what a resume has to replay, and no action waits for one. Saves
 * asked for while one runs become a single save after it. Each save writes a snapshot, so that the
 * actions recording meanwhile never change what is being written.
 */
export class Checkpoints {
  readonly #backend: StateBackend;
  readonly #state: State;
  #running: Promise<void> | undefined;
  #wanted = false;
  #error: Error | undefined;

  constructor(backend: StateBackend, state: State) {
    this.#backend = backend;
    this.#state = state;
  }

  /** The first background save that failed, if any. */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Save soon, without waiting. */
  request(): void {
    if (this.#running !== undefined) {
      this.#wanted = true;
      return;
    }
    this.#running = this.#saveWhileWanted();
  }

  /** After the background saves, save the state as it is now. */
  async final(): Promise<SaveResult> {
    await this.#running;
    return this.#save();
  }

  async #saveWhileWanted(): Promise<void> {
    try {
      do {
        this.#wanted = false;
        await this.#save();
      } while (this.#askedAgain());
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      this.#running = undefined;
    }
  }

  /** Whether a save was asked for while the last one ran (read after an await, unlike a narrowed field). */
  #askedAgain(): boolean {
    return this.#wanted;
  }

  async #save(): Promise<SaveResult> {
    const snapshot = this.#state.clone();
    const saved = await this.#backend.save(snapshot);
    this.#state.serial = snapshot.serial;
    this.#state.lineage = snapshot.lineage;
    this.#state.updatedAt = snapshot.updatedAt;
    return saved;
  }
}
