//! Shared interface pieces: the page frame, form fields, buttons, notices, and the
//! error-in-the-query-string convention of the plain-form flows.

mod components;
pub use components::*;

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

/// Epoch milliseconds as local `YYYY-MM-DD HH:MM` in the organisation's zone (UTC+8).
pub fn format_time(ms: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
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

    #[test]
    fn times_show_in_china_standard_time() {
        assert_eq!(format_time(0), "1970-01-01 08:00");
    }
}
