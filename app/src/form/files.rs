//! What an upload may be: a known extension, content that matches it, a sane name.
//! Types come from the extension and the first bytes, never from the browser's claim.

/// Largest upload accepted, in bytes (a form field may set a lower limit).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Why an upload is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    TypeNotAllowed,
    ContentMismatch,
}

/// Extensions accepted anywhere, with the content type served and the leading bytes
/// the content must start with (empty: any).
const KNOWN: &[(&str, &str, &[&[u8]])] = &[
    ("pdf", "application/pdf", &[b"%PDF"]),
    ("ofd", "application/ofd", &[b"PK\x03\x04"]),
    ("jpg", "image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("jpeg", "image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("png", "image/png", &[b"\x89PNG"]),
    ("gif", "image/gif", &[b"GIF87a", b"GIF89a"]),
    ("webp", "image/webp", &[b"RIFF"]),
    ("doc", "application/msword", &[b"\xD0\xCF\x11\xE0"]),
    ("xls", "application/vnd.ms-excel", &[b"\xD0\xCF\x11\xE0"]),
    (
        "ppt",
        "application/vnd.ms-powerpoint",
        &[b"\xD0\xCF\x11\xE0"],
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &[b"PK\x03\x04"],
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &[b"PK\x03\x04"],
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        &[b"PK\x03\x04"],
    ),
    ("zip", "application/zip", &[b"PK\x03\x04"]),
    ("txt", "text/plain; charset=utf-8", &[]),
    ("csv", "text/csv; charset=utf-8", &[]),
];

/// The name to keep: no directories or control characters, at most 120 characters.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string();
    if cleaned.chars().count() <= 120 {
        return cleaned;
    }
    let ext = super::rules::extension(&cleaned);
    let stem: String = cleaned.chars().take(110).collect();
    format!("{stem}.{ext}")
}

/// Checks an upload; returns the cleaned name and the content type to serve it with.
pub fn check_upload(raw_name: &str, bytes: &[u8]) -> Result<(String, &'static str), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Refusal::TooLarge);
    }
    let name = clean_name(raw_name);
    let ext = super::rules::extension(&name);
    let (_, content_type, magics) = KNOWN
        .iter()
        .find(|(e, _, _)| *e == ext)
        .ok_or(Refusal::TypeNotAllowed)?;
    if !magics.is_empty() && !magics.iter().any(|m| bytes.starts_with(m)) {
        return Err(Refusal::ContentMismatch);
    }
    if ext == "webp" && bytes.get(8..12) != Some(b"WEBP") {
        return Err(Refusal::ContentMismatch);
    }
    if content_type.starts_with("text/")
        && std::str::from_utf8(bytes).is_err()
        && bytes.contains(&0)
    {
        return Err(Refusal::ContentMismatch);
    }
    Ok((name, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_extension_and_the_content_agrees() {
        assert_eq!(
            check_upload("发票.PDF", b"%PDF-1.7 ..."),
            Ok(("发票.PDF".into(), "application/pdf"))
        );
        assert_eq!(
            check_upload("photo.png", b"\x89PNG\r\n"),
            Ok(("photo.png".into(), "image/png"))
        );
        assert_eq!(
            check_upload("photo.png", b"<script>"),
            Err(Refusal::ContentMismatch)
        );
        assert_eq!(
            check_upload("x.html", b"<html>"),
            Err(Refusal::TypeNotAllowed)
        );
        assert_eq!(
            check_upload("x.svg", b"<svg>"),
            Err(Refusal::TypeNotAllowed)
        );
        assert_eq!(check_upload("noext", b"abc"), Err(Refusal::TypeNotAllowed));
        assert_eq!(check_upload("a.pdf", b""), Err(Refusal::Empty));
        assert_eq!(
            check_upload("a.webp", b"RIFF\0\0\0\0WAVE"),
            Err(Refusal::ContentMismatch)
        );
    }

    #[test]
    fn names_lose_directories_and_stay_short() {
        assert_eq!(clean_name("C:\\Users\\me\\报销单.xlsx"), "报销单.xlsx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        let long = format!("{}.pdf", "长".repeat(300));
        let cleaned = clean_name(&long);
        assert!(cleaned.chars().count() <= 120 && cleaned.ends_with(".pdf"));
    }
}
