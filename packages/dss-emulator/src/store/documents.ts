import { illegalArgument, notFound } from '../dss-error.js';

/**
 * The objects of one kind in one project, by name or id, in creation order. Unknown names are a
 * 404 `NotFoundException`, taken names a 400 (`… already exists`), each naming the object as
 * `describe(name)` does (`Dataset P.d`).
 */
export class Documents<T> {
  private readonly byName = new Map<string, T>();
  private readonly describe: (name: string) => string;

  constructor(describe: (name: string) => string) {
    this.describe = describe;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): T {
    const document = this.byName.get(name);
    if (document === undefined) throw notFound(`${this.describe(name)} does not exist`);
    return document;
  }

  /** Adds a new object; 400 when the name is taken. */
  add(name: string, document: T): void {
    if (this.byName.has(name)) throw illegalArgument(`${this.describe(name)} already exists`);
    this.byName.set(name, document);
  }

  /** Replaces an existing object; 404 when there is none. */
  replace(name: string, document: T): void {
    this.get(name);
    this.byName.set(name, document);
  }

  delete(name: string): void {
    this.get(name);
    this.byName.delete(name);
  }

  /** Moves `from` to `to`, keeping its place in the order: 404 if `from` is unknown, 400 if `to` is taken. */
  rename(from: string, to: string, document: T): void {
    this.get(from);
    if (this.byName.has(to)) throw illegalArgument(`${this.describe(to)} already exists`);
    const entries = [...this.byName].map(([name, value]): [string, T] => (name === from ? [to, document] : [name, value]));
    this.byName.clear();
    for (const [name, value] of entries) this.byName.set(name, value);
  }

  values(): T[] {
    return [...this.byName.values()];
  }
}
