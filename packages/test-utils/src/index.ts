export { salesMetadata, salesSettings, ordersDataset, pythonRecipe } from './documents.js';
export { type EmulatedDss, useEmulatedDss } from './emulated-dss.js';
export { API, API_KEY, BASIC_TOKEN, DSS_HOST, KEY_FORMS } from './keys.js';
export { rejectionOf } from './rejection.js';
export { cutOffJson, dssError, NOT_FOUND_TYPE, notFound } from './responses.js';
