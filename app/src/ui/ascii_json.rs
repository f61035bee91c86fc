//! A JSON encoding for values the server hands to the page for hydration, written in
//! plain ASCII: every non-ASCII character is a `\u` escape.
//!
//! Leptos writes such values into the page through Rust's `Debug` string escaping,
//! which checks each non-ASCII character against Unicode tables: a few thousand
//! instructions for each Chinese character of a name or a department, on every page.
//! The escaped JSON decodes to the same value.

use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io;

/// The codec: `SharedValue::<T, AsciiJson>::new_with_encoding(…)`.
pub struct AsciiJson;

impl<T: Serialize> Encoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        let mut out = Vec::with_capacity(256);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, EscapeNonAscii);
        value.serialize(&mut serializer)?;
        // Only ASCII was written.
        String::from_utf8(out).map_err(serde::ser::Error::custom)
    }
}

impl<T: DeserializeOwned> Decoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(encoded)
    }
}

/// serde_json's compact output, with non-ASCII characters in strings escaped.
struct EscapeNonAscii;

impl serde_json::ser::Formatter for EscapeNonAscii {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain_from = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_ascii() {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[plain_from..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                writer.write_all(&escape(*unit))?;
            }
            plain_from = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[plain_from..])
    }
}

/// `\uXXXX` for one UTF-16 unit.
fn escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_text_is_escaped_and_reads_back_the_same() {
        let value = serde_json::json!({
            "name": "赵丽",
            "position": "住院医师 (A&B) \"quoted\"",
            "emoji": "🙂 ok",
            "plain": "ascii only\n",
            "roles": ["Employee"],
        });
        let encoded = <AsciiJson as Encoder<serde_json::Value>>::encode(&value).unwrap();
        assert!(encoded.is_ascii(), "{encoded}");
        assert!(encoded.contains(r"\u8d75\u4e3d"), "{encoded}");
        assert!(
            encoded.contains(r"\ud83d\ude42"),
            "a surrogate pair: {encoded}"
        );
        let decoded: serde_json::Value =
            <AsciiJson as Decoder<serde_json::Value>>::decode(&encoded).unwrap();
        assert_eq!(decoded, value);
    }
}
