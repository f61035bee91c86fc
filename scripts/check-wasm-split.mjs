// Checks that wasm-split moved the lazy pages' constants (texts, class names) into
// their own chunks instead of the first-load module. It silently keeps them all in the
// first-load module when the repacked data is longer than the linked segment, which
// `SPLIT_DATA_SLACK` in frontend/src/lib.rs is there to prevent; this catches the day
// that room runs out. Prints the data bytes per module kind; exits 1 on a fallback.
// Then prints what a first visit to each lazy section fetches, and exits 1 when one
// needs more than MAX_FILES_PER_SECTION files or more bytes than its ceiling below.
// Run it after scripts/precompress.sh: the byte figures are of the brotli files.
// Usage: node scripts/check-wasm-split.mjs [pkg dir, default target/site/pkg]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "target/site/pkg";
const DATA_SECTION = 11;
// Each file is a request of its own on a phone's connection.
const MAX_FILES_PER_SECTION = 60;
// Bytes (brotli) a first visit may fetch: the first load (WASM, its JS, the split
// loader), and each lazy section on top of it. These are ceilings at today's sizes plus
// about 2 %, so the download cannot grow unnoticed; lower them whenever it shrinks.
// The goal for the pages employees use (everyday work, learning, figures) is 150 KB in
// all, first load included (docs/performance.md says where that stands).
const EMPLOYEE_GOAL = 150 * 1024;
// (2026-12-08: the workbench's list of what waits brought the server-function client
// code into the first load, 207 → 238 KB, and out of the sections, whose first visits
// stayed within 2 KB; the pages in the first load are now sent without code at all.)
const CEILINGS = {
  first_load: 245_000,
  work_pages_view: 391_000,
  learn_pages_view: 147_000,
  figure_pages_view: 151_500,
  org_admin_pages_view: 251_000,
  form_admin_pages_view: 477_000,
  training_admin_pages_view: 260_500,
};
const EMPLOYEE_SECTIONS = ["work_pages_view", "learn_pages_view", "figure_pages_view"];

function dataBytes(file) {
  const wasm = readFileSync(file);
  let at = 8; // magic and version
  const leb = () => {
    let value = 0, shift = 0, byte;
    do {
      byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  let data = 0;
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    if (id === DATA_SECTION) data += size;
    at += size;
  }
  return data;
}

const wasmFiles = readdirSync(dir).filter((name) => name.endsWith(".wasm"));
const lazyPages = wasmFiles.filter((name) => name.startsWith("split_"));
const firstLoad = dataBytes(join(dir, "luodi.wasm"));
const lazyData = lazyPages.reduce((sum, name) => sum + dataBytes(join(dir, name)), 0);
console.log(`data in the first-load module: ${firstLoad} B; in ${lazyPages.length} lazy pages: ${lazyData} B`);
if (lazyPages.length === 0) {
  console.error(`no lazy pages in ${dir}: build with \`cargo leptos build --release --split\``);
  process.exit(1);
}
if (lazyData === 0) {
  console.error(
    "wasm-split kept every lazy page's data in the first-load module: " +
      "raise SPLIT_DATA_SLACK in frontend/src/lib.rs",
  );
  process.exit(1);
}

// What a first visit to each lazy section fetches: its own module and every shared
// chunk it depends on, one request each (from wasm-split's manifest).
const manifest = JSON.parse(readFileSync(join(dir, "__wasm_split_manifest.json"), "utf8"));
const size = (name) => {
  try {
    return readFileSync(join(dir, name)).length;
  } catch {
    return 0;
  }
};
const over = [];
const firstLoadFiles = readdirSync(dir).filter(
  (name) => name === "luodi.wasm.br" || name === "luodi.js.br" || /^__wasm_split\..*\.js\.br$/.test(name),
);
const firstLoadBytes = firstLoadFiles.reduce((sum, f) => sum + size(f), 0);
if (firstLoadBytes === 0) {
  console.error(`no brotli files in ${dir}: run scripts/precompress.sh first`);
  process.exit(1);
}
console.log(`first load: ${firstLoadBytes} B brotli (ceiling ${CEILINGS.first_load} B)`);
if (firstLoadBytes > CEILINGS.first_load) over.push(`first load ${firstLoadBytes} B > ${CEILINGS.first_load} B`);
let worst = { files: 0 };
for (const [section, chunks] of Object.entries(manifest)) {
  // The list names the section's own module (split_…) and the shared chunks.
  const files = chunks.map((c) => `${c}.wasm`);
  const raw = files.reduce((sum, f) => sum + size(f), 0);
  const brotli = files.reduce((sum, f) => sum + size(`${f}.br`), 0);
  const name = section.replace(/_\d+$/, "").replace(/^_+/, "");
  const ceiling = CEILINGS[name];
  const visit = firstLoadBytes + brotli;
  const goal = EMPLOYEE_SECTIONS.includes(name)
    ? `; a first visit ${visit} B, ${((100 * visit) / EMPLOYEE_GOAL).toFixed(0)} % of the 150 KB goal`
    : "";
  console.log(
    `lazy section ${name}: ${files.length} files, ${raw} B raw, ${brotli} B brotli (ceiling ${ceiling ?? "none"})${goal}`,
  );
  if (ceiling === undefined) over.push(`lazy section ${name} has no ceiling: add one to CEILINGS`);
  else if (brotli > ceiling) over.push(`lazy section ${name} ${brotli} B > ${ceiling} B`);
  if (files.length > worst.files) worst = { name, files: files.length };
}
if (worst.files > MAX_FILES_PER_SECTION) {
  console.error(
    `the lazy section ${worst.name} needs ${worst.files} files on its first visit ` +
      `(at most ${MAX_FILES_PER_SECTION}): group its pages with others (crate::lazy_section!)`,
  );
  process.exit(1);
}
if (over.length > 0) {
  console.error(`the download grew past its ceiling:\n  ${over.join("\n  ")}`);
  process.exit(1);
}
