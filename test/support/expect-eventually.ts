/** Polls an assertion until it passes or the deadline ends; the last failure is what the test reports. */
export async function expectEventually(assertion: () => void | Promise<void>, timeoutMs = 5000, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
