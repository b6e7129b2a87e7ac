import type { ApplyJournal } from '@dataiku-iac/models';
import { type JournalRecord, toJson } from './journal-records.js';

/**
 * Appends records to the journal durably, several at once when actions run in parallel (one
 * write and one fsync for all the records queued meanwhile). `append` resolves once its record is
 * durable.
 */
export class JournalWriter {
  readonly #journal: ApplyJournal;
  #queue: { readonly record: JournalRecord; readonly resolve: () => void; readonly reject: (error: Error) => void }[] = [];
  #draining = false;

  constructor(journal: ApplyJournal) {
    this.#journal = journal;
  }

  async append(record: JournalRecord): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
    });
    if (!this.#draining) void this.#drain();
    await written;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.#journal.append(batch.map((entry) => toJson(entry.record)));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.#draining = false;
  }
}
