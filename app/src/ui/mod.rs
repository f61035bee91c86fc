//! Shared interface pieces: the page frame, form fields, buttons, notices, constant
//! markup written once per language, and the error-in-the-query-string convention of
//! the plain-form flows.

mod components;
mod markup;
pub use components::*;
pub use markup::{LocaleMarkup, escape_html};

use crate::error::AppError;

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `error=<the error as JSON>&k=v…`: how a plain-form server function sends a person
/// back to the form with what went wrong and what they had typed (never passwords).
pub fn error_query(err: &AppError, keep: &[(&str, &str)]) -> String {
    let json = serde_json::to_string(err).unwrap_or_default();
    let mut query = format!("error={}", encode_query_value(&json));
    for (k, v) in keep {
        query.push('&');
        query.push_str(k);
        query.push('=');
        query.push_str(&encode_query_value(v));
    }
    query
}

/// The error a form page was sent back with, if any.
pub fn error_from_query(value: Option<String>) -> Option<AppError> {
    value.and_then(|json| serde_json::from_str(&json).ok())
}

/// Where pages fetch the site's code and styles from: `/v/<version>` before `/pkg`, a
/// version that changes whenever a file of the build changes. The server serves that
/// path to be cached for a year without asking again (`immutable`), so a phone's second
/// visit fetches none of the 20-odd code files and asks about none of them either (each
/// question is a round trip, 150 ms on a ward's Wi-Fi). Empty until the server sets it.
pub fn asset_root() -> &'static str {
    ASSET_ROOT.get().map(String::as_str).unwrap_or("")
}

static ASSET_ROOT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets [`asset_root`] from the build's files in `pkg_dir`, once per process; returns the
/// version (the first 16 hex digits of a SHA-256 over every file's name and contents,
/// compressed copies aside: they follow from the rest).
#[cfg(feature = "ssr")]
pub fn version_assets(pkg_dir: &std::path::Path) -> &'static str {
    use sha2::{Digest, Sha256};
    let root = ASSET_ROOT.get_or_init(|| {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(pkg_dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|f| {
            f.is_file() && !matches!(f.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
        });
        files.sort();
        let mut hash = Sha256::new();
        for file in &files {
            hash.update(
                file.file_name()
                    .map(|n| n.as_encoded_bytes())
                    .unwrap_or_default(),
            );
            hash.update(std::fs::read(file).unwrap_or_default());
        }
        let digest = hash.finalize();
        let version: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("/v/{version}")
    });
    root.trim_start_matches("/v/")
}

/// The page's first script, inline in `<head>` so it runs before anything is drawn: what
/// a person types, ticks, selects or taps while the WASM is still on its way (seconds on
/// a ward's Wi-Fi) is kept and done again once the page is live, so nothing is lost
/// (`before_hydration.js` says how). It is script rather than WASM because it must work
/// before the WASM is there, and it costs every page about 700 bytes compressed instead of
/// a rewrite of each input and button.
pub const BEFORE_HYDRATION_SCRIPT: &str = include_str!("before_hydration.js");

/// The Content-Security-Policy: scripts only from this site or carrying this response's
/// nonce (the hydration bootstrap and resource data are inline scripts), the WASM
/// allowed to compile, no plugins, no framing, forms only to this site.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://127.0.0.1:3001; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Whether `cargo leptos watch` serves the page (it sets `LEPTOS_WATCH`), so the page
/// carries the live-reload script. Read once, not on every page view.
pub fn live_reload() -> bool {
    static WATCHED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WATCHED.get_or_init(|| std::env::var_os("LEPTOS_WATCH").is_some())
}

/// Instants as people read them (see [`crate::core::clock`]).
pub use crate::core::clock::format_time;

/// Declares `$section`, a group of pages that load lazily and together: their WASM
/// arrives as one section when the first of them is visited, so pages few people open
/// (administration, the designers) do not weigh on everyone's first load. Each variant
/// is a route's view (`view=WorkPages::TodoPage`) and names the page component it shows.
///
/// Pages are grouped rather than split one by one: every split point multiplies the
/// small chunks the code shared between split points is cut into, and a phone fetches
/// each of them on its own (one page had over three hundred). `$view` names the lazy
/// view function and `$preload` the preload function `#[lazy]` derives from it
/// (`__preload_` and the same name). `$view` must be unique in the crate: `#[lazy]`
/// names the section's WASM module after it and a hash of where the macro is written,
/// which is the same for every section.
#[macro_export]
macro_rules! lazy_section {
    ($(#[$doc:meta])* $section:ident, $view:ident, $preload:ident, { $($page:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub enum $section {
            $($page),+
        }

        #[leptos::lazy]
        fn $view(page: $section) -> leptos::prelude::AnyView {
            use leptos::prelude::*;
            // The section has arrived and the page is live: now the page is hydrated.
            Effect::new(|_| $crate::ui::mark_hydrated());
            match page {
                $($section::$page => view! { <$page/> }.into_any(),)+
            }
        }

        impl leptos_router::ChooseView for $section {
            async fn choose(self) -> leptos::prelude::AnyView {
                $crate::ui::LAZY_PAGE_PENDING.store(true, std::sync::atomic::Ordering::Relaxed);
                $view(self).await
            }

            async fn preload(&self) {
                $crate::ui::LAZY_PAGE_PENDING.store(true, std::sync::atomic::Ordering::Relaxed);
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    };
}

/// Set while the first page is a lazy route whose chunk is still on its way.
pub static LAZY_PAGE_PENDING: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Sends `file` as the body of a POST to `url` (a JSON endpoint of `/api/v1`) and reads
/// the JSON answer, or the error it describes.
#[cfg(feature = "hydrate")]
pub async fn post_file<T: serde::de::DeserializeOwned>(
    url: &str,
    file: web_sys::File,
) -> Result<T, crate::error::AppError> {
    use crate::error::AppError;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let transport = |e: wasm_bindgen::JsValue| AppError::Transport(format!("{e:?}"));
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(transport)?;
    let window = web_sys::window().ok_or_else(|| AppError::Transport("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(transport)?
        .dyn_into()
        .map_err(transport)?;
    let text = JsFuture::from(response.text().map_err(transport)?)
        .await
        .map_err(transport)?;
    let body = text.as_string().unwrap_or_default();
    if response.ok() {
        serde_json::from_str(&body).map_err(|e| AppError::Transport(e.to_string()))
    } else {
        // RFC 9457 problem details, carrying the error as the pages read it.
        Err(serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|problem| serde_json::from_value(problem.get("error")?.clone()).ok())
            .unwrap_or_else(|| AppError::Transport(format!("HTTP {}", response.status()))))
    }
}

/// Marks `<body>` as hydrated (effects run only in the browser): tests wait for it.
pub fn mark_hydrated() {
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// Whether the first page of this visit has finished hydrating (so views built from
/// now on come from navigations in the browser).
#[cfg(feature = "hydrate")]
pub fn is_hydrated() -> bool {
    leptos::prelude::document()
        .body()
        .is_some_and(|body| body.has_attribute("data-hydrated"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn errors_survive_the_query_string() {
        let err = AppError::field("account", Msg::ErrBadCredentials);
        let query = error_query(&err, &[("account", "张 三&x")]);
        assert!(query.contains("&account=%E5%BC%A0%20%E4%B8%89%26x"));
        let value = query
            .strip_prefix("error=")
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let decoded = percent_decode(value);
        assert_eq!(error_from_query(Some(decoded)), Some(err));
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
