export type WriteKind = 'create' | 'update' | 'delete';

/** How many times the API wrote one object. */
export interface WriteCount {
  creates: number;
  updates: number;
  deletes: number;
}

const FIELDS: Readonly<Record<WriteKind, keyof WriteCount>> = { create: 'creates', update: 'updates', delete: 'deletes' };

/**
 * Successful writes per object, made through the API (direct store calls are not counted). Objects
 * are named like resource ids: `project.P`, `dataset.P.d`, `recipe.P.r`, `scenario.P.ID`,
 * `managedfolder.P.id`.
 */
export class WriteCounts {
  private counts = new Map<string, WriteCount>();

  /** The writes of `objectId`; all zero when it was never written. */
  of(objectId: string): WriteCount {
    return { ...(this.counts.get(objectId) ?? { creates: 0, updates: 0, deletes: 0 }) };
  }

  /** Every object written, with its counts. */
  all(): Record<string, WriteCount> {
    return Object.fromEntries([...this.counts].map(([id, count]) => [id, { ...count }]));
  }

  record(kind: WriteKind, objectId: string): void {
    const count = this.counts.get(objectId) ?? { creates: 0, updates: 0, deletes: 0 };
    count[FIELDS[kind]] += 1;
    this.counts.set(objectId, count);
  }

  reset(): void {
    this.counts = new Map();
  }
}
