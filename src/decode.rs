//! Reading bytes and files: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK.

use crate::error::{Error, ErrorKind};
use crate::model::AnnualReport;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

/// The encoding a byte input was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (removed from the text).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), as older government sites serve.
    Gb18030,
}

impl Encoding {
    /// The encoding's usual name (`UTF-8`, `GB18030` …).
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The decoded text; spans of the report are byte offsets into it.
    pub text: String,
    /// The encoding of the input.
    pub encoding: Encoding,
    /// The parsed report.
    pub report: AnnualReport,
}

/// Decodes bytes as UTF-8 (a BOM is removed), UTF-16 with a BOM, or else GB18030.
///
/// Invalid bytes are an error of kind [`ErrorKind::Decode`] whose [`Error::offset`] is the first
/// byte that no accepted encoding could read; nothing is replaced silently.
///
/// # Examples
///
/// ```
/// let (text, enc) = zfxxgk::decode("一、总体情况".as_bytes())?;
/// assert_eq!((text.as_ref(), enc), ("一、总体情况", zfxxgk::Encoding::Utf8));
/// let err = zfxxgk::decode(&[0x31, 0xff, 0xff, 0x80]).unwrap_err();
/// assert_eq!(err.offset(), Some(1));
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), Error> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (Cow::Borrowed(s), Encoding::Utf8Bom))
            .map_err(|e| invalid("UTF-8", 3 + e.valid_up_to()));
    }
    #[cfg(feature = "encoding")]
    {
        if bytes.starts_with(b"\xFF\xFE") {
            return utf16(&bytes[2..], encoding_rs::UTF_16LE, Encoding::Utf16Le, 2);
        }
        if bytes.starts_with(b"\xFE\xFF") {
            return utf16(&bytes[2..], encoding_rs::UTF_16BE, Encoding::Utf16Be, 2);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8)),
        Err(utf8) => {
            #[cfg(feature = "encoding")]
            {
                match encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                {
                    Some(s) => Ok((Cow::Owned(s.into_owned()), Encoding::Gb18030)),
                    None => {
                        let gb = malformed_at(encoding_rs::GB18030, bytes);
                        Err(invalid("UTF-8 or GB18030", utf8.valid_up_to().max(gb)))
                    }
                }
            }
            #[cfg(not(feature = "encoding"))]
            {
                Err(invalid("UTF-8", utf8.valid_up_to()))
            }
        }
    }
}

fn invalid(what: &str, offset: usize) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("invalid byte at offset {offset}: the input is not valid {what}"),
    )
    .at(offset)
}

#[cfg(feature = "encoding")]
fn utf16(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    which: Encoding,
    bom: usize,
) -> Result<(Cow<'static, str>, Encoding), Error> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((Cow::Owned(s.into_owned()), which)),
        None => Err(invalid(which.name(), bom + malformed_at(enc, bytes))),
    }
}

/// The offset of the first byte the decoder rejects.
#[cfg(feature = "encoding")]
fn malformed_at(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(usize::from(bad)),
        _ => read,
    }
}

/// Decodes bytes (see [`decode`]) and parses them.
///
/// # Examples
///
/// ```
/// let bytes = std::fs::read("tests/fixtures/000.txt")?;
/// let doc = zfxxgk::parse_bytes(&bytes)?;
/// assert_eq!(doc.encoding, zfxxgk::Encoding::Utf8);
/// assert_eq!(doc.report.metadata.published.as_ref().unwrap().value.to_string(), "2021-02-18");
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

/// Reads a file and parses it (see [`parse_bytes`]).
pub fn parse_file(path: impl AsRef<Path>) -> Result<Document, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_bytes(&bytes)
}
