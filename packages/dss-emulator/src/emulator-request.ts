/**
 * What the emulator reads from a request. A Fetch `Request` (msw) has all of it; the loopback
 * server builds a lighter object straight from node:http, without Fetch's per-request cost.
 */
export interface EmulatorRequest {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  text(): Promise<string>;
  /** The body bytes (read either this or `text()`, once). */
  arrayBuffer(): Promise<ArrayBuffer>;
}
