/**
 * The id DSS gives a new scenario: derived from its name, so two scenarios of the same name collide
 * (a third-party client's observation). The emulator upper-cases the name and joins its words with
 * `_`; the exact rule is UNCONFIRMED.
 */
export function scenarioIdFor(name: string): string {
  const id = name
    .toUpperCase()
    .replace(/\W+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id === '' ? 'SCENARIO' : id;
}
