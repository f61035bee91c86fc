//! The handful of line icons the shell uses, inline SVG (no icon font to download).
//! Each icon is one constant piece of markup: the server copies it into the page as
//! it is, and hydration leaves it alone.

/// The `<svg>` of a 24×24 line icon drawn by `$path`.
macro_rules! line_icon {
    ($path:literal) => {
        concat!(
            r#"<svg aria-hidden="true" viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d=""#,
            $path,
            r#""></path></svg>"#
        )
    };
}

#[derive(Clone, Copy)]
pub enum Glyph {
    Grid,
    Check,
    News,
    Book,
    User,
    Org,
    Upload,
    Key,
    Form,
    Folder,
    Chart,
}

impl Glyph {
    /// The icon's markup, for an element's `inner_html`.
    pub fn svg(self) -> &'static str {
        match self {
            Glyph::Grid => line_icon!("M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h6v6h-6z"),
            Glyph::Check => {
                line_icon!("M9 11l3 3 8-8M20 12v6a2 2 0 01-2 2H6a2 2 0 01-2-2V6a2 2 0 012-2h9")
            }
            Glyph::News => {
                line_icon!("M4 5h13v14H6a2 2 0 01-2-2zM17 9h3v8a2 2 0 01-2 2M8 9h5M8 13h5M8 17h3")
            }
            Glyph::Book => line_icon!("M4 5a2 2 0 012-2h13v16H6a2 2 0 00-2 2zM4 19V5M8 7h7"),
            Glyph::User => line_icon!("M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0"),
            Glyph::Org => line_icon!("M9 3h6v5H9zM4 16h6v5H4zM14 16h6v5h-6zM12 8v4M7 16v-4h10v4"),
            Glyph::Upload => {
                line_icon!("M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 001 1h14a1 1 0 001-1v-3")
            }
            Glyph::Key => {
                line_icon!("M15 7a4 4 0 11-3.9 4.9L4 19v2h3v-2h2v-2h2l1.1-1.1A4 4 0 0115 7z")
            }
            Glyph::Form => line_icon!("M6 3h9l4 4v14H6zM9 10h6M9 14h6M9 18h4"),
            Glyph::Folder => {
                line_icon!("M3 7a2 2 0 012-2h4l2 2h8a2 2 0 012 2v8a2 2 0 01-2 2H5a2 2 0 01-2-2z")
            }
            Glyph::Chart => line_icon!("M4 20V10M10 20V4M16 20v-7M22 20H2"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_one_closed_svg() {
        for glyph in [
            Glyph::Grid,
            Glyph::Check,
            Glyph::News,
            Glyph::Book,
            Glyph::User,
            Glyph::Org,
            Glyph::Upload,
            Glyph::Key,
            Glyph::Form,
            Glyph::Folder,
            Glyph::Chart,
        ] {
            let svg = glyph.svg();
            assert!(svg.starts_with("<svg aria-hidden=\"true\""), "{svg}");
            assert!(svg.ends_with("\"></path></svg>"), "{svg}");
            assert_eq!(svg.matches("<path d=\"M").count(), 1, "{svg}");
        }
    }
}
