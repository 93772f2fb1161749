/** Polls `probe` until `ok` holds or `ms` pass; returns the last value (the caller asserts on it). */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
