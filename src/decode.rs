//! Reading bytes and files: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK.

use crate::error::{Error, ErrorKind};
use crate::model::AnnualReport;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

/// The encoding a byte input was decoded from.
///
/// Returned by [`decode`] and kept in [`Document::encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (removed from the text).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte order mark (what Windows calls "Unicode").
    Utf16Le,
    /// UTF-16, big-endian, with a byte order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), as older government sites serve.
    Gb18030,
}

impl Encoding {
    /// The encoding's usual name (`UTF-8`, `GB18030` …).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(zfxxgk::Encoding::Gb18030.name(), "GB18030");
    /// assert_eq!(zfxxgk::Encoding::Utf8Bom.name(), "UTF-8 (BOM)");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// A report read from bytes: the decoded text (which every span points into), the encoding
/// it was decoded from, and the report.
///
/// Made by [`parse_bytes`] and [`parse_file`]. Spans of the report are byte offsets into
/// [`Document::text`], never into the original bytes (which may be GB18030 or UTF-16).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Document {
    /// The decoded text, without a byte order mark; spans of the report are byte offsets into it.
    pub text: String,
    /// The encoding of the input.
    pub encoding: Encoding,
    /// The parsed report.
    pub report: AnnualReport,
}

/// How many non-ASCII characters of valid UTF-8 at the start of the input make it UTF-8 for
/// certain: GBK text forms a valid UTF-8 sequence now and then (`通` is `CD A8`), never eight
/// times in a row in practice.
const UTF8_EVIDENCE: usize = 8;

/// Decodes bytes as UTF-8 (a BOM is removed), UTF-16 with a BOM, or else GB18030.
///
/// The encoding is chosen in this order: a UTF-8 byte order mark means UTF-8; a UTF-16 byte
/// order mark means UTF-16 (little- or big-endian); bytes that are valid UTF-8 are UTF-8;
/// anything else is read as GB18030 (which covers GBK and GB2312). UTF-16 and GB18030 need the
/// `encoding` feature (on by default); without it only UTF-8 is accepted.
///
/// Nothing is replaced silently: invalid bytes are an error of kind [`ErrorKind::Decode`], and
/// [`Error::offset`] is the offset, in `bytes`, of the first byte that the encoding that read
/// furthest could not read. A file that is UTF-8 for its first characters and then breaks
/// (a download cut short, a stray byte) is reported as broken UTF-8 at that byte, never decoded
/// as GB18030 mojibake. NUL bytes are an error too: they mark a binary file (Word, PDF) or UTF-16
/// without a byte order mark, not a text.
///
/// The text is borrowed from `bytes` when it is UTF-8 without a BOM.
///
/// # Errors
///
/// An error of kind [`ErrorKind::Decode`], with the offset of the first invalid byte.
///
/// # Examples
///
/// ```
/// use zfxxgk::{decode, Encoding, ErrorKind};
///
/// let (text, enc) = decode("一、总体情况".as_bytes())?;
/// assert_eq!((text.as_ref(), enc), ("一、总体情况", Encoding::Utf8));
///
/// // 0xFF starts no character in UTF-8 nor in GB18030.
/// let err = decode(b"2020\xFF").unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::Decode, Some(4)));
/// assert!(err.to_string().starts_with("invalid encoding: byte 0xFF at offset 4 is not valid UTF-8"));
/// # Ok::<(), zfxxgk::Error>(())
/// ```
///
/// GBK, as older sites serve it (needs the default `encoding` feature):
///
/// ```
/// # #[cfg(feature = "encoding")] {
/// // 一、总体情况 in GBK.
/// let gbk = b"\xD2\xBB\xA1\xA2\xD7\xDC\xCC\xE5\xC7\xE9\xBF\xF6";
/// let (text, enc) = zfxxgk::decode(gbk)?;
/// assert_eq!((text.as_ref(), enc), ("一、总体情况", zfxxgk::Encoding::Gb18030));
/// # }
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), Error> {
    if let Some((rest, which)) = utf16_bom(bytes) {
        return utf16(rest, which);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::new(
            ErrorKind::Decode,
            format!(
                "NUL byte at offset {at}: this is not a text file (a Word or PDF file?), or it is UTF-16 without a byte order mark"
            ),
        )
        .at(at));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return utf8_after_bom(bytes).map(|s| (Cow::Borrowed(s), Encoding::Utf8Bom));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8)),
        Err(e) => {
            let at = e.valid_up_to();
            let prefix = bytes.get(..at).unwrap_or_default();
            let evidence = String::from_utf8_lossy(prefix)
                .chars()
                .filter(|c| !c.is_ascii())
                .take(UTF8_EVIDENCE)
                .count();
            if evidence >= UTF8_EVIDENCE {
                let what = if e.error_len().is_none() {
                    "UTF-8 (the input ends inside a character)"
                } else {
                    "UTF-8 (the text before it is UTF-8)"
                };
                return Err(invalid(bytes, at, what));
            }
            not_utf8(bytes, at)
        }
    }
}

/// Input that is not UTF-8 and has no byte order mark: GB18030 when the feature is on.
#[cfg(feature = "encoding")]
fn not_utf8(bytes: &[u8], utf8_at: usize) -> Result<(Cow<'_, str>, Encoding), Error> {
    let gb = encoding_rs::GB18030;
    match gb.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((Cow::Owned(s.into_owned()), Encoding::Gb18030)),
        None => {
            let at = utf8_at.max(malformed_at(gb, bytes));
            Err(invalid(bytes, at, "UTF-8 or GB18030"))
        }
    }
}

