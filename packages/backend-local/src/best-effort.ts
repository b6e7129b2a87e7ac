/** Await a clean-up step whose failure must not hide the outcome it cleans up after. */
export async function bestEffort(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch {
    // Nothing useful to do: the caller's own result or error matters more.
  }
}
