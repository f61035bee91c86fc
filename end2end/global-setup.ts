// Waits for the server the test command started (cargo leptos does not wait for it).
export default async function globalSetup() {
  const base = process.env.LUODI_BASE_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Luodi did not answer at ${base}/healthz within 60 s`);
}
