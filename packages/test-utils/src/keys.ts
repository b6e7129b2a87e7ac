/** Where the tests' DSS lives: msw intercepts it, nothing listens there. */
export const DSS_HOST = 'https://dss.test';
export const API = `${DSS_HOST}/public/api`;
/** Looks like a DSS personal key; tests search outputs for it and for its base64 forms. */
export const API_KEY = 'dkuaps-T3stK3y0123456789abcdefXYZ';
export const BASIC_TOKEN = Buffer.from(`${API_KEY}:`).toString('base64');
export const KEY_FORMS = [API_KEY, BASIC_TOKEN, Buffer.from(API_KEY).toString('base64')];
