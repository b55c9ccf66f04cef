//! Reading bytes: every accepted encoding gives the same report, and invalid bytes give an error
//! at their exact offset.

use zfxxgk::{decode, parse_bytes, Encoding, ErrorKind};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The flat form (SPEC §8) and the text of every cell, so that two reports compare in full.
fn cells_of(text: &str, report: &zfxxgk::AnnualReport) -> Vec<String> {
    let mut out: Vec<String> = report.to_flat().lines().map(str::to_string).collect();
    for (key, cell) in report.cells() {
        if let Some(span) = cell.span {
            out.push(format!(
                "{key} {}:{} `{}`",
                span.line,
                span.column,
                &text[span.range()]
            ));
        }
    }
    out
}

fn decode_offset(bytes: &[u8]) -> Option<usize> {
    let err = decode(bytes).expect_err("the bytes are invalid");
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    err.offset()
}

#[test]
fn utf8_with_and_without_bom() {
    let text = fixture("004");
    let plain = parse_bytes(text.as_bytes()).unwrap();
    assert_eq!(plain.encoding, Encoding::Utf8);
    assert_eq!(plain.text, text);

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let doc = parse_bytes(&bom).unwrap();
    assert_eq!(doc.encoding, Encoding::Utf8Bom);
    // The BOM is removed: spans point into the text without it.
    assert_eq!(doc.text, text);
    assert_eq!(
        cells_of(&doc.text, &doc.report),
        cells_of(&text, &plain.report)
    );
}

#[test]
fn invalid_in_every_encoding_gives_the_offset() {
    // 0xFF starts no character in UTF-8 nor in GB18030.
    assert_eq!(decode_offset(b"2020\xFF\x31"), Some(4));
    assert_eq!(decode_offset(&[0x31, 0xff, 0xff, 0x80]), Some(1));
    // After a UTF-8 BOM, the offset still counts from the first byte of the input.
    assert_eq!(decode_offset(b"\xEF\xBB\xBF2020\xFF"), Some(7));
    let err = decode(b"2020\xFF\x31").unwrap_err();
    assert!(err.to_string().contains("0xFF at offset 4"), "{err}");
}

#[test]
fn binary_files_are_not_text() {
    // A Word file (OLE2) as found in a download folder: NUL bytes make it binary.
    let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00";
    assert_eq!(decode_offset(doc), Some(8));
    let err = decode(doc).unwrap_err();
    assert!(err.to_string().contains("NUL byte at offset 8"), "{err}");
    assert_eq!(decode_offset(b"%PDF-1.7\n\x00"), Some(9));
    // Also after a UTF-8 byte order mark.
    assert_eq!(decode_offset(b"\xEF\xBB\xBFab\x00"), Some(5));
}

#[test]
fn a_broken_utf8_file_is_an_error_not_mojibake() {
    // Nine characters of UTF-8, then a character cut short (its third byte lost).
    let mut bytes = "一、总体情况本机关".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xE5\x85");
    bytes.extend_from_slice("abc".as_bytes());
    assert_eq!(at, 27);
    #[cfg(feature = "encoding")]
    {
        // GB18030 alone would read these bytes without complaint, as mojibake.
        let gb = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes);
        assert!(gb.is_some());
    }
    assert_eq!(decode_offset(&bytes), Some(27));
    let err = decode(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid encoding: byte 0xE5 at offset 27 is not valid UTF-8 (the text before it is UTF-8)"
    );
    // A file cut in the middle of its last character.
    assert_eq!(decode_offset(&bytes[..at + 1]), Some(27));
    let err = decode(&bytes[..at + 2]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid encoding: byte 0xE5 at offset 27 is not valid UTF-8 (the input ends inside a character)"
    );
}

#[test]
fn empty_and_non_report_input() {
    assert_eq!(
        parse_bytes(b"").map(|_| ()).unwrap_err().kind(),
        ErrorKind::Empty
    );
    let err = parse_bytes("今天天气很好。".as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAReport);
    assert_eq!(err.offset(), None);
}

