declare const __DATAIKU_IAC_VERSION__: string;

/** This package's version, set at build time (tsup and vitest `define`). */
export const version: string = __DATAIKU_IAC_VERSION__;
