/** An emulator was given an option it cannot use (a negative latency, an unknown seed…). */
export class EmulatorOptionsError extends Error {
  override readonly name = 'EmulatorOptionsError';
  readonly code = 'INVALID_ARGUMENT';
}
