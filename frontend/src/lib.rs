//! The hydrate entry: the browser half of Luodi, compiled to WASM.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: most pages arrive later, in lazily loaded sections of WASM
    // (`crate::lazy_section!` in app/src/app.rs); hydration waits for the page's section.
    leptos::mount::hydrate_lazy(app::App);
}

/// Room for wasm-split to move each lazy chunk's constants (texts, class names) into
/// that chunk. It repacks the read-only data per chunk, which pads a little; when the
/// result is longer than the linked segment it gives up and leaves every chunk's data in
/// the first-load module. Nothing references this block, so it is never downloaded: it
/// only reserves addresses at the end of the segment.
#[used]
static SPLIT_DATA_SLACK: [u8; 16 * 1024] = [0x55; 16 * 1024];
