//! Interface language: Simplified Chinese by default, English on request.
//!
//! Every user-facing string is written once, in both languages side by side: a fixed
//! text shared widely is a [`Msg`], a text with values (or a fixed text of one
//! feature) is a function in [`phrases`]. A missing
//! translation is a compile error, and nothing outside this module chooses between
//! Chinese and English text itself. The chosen language lives in the `luodi_lang`
//! cookie; the server renders it into `<html lang>` and the browser reads it back
//! from there when hydrating, so both sides always agree.

mod messages;
pub mod phrases;

pub use messages::Msg;
use serde::{Deserialize, Serialize};

pub const LANG_COOKIE: &str = "luodi_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// The value for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Locale::Zh),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language chosen in a `Cookie:` header value, Chinese if none.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Locale::parse(value))
            .unwrap_or_default()
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Zh => Locale::En,
            Locale::En => Locale::Zh,
        }
    }

    pub fn list_separator(self) -> &'static str {
        match self {
            Locale::Zh => "；",
            Locale::En => "; ",
        }
    }

    pub fn format_retry_after(self, secs: i64) -> String {
        let minutes = (secs.max(1) + 59) / 60;
        phrases::retry_after(self, minutes)
    }

    /// What separates the items of an enumeration: "甲、乙" / "A, B".
    pub fn enumeration_separator(self) -> &'static str {
        match self {
            Locale::Zh => "、",
            Locale::En => ", ",
        }
    }
}

impl Msg {
    pub fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.zh(),
            Locale::En => self.en(),
        }
    }
}

/// The language of the current request (server) or page (browser).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// Finds the language for this render: the cookie on the server, `<html lang>` in the browser.
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        // Read in place: the request's parts are not cloned for one header.
        leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
            parts
                .headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_cookie_header)
        })
        .flatten()
        .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
}

/// Shorthand used in views: the text of `msg` in the current language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_locale())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_picks_language_and_defaults_to_chinese() {
        assert_eq!(
            Locale::from_cookie_header("a=1; luodi_lang=en; b=2"),
            Locale::En
        );
        assert_eq!(Locale::from_cookie_header("luodi_lang=zh"), Locale::Zh);
        assert_eq!(Locale::from_cookie_header("luodi_lang=fr"), Locale::Zh);
        assert_eq!(Locale::from_cookie_header(""), Locale::Zh);
    }

    #[test]
    fn retry_message_rounds_up_to_minutes() {
        assert!(Locale::Zh.format_retry_after(61).contains("2 分钟"));
        assert!(Locale::En.format_retry_after(30).contains("1 min"));
    }
}
