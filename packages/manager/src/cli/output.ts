import { createColors } from 'picocolors';
import type { CliIo } from './cli-io.js';

type Colors = ReturnType<typeof createColors>;

/**
 * Writing to the terminal: results on stdout, notes, warnings and errors on stderr, colour only
 * when allowed. Every line passes through `redact`, a last defence that masks the API key.
 */
export class Output {
  readonly color: boolean;
  readonly colors: Colors;
  private readonly io: CliIo;
  private readonly secrets: string[] = [];

  constructor(io: CliIo, noColor: boolean) {
    this.io = io;
    this.color = !noColor && io.env.NO_COLOR === undefined && io.stdout.isTTY === true;
    this.colors = createColors(this.color);
  }

  /** Never print this value (nor its Basic-auth form). */
  addSecret(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4) return;
    this.secrets.push(secret, Buffer.from(`${secret}:`).toString('base64'));
  }

  redact(text: string): string {
    let safe = text;
    for (const secret of this.secrets) safe = safe.replaceAll(secret, '***');
    return safe;
  }

  line(text = ''): void {
    this.io.stdout.write(this.redact(`${text}\n`));
  }

  json(value: unknown): void {
    this.io.stdout.write(this.redact(`${JSON.stringify(value, null, 2)}\n`));
  }

  note(text: string): void {
    this.io.stderr.write(this.redact(`${text}\n`));
  }

  warning(text: string): void {
    this.io.stderr.write(this.redact(`warning: ${text}\n`));
  }

  error(text: string): void {
    this.io.stderr.write(this.redact(`error: ${text}\n`));
  }

  /** Text as it is (help), on stdout. */
  raw(text: string): void {
    this.io.stdout.write(this.redact(text));
  }

  /** Text as it is, on stderr. */
  rawError(text: string): void {
    this.io.stderr.write(this.redact(text));
  }

  /** Raw text on stderr (progress), only meant for terminals. */
  progress(text: string): void {
    this.io.stderr.write(this.redact(text));
  }

  get stderrIsTerminal(): boolean {
    return this.io.stderr.isTTY === true;
  }
}
