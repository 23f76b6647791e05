/** Every capability call takes these. The signal must abort the network request itself. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Gives up with a `timeout` VendorError when no first byte arrived in time. */
  timeoutMs?: number | undefined;
}
