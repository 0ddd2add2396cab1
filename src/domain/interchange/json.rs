//! JSON that never carries a character a terminal could act on. serde_json escapes the C0 controls
//! but writes DEL, the C1 controls (U+0080–U+009F; U+009B acts as CSI on some terminals) and the
//! marks that reorder text as they are; here they are written as `\u` escapes too, which any JSON
//! reader turns back into the same characters, so nothing is lost.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::domain::text::is_unsafe;

/// `value` as pretty JSON (two-space indents, no final newline), with every unsafe character
/// escaped.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::with_capacity(128);
    to_writer_pretty(&mut bytes, value)?;
    // serde_json writes UTF-8, and the escapes added are ASCII.
    String::from_utf8(bytes).map_err(|e| serde_json::Error::io(io::Error::new(io::ErrorKind::InvalidData, e)))
}

/// Writes `value` as pretty JSON to `writer`, with every unsafe character escaped.
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serializer(writer))
}

/// A pretty JSON serializer onto `writer` that escapes every unsafe character, for documents
/// written piece by piece.
pub fn serializer<W: io::Write>(writer: W) -> serde_json::Serializer<W, Safe> {
    serde_json::Serializer::with_formatter(writer, Safe(PrettyFormatter::new()))
}

/// serde_json's pretty formatter, but writing unsafe characters inside strings as `\uXXXX`.
pub struct Safe(PrettyFormatter<'static>);

impl Formatter for Safe {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane: one escape is enough.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_del_and_reordering_marks_are_escaped_and_read_back_the_same() {
        let value = serde_json::json!({
            "name": "a\u{1b}[31mb\u{9b}2Jc\u{85}d\u{7f}e\u{80}\u{9f}\u{202e}f Môn 😀",
            "list": ["\u{7}", "plain"],
        });
        let text = to_string_pretty(&value).unwrap();
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text:?}");
        for escape in ["\\u001b[31m", "\\u009b", "\\u0085", "\\u007f", "\\u0080", "\\u009f", "\\u202e", "\\u0007"] {
            assert!(text.contains(escape), "{escape} in {text}");
        }
        assert!(text.contains("Môn 😀"), "other characters are written as they are");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(
            to_string_pretty(&serde_json::json!({"a": [1, 2]})).unwrap(),
            serde_json::to_string_pretty(&serde_json::json!({"a": [1, 2]})).unwrap(),
            "the layout is serde_json's own"
        );
    }
}
