//! The hydrate entry: the browser half of Luodi, compiled to WASM.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: administration pages arrive as separate WASM chunks (lazy routes).
    leptos::mount::hydrate_lazy(app::App);
}