#[test]
fn parse_file_reports_the_path_of_a_missing_file() {
    use std::error::Error as _;
    let path = "tests/fixtures/no_such_report.txt";
    let err = zfxxgk::parse_file(path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    // The message says what failed; why is the source, and only there.
    assert_eq!(err.to_string(), format!("cannot read file: {path}"));
    let source = err.source().expect("the I/O error");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("a std::io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    let reason = std::fs::read(path).unwrap_err().to_string();
    assert_eq!(io.to_string(), reason);
    assert!(!err.to_string().contains(&reason));
    assert!(source.source().is_none());
    // Shown as a chain, the reason comes once.
    let mut chain = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        chain.push(e.to_string());
        next = e.source();
    }
    assert_eq!(chain, [format!("cannot read file: {path}"), reason.clone()]);
    // The alternate form adds the reason.
    assert_eq!(
        format!("{err:#}"),
        format!("cannot read file: {path}: {reason}")
    );
    // Any other error has no source, and the alternate form is the plain one.
    let err = zfxxgk::parse("会议纪要").unwrap_err();
    assert_eq!(format!("{err:#}"), err.to_string());
}

#[cfg(feature = "encoding")]
mod encodings {
    use super::*;

    const FIXTURES: [&str; 5] = ["000", "001", "002", "003", "004"];

    fn gb18030(text: &str) -> Vec<u8> {
        let (bytes, enc, unmappable) = encoding_rs::GB18030.encode(text);
        assert_eq!(enc, encoding_rs::GB18030);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut out = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let b = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn every_encoding_gives_the_same_cells() {
        for name in FIXTURES {
            let text = fixture(name);
            let expected = cells_of(&text, &zfxxgk::parse(&text).unwrap());
            assert!(expected.len() >= 202, "{name}");
            for (bytes, encoding) in [
                (gb18030(&text), Encoding::Gb18030),
                (utf16(&text, true), Encoding::Utf16Le),
                (utf16(&text, false), Encoding::Utf16Be),
            ] {
                assert_ne!(bytes.as_slice(), text.as_bytes());
                let doc = parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(doc.encoding, encoding, "{name}");
                assert_eq!(doc.text, text, "{name} {encoding:?}");
                assert_eq!(
                    cells_of(&doc.text, &doc.report),
                    expected,
                    "{name} {encoding:?}"
                );
            }
        }
    }

    #[test]
    fn the_flat_form_of_a_gbk_report_matches_the_expected_file() {
        let text = fixture("004");
        let dir = std::env::temp_dir().join(format!("zfxxgk-decode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("004-gbk.txt");
        std::fs::write(&path, gb18030(&text)).unwrap();
        let doc = zfxxgk::parse_file(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(doc.encoding, Encoding::Gb18030);
        let expected = std::fs::read_to_string(format!(
            "{}/tests/fixtures/004.tsv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(doc.report.to_flat(), expected);
        let cell = doc.report.cell("proactive.procurement.amount").unwrap();
        let span = cell.span.unwrap();
        assert_eq!(&doc.text[span.range()], "20044679 元");
        assert_eq!((span.line, span.column), (52, 11));
    }

    #[test]
    fn invalid_gb18030_gives_the_offset() {
        let mut bytes = gb18030("一、总体情况");
        assert_eq!(bytes.len(), 12);
        bytes.extend_from_slice(b"\xFF");
        bytes.extend_from_slice(&gb18030("本机关"));
        assert_eq!(decode_offset(&bytes), Some(12));
        // A lead byte followed by a byte no GB18030 character has second.
        let mut bytes = gb18030("二〇二一年");
        let at = bytes.len();
        bytes.extend_from_slice(b"\x81\x7F");
        assert_eq!(decode_offset(&bytes), Some(at));
        // A four-byte sequence broken at its third byte: the offset is where it starts.
        assert_eq!(decode_offset(b"ab\x81\x30\x41cd"), Some(2));
        assert_eq!(decode_offset(b"ab\x81\x30\x81\x7Fcd"), Some(2));
        // A lead byte at the very end.
        assert_eq!(decode_offset(b"ab\x81"), Some(2));
        let err = decode(b"ab\x81\x30\x41cd").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid encoding: byte 0x81 at offset 2 is not valid UTF-8 or GB18030"
        );
    }

    #[test]
    fn invalid_utf16_gives_the_offset() {
        // BOM, `a`, `b`, a lone high surrogate, `c`: the surrogate is at byte 6.
        let le = [0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00, 0x00, 0xD8, 0x63, 0x00];
        assert_eq!(decode_offset(&le), Some(6));
        let be = [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x62, 0xD8, 0x00, 0x00, 0x63];
        assert_eq!(decode_offset(&be), Some(6));
        // A lone low surrogate.
        let low = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xDC, 0x63, 0x00];
        assert_eq!(decode_offset(&low), Some(4));
        // An odd number of bytes: the last one is half a code unit.
        assert_eq!(decode_offset(&[0xFF, 0xFE, 0x61, 0x00, 0x62]), Some(4));
        let err = decode(&le).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid encoding: the code unit at offset 6 is an unpaired surrogate: not valid UTF-16LE"
        );
        let err = decode(&[0xFF, 0xFE, 0x61, 0x00, 0x62]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid encoding: the input ends at offset 4 inside a code unit: not valid UTF-16LE"
        );
    }

    #[test]
    fn gbk_text_that_starts_like_utf8_is_still_gbk() {
        // `通` is CD A8 in GBK: also a valid two-byte UTF-8 sequence (U+0368).
        let text = "通知：二〇二一年政府信息公开工作年度报告";
        let bytes = gb18030(text);
        assert_eq!(&bytes[..2], b"\xCD\xA8");
        let (decoded, enc) = decode(&bytes).unwrap();
        assert_eq!((decoded.as_ref(), enc), (text, Encoding::Gb18030));
    }
}

#[cfg(not(feature = "encoding"))]
mod utf8_only {
    use super::*;

    #[test]
    fn utf16_and_gbk_need_the_encoding_feature() {
        let err = decode(&[0xFF, 0xFE, 0x61, 0x00]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::Decode, Some(0)));
        assert!(err.to_string().contains("`encoding` feature"), "{err}");
        // `一、` in GBK: D2 BB happens to be valid UTF-8 (U+04BB), A1 is not.
        let err = decode(b"\xD2\xBB\xA1\xA2").unwrap_err();
        assert_eq!(err.offset(), Some(2));
        assert!(err.to_string().contains("`encoding` feature"), "{err}");
    }
}
