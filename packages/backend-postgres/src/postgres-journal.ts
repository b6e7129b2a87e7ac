import { type ApplyJournal, InvalidArgumentError, isJsonObject, type JsonObject } from '@dataiku-iac/models';
import type pg from 'pg';
import type { Tables } from './tables.js';

/** How the journal reaches the database, on a pooled connection. */
export interface JournalAccess {
  readonly environment: string;
  /** `work`, or `empty` when there are no tables (they are not made for a read). */
  read<T>(work: (client: pg.ClientBase, tables: Tables) => Promise<T>, empty: T): Promise<T>;
  /** `work`, the tables made first if needed. */
  write(work: (client: pg.ClientBase, tables: Tables) => Promise<void>): Promise<void>;
}

/**
 * The apply journal of one environment, as rows of the `journal` table (a JSON object each, the
 * table checks it). Each `append` is one statement, committed before it resolves.
 */
export class PostgresJournal implements ApplyJournal {
  private readonly access: JournalAccess;

  constructor(access: JournalAccess) {
    this.access = access;
  }

  async read(): Promise<JsonObject[]> {
    return this.access.read(async (client, tables) => {
      const { rows } = await client.query<{ record: JsonObject }>(`SELECT record FROM ${tables.journal} WHERE environment = $1 ORDER BY position`, [this.access.environment]);
      return rows.map((row) => row.record);
    }, []);
  }

  /** @throws InvalidArgumentError (INVALID_ARGUMENT) for a record that is not a JSON object, before anything is written */
  async append(records: readonly JsonObject[]): Promise<void> {
    const texts = records.map((record, index) => {
      if (!isJsonObject(record)) throw new InvalidArgumentError(`journal record ${index} is not a JSON object`);
      try {
        return JSON.stringify(record);
      } catch (error) {
        throw new InvalidArgumentError(`journal record ${index} is not JSON: ${(error as Error).message}`);
      }
    });
    if (texts.length === 0) return;
    await this.access.write(async (client, tables) => {
      await client.query(`INSERT INTO ${tables.journal} (environment, record) SELECT $1, record::json FROM unnest($2::text[]) WITH ORDINALITY AS r (record, n) ORDER BY n`, [this.access.environment, texts]);
    });
  }

  async clear(): Promise<void> {
    await this.access.write(async (client, tables) => {
      await client.query(`DELETE FROM ${tables.journal} WHERE environment = $1`, [this.access.environment]);
    });
  }
}
