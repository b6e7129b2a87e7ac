declare const __DATAIKU_IAC_VERSION__: string;

/** This package's version, set at build time (tsup and vitest `define`, from the shared configs at the root). */
export const version: string = __DATAIKU_IAC_VERSION__;
