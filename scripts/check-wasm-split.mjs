// Checks that wasm-split moved the lazy pages' constants (texts, class names) into
// their own chunks instead of the first-load module. It silently keeps them all in the
// first-load module when the repacked data is longer than the linked segment, which
// `SPLIT_DATA_SLACK` in frontend/src/lib.rs is there to prevent; this catches the day
// that room runs out. Prints the data bytes per module kind; exits 1 on a fallback.
// Then prints what a first visit to each lazy section fetches, and exits 1 when one
// needs more than MAX_FILES_PER_SECTION files.
// Usage: node scripts/check-wasm-split.mjs [pkg dir, default target/site/pkg]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "target/site/pkg";
const DATA_SECTION = 11;
// Each file is a request of its own on a phone's connection.
const MAX_FILES_PER_SECTION = 60;

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
let worst = { files: 0 };
for (const [section, chunks] of Object.entries(manifest)) {
  // The list names the section's own module (split_…) and the shared chunks.
  const files = chunks.map((c) => `${c}.wasm`);
  const raw = files.reduce((sum, f) => sum + size(f), 0);
  const brotli = files.reduce((sum, f) => sum + size(`${f}.br`), 0);
  const name = section.replace(/_\d+$/, "").replace(/^_+/, "");
  console.log(`lazy section ${name}: ${files.length} files, ${raw} B raw, ${brotli} B brotli`);
  if (files.length > worst.files) worst = { name, files: files.length };
}
if (worst.files > MAX_FILES_PER_SECTION) {
  console.error(
    `the lazy section ${worst.name} needs ${worst.files} files on its first visit ` +
      `(at most ${MAX_FILES_PER_SECTION}): group its pages with others (crate::lazy_section!)`,
  );
  process.exit(1);
}
