/** The `errorType` values the emulator answers with (contract §2.6). */
export const DSS_ERROR_TYPES = {
  notAuthenticated: 'com.dataiku.dip.exceptions.NotAuthenticatedException',
  unauthorized: 'com.dataiku.dip.exceptions.UnauthorizedException',
  notFound: 'com.dataiku.dip.server.controllers.NotFoundException',
  illegalArgument: 'com.dataiku.dip.exceptions.DSSIllegalArgumentException',
  javaIllegalArgument: 'java.lang.IllegalArgumentException',
  internalError: 'com.dataiku.dip.exceptions.DSSInternalErrorException',
  methodNotSupported: 'org.springframework.web.HttpRequestMethodNotSupportedException',
} as const;

/** The JSON error body DSS sends with every error (contract §2.6). */
export interface DssErrorEnvelope {
  errorType: string;
  message: string;
  detailedMessage: string;
}

/**
 * An exception raised on the emulated DSS side, rendered to the client as an HTTP status plus the
 * JSON error envelope. It models the Java exception of a real DSS, so it is not one of our
 * `DataikuIaCError`s; it only leaves the emulator through the store's direct API.
 */
export class DssError extends Error {
  override readonly name = 'DssError';
  readonly status: number;
  readonly errorType: string;

  constructor(status: number, errorType: string, message: string) {
    super(message);
    this.status = status;
    this.errorType = errorType;
  }

  toEnvelope(): DssErrorEnvelope {
    return { errorType: this.errorType, message: this.message, detailedMessage: this.message };
  }

  static isInstance(error: unknown): error is DssError {
    return error instanceof Error && error.name === 'DssError' && 'errorType' in error;
  }
}

export function notFound(message: string): DssError {
  return new DssError(404, DSS_ERROR_TYPES.notFound, message);
}

export function illegalArgument(message: string): DssError {
  return new DssError(400, DSS_ERROR_TYPES.illegalArgument, message);
}

/** `java.lang.IllegalArgumentException`, which DSS lets through for some refused writes (contract decision 10). */
export function javaIllegalArgument(message: string): DssError {
  return new DssError(400, DSS_ERROR_TYPES.javaIllegalArgument, message);
}

export function notAuthenticated(message: string): DssError {
  return new DssError(401, DSS_ERROR_TYPES.notAuthenticated, message);
}

/** What a real DSS answers a non-admin key for a project it does not have (contract decision 8). */
export function projectPermissionsUnreadable(): DssError {
  return new DssError(401, DSS_ERROR_TYPES.unauthorized, 'Failed to read project permissions');
}

/** The default `errorType` for a status, used by injected faults. */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return DSS_ERROR_TYPES.illegalArgument;
    case 401:
      return DSS_ERROR_TYPES.notAuthenticated;
    case 403:
      return DSS_ERROR_TYPES.unauthorized;
    case 404:
      return DSS_ERROR_TYPES.notFound;
    case 405:
      return DSS_ERROR_TYPES.methodNotSupported;
    default:
      return DSS_ERROR_TYPES.internalError;
  }
}
