import type { DssObjects } from './dss-objects.js';

/**
 * `objects` whose writes wait until `intent` (the journal record announcing them) is durable;
 * reads go at once, so an action's first read overlaps the journal's fsync.
 */
export function afterIntent(objects: DssObjects, intent: Promise<void>): DssObjects {
  return {
    read: (resourceId) => objects.read(resourceId),
    create: async (resourceId, attributes) => {
      await intent;
      return objects.create(resourceId, attributes);
    },
    update: async (resourceId, current, attributes) => {
      await intent;
      return objects.update(resourceId, current, attributes);
    },
    delete: async (resourceId) => {
      await intent;
      return objects.delete(resourceId);
    },
  };
}
