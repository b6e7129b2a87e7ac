import type pg from 'pg';
import { isLostSession } from './connection-failure.js';

/**
 * One database connection held for a while (a lock's lifetime, a load): its statements run one
 * after the other even when callers overlap, and a connection that broke is noticed (the driver
 * reports errors of an idle connection as events) and never given back to the pool.
 */
export class Session {
  private readonly client: pg.PoolClient;
  private broken: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private released = false;
  private readonly onError = (error: Error): void => {
    this.broken ??= error;
  };

  constructor(client: pg.PoolClient) {
    this.client = client;
    client.on('error', this.onError);
  }

  /** Run `work` alone on this connection. */
  async run<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      if (this.broken !== undefined) throw this.broken;
      try {
        return await work(this.client);
      } catch (error) {
        if (isLostSession(error instanceof CommitUnknownError ? error.cause : error)) this.broken ??= error as Error;
        throw error;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Run `work` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.run(async (client) => {
      await client.query(begin);
      let result: T;
      try {
        result = await work(client);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      try {
        await client.query('COMMIT');
      } catch (error) {
        throw new CommitUnknownError(error);
      }
      return result;
    });
  }

  /** Give the connection back to the pool, or close it if it broke. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.client.off('error', this.onError);
    this.client.release(this.broken ?? undefined);
  }

  /** Close the connection: the server ends the session and frees what it held. */
  destroy(): void {
    this.broken ??= new Error('closed');
    this.release();
  }
}


/**
 * COMMIT failed: when the connection broke meanwhile, the transaction may have been committed or
 * not. `cause` is the driver's error.
 */
export class CommitUnknownError extends Error {
  constructor(cause: unknown) {
    super(`the commit failed: ${(cause as Error).message}`, { cause });
  }
}
