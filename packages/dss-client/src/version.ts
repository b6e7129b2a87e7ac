declare const __DATAIKU_IAC_VERSION__: string;

/** This package's version, set at build time (tsup and vitest `define`); sent in the `User-Agent` header as `dataiku-iac/<version>`. */
export const CLIENT_VERSION: string = __DATAIKU_IAC_VERSION__;
