//! Constant markup: pieces of a page that are the same on every page view in one
//! language (a workbench tile, a tab's icon and label). Each is written out once per
//! language and then copied into every page as it is.
//!
//! Server rendering builds an element's attributes and children at run time, one
//! allocation each; for markup that never changes that is most of a page view's work.
//! A [`LocaleMarkup`] renders as an inert element instead: one string on the server,
//! and hydration steps over it. So it must be exactly one element, with nothing
//! interactive inside.

use crate::i18n::Locale;
use leptos::tachys::html::InertElement;
use std::borrow::Cow;
use std::sync::OnceLock;

/// One element's markup in each language, built the first time it is needed.
pub struct LocaleMarkup {
    built: [OnceLock<String>; 2],
}

impl LocaleMarkup {
    pub const fn new() -> Self {
        LocaleMarkup {
            built: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The markup in `locale`, as `build` writes it (once per language).
    pub fn get(
        &'static self,
        locale: Locale,
        build: impl FnOnce(Locale) -> String,
    ) -> &'static str {
        let slot = match locale {
            Locale::Zh => &self.built[0],
            Locale::En => &self.built[1],
        };
        slot.get_or_init(|| build(locale))
    }

    /// The markup in `locale` as a view.
    pub fn view(
        &'static self,
        locale: Locale,
        build: impl FnOnce(Locale) -> String,
    ) -> InertElement {
        InertElement::new(self.get(locale, build))
    }
}

impl Default for LocaleMarkup {
    fn default() -> Self {
        Self::new()
    }
}

/// `text` safe to place in an element or a quoted attribute value.
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_built_once_per_language() {
        static MARKUP: LocaleMarkup = LocaleMarkup::new();
        let zh = MARKUP.get(Locale::Zh, |l| format!("<b>{}</b>", l.code()));
        let en = MARKUP.get(Locale::En, |l| format!("<b>{}</b>", l.code()));
        assert_eq!((zh, en), ("<b>zh</b>", "<b>en</b>"));
        // Built already: the builder is not asked again.
        let again = MARKUP.get(Locale::Zh, |_| unreachable!("built twice"));
        assert!(std::ptr::eq(zh, again));
    }

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(escape_html("审批 & 表单"), "审批 &amp; 表单");
        assert_eq!(
            escape_html(r#"<a href="x">'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;"
        );
        assert!(matches!(escape_html("plain"), Cow::Borrowed("plain")));
    }
}