#[cfg(not(feature = "encoding"))]
fn not_utf8(bytes: &[u8], utf8_at: usize) -> Result<(Cow<'_, str>, Encoding), Error> {
    Err(invalid(
        bytes,
        utf8_at,
        "UTF-8 (GB18030/GBK input needs the `encoding` feature)",
    ))
}

/// The input after a UTF-16 byte order mark, and which UTF-16 it announces.
fn utf16_bom(bytes: &[u8]) -> Option<(&[u8], Encoding)> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Some((rest, Encoding::Utf16Le))
    } else {
        bytes
            .strip_prefix(b"\xFE\xFF")
            .map(|rest| (rest, Encoding::Utf16Be))
    }
}

/// UTF-8 after the 3-byte BOM that starts `bytes`; offsets count from the BOM's first byte.
fn utf8_after_bom(bytes: &[u8]) -> Result<&str, Error> {
    let rest = bytes.get(3..).unwrap_or_default();
    std::str::from_utf8(rest).map_err(|e| {
        let what = if e.error_len().is_none() {
            "UTF-8 (the input ends inside a character)"
        } else {
            "UTF-8"
        };
        invalid(bytes, 3 + e.valid_up_to(), what)
    })
}

#[cfg(feature = "encoding")]
fn utf16(bytes: &[u8], which: Encoding) -> Result<(Cow<'static, str>, Encoding), Error> {
    let enc = if which == Encoding::Utf16Le {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((Cow::Owned(s.into_owned()), which)),
        None => {
            // Offsets count from the first byte of the byte order mark.
            let bad = malformed_at(enc, bytes);
            let at = bad + 2;
            let detail = if bad + 1 == bytes.len() && bytes.len() % 2 == 1 {
                format!(
                    "the input ends at offset {at} inside a code unit: not valid {}",
                    which.name()
                )
            } else {
                format!(
                    "the code unit at offset {at} is an unpaired surrogate: not valid {}",
                    which.name()
                )
            };
            Err(Error::new(ErrorKind::Decode, detail).at(at))
        }
    }
}

#[cfg(not(feature = "encoding"))]
fn utf16(_bytes: &[u8], which: Encoding) -> Result<(Cow<'static, str>, Encoding), Error> {
    Err(Error::new(
        ErrorKind::Decode,
        format!(
            "byte order mark of {} at offset 0: UTF-16 input needs the `encoding` feature",
            which.name()
        ),
    )
    .at(0))
}

/// The error for the byte at `offset` of `bytes` (or the end of the input) in `what`.
fn invalid(bytes: &[u8], offset: usize, what: &str) -> Error {
    let detail = match bytes.get(offset) {
        Some(b) => format!("byte 0x{b:02X} at offset {offset} is not valid {what}"),
        None => format!("the input ends at offset {offset} inside a character: not valid {what}"),
    };
    Error::new(ErrorKind::Decode, detail).at(offset)
}

/// The offset of the first byte of the first sequence the decoder rejects.
#[cfg(feature = "encoding")]
fn malformed_at(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length(bytes.len())
        .unwrap_or_else(|| bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        // `bad` bytes were malformed and `after` bytes were read past them.
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        _ => read,
    }
}

/// Decodes bytes (see [`decode`]) and parses them.
///
/// # Errors
///
/// [`ErrorKind::Decode`] when the bytes are not valid in any accepted encoding (with
/// [`Error::offset`]), or what [`crate::parse`] returns when the text is not a report (or is
/// too large: 4 GiB or more once decoded).
///
/// # Examples
///
/// ```
/// let bytes = std::fs::read("tests/fixtures/000.txt")?;
/// let doc = zfxxgk::parse_bytes(&bytes)?;
/// assert_eq!(doc.encoding, zfxxgk::Encoding::Utf8);
/// assert_eq!(doc.report.metadata.published.as_ref().unwrap().value.to_string(), "2021-02-18");
///
/// // Spans point into the decoded text.
/// let cell = doc.report.cell("applications.total.total").unwrap();
/// assert_eq!(&doc.text[cell.span.unwrap().range()], "0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_bytes(bytes: &[u8]) -> Result<Document, Error> {
    let (text, encoding) = decode(bytes)?;
    let text = text.into_owned();
    let report = crate::parse(&text)?;
    Ok(Document {
        text,
        encoding,
        report,
    })
}

/// Reads a file and parses it (see [`parse_bytes`]): the way to read a report saved from a
/// web page or a Word document, whatever its encoding.
///
/// # Errors
///
/// [`ErrorKind::Io`] when the file cannot be read: the message names the path, and the
/// [`std::io::Error`] that says why is the error's
/// [`source`](std::error::Error::source); then as [`parse_bytes`].
///
/// # Examples
///
/// ```
/// let doc = zfxxgk::parse_file("tests/fixtures/004.txt")?;
/// assert_eq!(doc.report.metadata.agency.as_ref().unwrap().value, "石家庄市商务局");
/// let amount = doc.report.cell("proactive.procurement.amount").unwrap();
/// assert_eq!(amount.value.to_string(), "20044679 元");
///
/// let err = zfxxgk::parse_file("no/such/report.txt").unwrap_err();
/// assert_eq!(err.kind(), zfxxgk::ErrorKind::Io);
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn parse_file(path: impl AsRef<Path>) -> Result<Document, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_bytes(&bytes)
}
