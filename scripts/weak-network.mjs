// A first visit to each employee page on a ward's weak Wi-Fi, as a nurse's phone gets it:
// Pixel 5 at 360 px, 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, CPU slowed 4x,
// empty cache. For each page prints when it was drawn (first contentful paint), when it
// was live (body[data-hydrated]) and the WASM and JS it fetched (bytes on the wire).
// Prints figures against the budgets (live <= 2.5 s, WASM+JS <= 150 KB); asserts
// nothing. Signs in with the demo accounts, so the server must have the demo data.
// Usage: node scripts/weak-network.mjs [base URL, default http://127.0.0.1:3300]
import { chromium, devices } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3300";
const PASSWORD = "Luodi2026";
const EMPLOYEE = "00031";
const BUDGET_MS = 2500;
const BUDGET_BYTES = 150 * 1024;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

/** A signed-in context's cookies, taken once (sign-in is measured on its own). */
async function sessionCookies(account) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel(/工号/).fill(account);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/$/);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

/** Finds the paths of pages that need an id: a form to fill, an approval, an exam. */
async function discover(cookies) {
  const context = await browser.newContext({ baseURL: base });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const found = {};
  await page.goto("/forms");
  found.form = await page.getByRole("link", { name: /^请假/ }).first().getAttribute("href");
  await page.goto("/todo?box=started");
  found.approval = await page.locator("a[href^='/approvals/']").first().getAttribute("href").catch(() => null);
  await context.close();
  return found;
}

async function measure(path, cookies) {
  const context = await browser.newContext({ ...devices["Pixel 5"], viewport: { width: 360, height: 780 }, baseURL: base, locale: "zh-CN" });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`${path}: ${err}`));
  page.on("console", (msg) => msg.type() === "error" && console.error(`${path}: ${msg.text()}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  // A new context starts with an empty cache; the second visit below uses what it kept.
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const kinds = new Map();
  const bytes = { wasm: 0, js: 0 };
  cdp.on("Network.responseReceived", (e) => {
    const url = e.response.url.split("?")[0];
    if (url.endsWith(".wasm")) kinds.set(e.requestId, "wasm");
    else if (url.endsWith(".js")) kinds.set(e.requestId, "js");
  });
  cdp.on("Network.loadingFinished", (e) => {
    const kind = kinds.get(e.requestId);
    if (kind) bytes[kind] += e.encodedDataLength;
  });
  const visit = async () => {
    const started = Date.now();
    await page.goto(path, { waitUntil: "commit" });
    await page.waitForSelector("body[data-hydrated=true]", { state: "attached", timeout: 60_000 });
    return Date.now() - started;
  };
  const live = await visit();
  const paint = await page.evaluate(
    () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
  );
  // Let late chunks the page asks for right after it is live finish arriving.
  await page.waitForLoadState("networkidle");
  const first = { ...bytes };
  // The same page again, as the next shift would open it: the cache is warm.
  const again = await visit();
  await page.waitForLoadState("networkidle");
  const againBytes = bytes.wasm + bytes.js - first.wasm - first.js;
  await context.close();
  return { path, paint: Math.round(paint), live, wasm: first.wasm, js: first.js, again, againBytes };
}

const cookies = await sessionCookies(EMPLOYEE);
const found = await discover(cookies);
const pages = [
  ["sign-in", "/sign-in", null],
  ["workbench", "/", cookies],
  ["to-do", "/todo", cookies],
  ["approval", found.approval, cookies],
  ["form to fill", found.form, cookies],
  ["learn", "/learn", cookies],
  ["me", "/me", cookies],
  ["leaderboard", "/adoption/leaderboard", cookies],
].filter(([, path]) => path);

const kb = (n) => (n / 1024).toFixed(1);
console.log("page            drawn ms   live ms   WASM KB   JS KB   WASM+JS vs 150 KB   live vs 2.5 s   again: live ms, KB");
for (const [name, path, session] of pages) {
  const r = await measure(path, session);
  const total = r.wasm + r.js;
  console.log(
    `${name.padEnd(15)} ${String(r.paint).padStart(8)} ${String(r.live).padStart(9)} ${kb(r.wasm).padStart(9)} ${kb(r.js).padStart(7)}` +
      ` ${((total / BUDGET_BYTES) * 100).toFixed(0).padStart(15)} %` +
      ` ${((r.live / BUDGET_MS) * 100).toFixed(0).padStart(13)} %` +
      ` ${String(r.again).padStart(12)} ${kb(r.againBytes).padStart(6)}`,
  );
}
await browser.close();
