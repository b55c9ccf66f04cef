//! Decoding the text of one cell or label: spaces, full-width forms, numbering, numbers.
//!
//! Only what is decoded is normalised; spans always point into the untouched input.

use crate::model::{Decimal, Unit};
use crate::template::Numbering;
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{eof, opt, recognize};
use nom::multi::many0;
use nom::sequence::{pair, preceded};
use nom::{IResult, Parser};
use std::borrow::Cow;
use unicode_normalization::char::decompose_compatible;

/// White space as copies carry it: ASCII, U+3000, U+00A0, BOM and zero-width spaces.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c');
    }
    // Unicode White_Space beyond ASCII, plus the zero-width spaces, soft hyphens and BOM
    // copies carry.
    matches!(
        c,
        '\u{85}' | '\u{a0}' | '\u{ad}' | '\u{1680}' | '\u{2000}'
            ..='\u{200d}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// A CJK unified ideograph of the basic block (its own compatibility form, a letter).
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The length in bytes of the white space (as [`is_space`] has it) that `b` starts with; 0 when
/// it starts with anything else. A byte match: no character is decoded.
#[inline]
pub(crate) fn space_at(b: &[u8]) -> usize {
    // Most bytes start no white space: told by the table alone.
    if !b.first().is_some_and(|&f| STARTS_SPACE[usize::from(f)]) {
        return 0;
    }
    match b {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => 1,
        [0xC2, 0x85 | 0xA0 | 0xAD, ..] => 2,
        [0xE1, 0x9A, 0x80, ..] | [0xE3, 0x80, 0x80, ..] | [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xE2, 0x80, 0x80..=0x8D | 0xA8 | 0xA9 | 0xAF, ..] | [0xE2, 0x81, 0x9F, ..] => 3,
        _ => 0,
    }
}

/// Where the white space that starts at byte `i` of `b` ends (`i` itself when none does); with
/// `tabs` false, a tab ends it too (a tab starts a cell of a line-broken table).
#[inline(always)]
pub(crate) fn past_space(b: &[u8], mut i: usize, tabs: bool) -> usize {
    while let Some(rest) = b.get(i..) {
        if !tabs && rest.first() == Some(&b'\t') {
            break;
        }
        match space_at(rest) {
            0 => break,
            n => i += n,
        }
    }
    i
}

/// The length in bytes of the white space that `b` ends with (`b` is whole UTF-8).
#[inline]
fn space_before(b: &[u8]) -> usize {
    match b {
        [.., b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c] => 1,
        [.., 0xC2, 0x85 | 0xA0 | 0xAD] => 2,
        [.., 0xE1, 0x9A, 0x80] | [.., 0xE3, 0x80, 0x80] | [.., 0xEF, 0xBB, 0xBF] => 3,
        [.., 0xE2, 0x80, 0x80..=0x8D | 0xA8 | 0xA9 | 0xAF] | [.., 0xE2, 0x81, 0x9F] => 3,
        _ => 0,
    }
}

/// The bytes that may start white space (as [`is_space`] has it): ASCII spaces and the lead
/// bytes of the others.
const STARTS_SPACE: [bool; 256] = byte_set(&[
    b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF,
]);

/// The bytes that may end white space: ASCII spaces and the last bytes of the others.
const ENDS_SPACE: [bool; 256] = byte_set(&[
    b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x9F, 0xA0, 0xA8, 0xA9, 0xAD, 0xAF, 0xBF,
]);

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// The positions of one byte in a text, found eight bytes at a time: for the short lines and
/// cells of a report, where a SIMD search's setup per call costs more than the scan.
pub(crate) struct BytePositions<'a> {
    bytes: &'a [u8],
    splat: u64,
    /// Where the word in `bits` starts, and where the next one does.
    base: usize,
    next: usize,
    /// A high bit for every byte of the word that may be the one looked for (checked).
    bits: u64,
}

impl<'a> BytePositions<'a> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);

    /// The positions of `needle` in `bytes`, left to right.
    #[inline]
    pub(crate) fn new(bytes: &'a [u8], needle: u8) -> Self {
        BytePositions {
            bytes,
            splat: Self::ONES * u64::from(needle),
            base: 0,
            next: 0,
            bits: 0,
        }
    }
}

impl Iterator for BytePositions<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        let needle = self.splat as u8;
        loop {
            while self.bits != 0 {
                let i = self.base + (self.bits.trailing_zeros() / 8) as usize;
                self.bits &= self.bits - 1;
                // A byte above a match may show as one too: only a real one counts.
                if self.bytes.get(i) == Some(&needle) {
                    return Some(i);
                }
            }
            let rest = self.bytes.get(self.next..).filter(|r| !r.is_empty())?;
            let word = match rest.first_chunk::<8>() {
                Some(w) => u64::from_le_bytes(*w),
                // The last bytes, padded with zeros: shifted in one by one (a call to copy
                // them costs more).
                None => rest
                    .iter()
                    .enumerate()
                    .fold(0, |w, (k, &b)| w | u64::from(b) << (8 * k)),
            };
            let w = word ^ self.splat;
            // A high bit for every zero byte of `w`; past the text's end, none counts.
            self.bits = w.wrapping_sub(Self::ONES) & !w & (Self::ONES << 7);
            self.base = self.next;
            self.next += 8;
        }
    }
}

/// The characters of `b`, UTF-8 (every byte but a continuation byte, `10xxxxxx`, starts one):
/// its bytes less its continuation bytes, counted eight at a time (a byte's high bit set and the
/// next lower clear marks it; the marks are summed by one multiplication).
#[inline(always)]
pub(crate) fn char_count(b: &[u8]) -> u32 {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let mut chunks = b.chunks_exact(8);
    let mut continuations = 0;
    for c in &mut chunks {
        let w = u64::from_ne_bytes(c.try_into().unwrap_or_default());
        // A byte's mark (0 or 1) in its low bit; the product's top byte sums them (at most 8).
        let marks = (w & !(w << 1) & HIGH) >> 7;
        continuations += (marks.wrapping_mul(ONES) >> 56) as usize;
    }
    continuations += chunks
        .remainder()
        .iter()
        .filter(|&&b| (b as i8) < -0x40)
        .count();
    u32::try_from(b.len() - continuations).unwrap_or(u32::MAX)
}

/// Trims white space on both sides; returns the byte offset of the kept part within `s` too.
#[inline(always)]
pub(crate) fn trim(s: &str) -> (usize, &str) {
    let b = s.as_bytes();
    // Fast path, inline: the first byte starts no white space and the text ends with none (a
    // last byte that may end white space most often ends a CJK character: its bytes tell).
    if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        if !STARTS_SPACE[usize::from(f)] && (!ENDS_SPACE[usize::from(l)] || space_before(b) == 0) {
            return (0, s);
        }
    } else {
        return (0, s);
    }
    trim_padded(s)
}

/// [`trim`] past its fast path: `s` may start or end with white space.
#[inline(never)]
fn trim_padded(s: &str) -> (usize, &str) {
    let b = s.as_bytes();
    // An indent of ASCII spaces (a signature's, pushed to the right) eight at a time.
    let mut i = 0;
    if b.starts_with(b"  ") {
        while b.get(i..i + 8) == Some(b"        ") {
            i += 8;
        }
    }
    let i = past_space(b, i, true);
    let mut j = b.len();
    while j > i {
        match space_before(&b[i..j]) {
            0 => break,
            n => j -= n,
        }
    }
    (i, s.get(i..j).unwrap_or(""))
}

/// Compatibility-normalises one character (NFKC for what reports carry: full-width ASCII to
/// ASCII, ideographic space to space), passing the result to `out`.
#[inline]
pub(crate) fn fold_char(c: char, out: &mut impl FnMut(char)) {
    match c {
        _ if c.is_ascii() => out(c),
        '\u{3000}' => out(' '),
        '\u{ff01}'..='\u{ff5e}' => out(char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
        // CJK ideographs and CJK punctuation are their own compatibility form.
        '\u{3001}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => out(c),
        '\u{2010}'..='\u{2023}' => out(c),
        _ if is_space(c) => out(' '),
        _ => decompose_compatible(c, out),
    }
}

/// Whether [`fold_char`] changes `c`.
#[inline]
fn folds(c: char) -> bool {
    let mut same = true;
    let mut first = true;
    fold_char(c, &mut |d| {
        same &= first && d == c;
        first = false;
    });
    !same
}

/// Compatibility-normalises `s` (full-width digits and punctuation to ASCII), copying only
/// when something changes.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(folds) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |d| out.push(d));
    }
    Cow::Owned(out)
}

/// The value of a Chinese numeral from 一 to 九十九.
pub(crate) fn chinese_numeral(s: &str) -> Option<u8> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u8)
    };
    let mut it = s.chars();
    let cs = [it.next(), it.next(), it.next(), it.next()];
    let (a, b, c) = match cs {
        [Some(a), b, c, None] => (a, b, c),
        _ => return None,
    };
    match (a, b, c) {
        (d, None, None) => digit(d).filter(|&n| n > 0).or((d == '十').then_some(10)),
        ('十', Some(d), None) => digit(d).map(|n| 10 + n),
        (d, Some('十'), None) => digit(d).map(|n| n * 10),
        (a, Some('十'), Some(b)) => Some(digit(a)? * 10 + digit(b)?),
        _ => None,
    }
}

#[inline]
fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Splits a leading numbering (`一、`, `（一）`, `1.`, `(1)`) off a folded, space-free label.
pub(crate) fn numbering(s: &str) -> (Numbering, &str) {
    let take_cn = |t: &str| -> usize {
        t.char_indices()
            .find(|(_, c)| !is_cn_digit(*c))
            .map_or(t.len(), |(i, _)| i)
    };
    let take_digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(rest) = s.strip_prefix('(') {
        let n = take_cn(rest);
        if n > 0 {
            if let (Some(v), Some(r)) = (chinese_numeral(&rest[..n]), rest[n..].strip_prefix(')')) {
                return (Numbering::Paren(v), r);
            }
        }
        let n = take_digits(rest);
        if n > 0 && n <= 2 {
            if let (Ok(v), Some(r)) = (rest[..n].parse::<u8>(), rest[n..].strip_prefix(')')) {
                return (Numbering::Digit(v), r);
            }
        }
        return (Numbering::None, s);
    }
    let n = take_cn(s);
    if n > 0 {
        if let Some(v) = chinese_numeral(&s[..n]) {
            let r = &s[n..];
            for sep in ['、', '.', ',', '．', '，'] {
                if let Some(r) = r.strip_prefix(sep) {
                    return (Numbering::Top(v), r);
                }
            }
        }
        return (Numbering::None, s);
    }
    let n = take_digits(s);
    if n > 0 && n <= 2 {
        let r = &s[n..];
        for sep in ['.', '、', ')', '．', ','] {
            if let Some(r2) = r.strip_prefix(sep) {
                // `1.5` is a number, not a numbering.
                if !(sep == '.' && r2.starts_with(|c: char| c.is_ascii_digit())) {
                    if let Ok(v) = s[..n].parse::<u8>() {
                        return (Numbering::Digit(v), r2);
                    }
                }
            }
        }
    }
    (Numbering::None, s)
}

/// A label reduced to what identifies it: its numbering, and its letters without spaces and
/// punctuation (`（三）不予公开` → `Paren(3)`, `不予公开`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelKey {
    pub numbering: Numbering,
    pub core: String,
    /// The core without parenthesised parts, when the label has any.
    core_np: Option<String>,
}

/// A label's key, borrowed: numbering, core, the core without parenthesised parts, and what
/// the templates know of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyRef<'a> {
    pub numbering: Numbering,
    pub core: &'a str,
    pub core_np: Option<&'a str>,
    /// The template rows with exactly this core.
    pub hit: crate::index::Hit,
    /// Per template (2019, 2021): whether the core or the core without parentheses marks it.
    pub marks: [bool; 2],
    /// For a label exactly as the templates print it: what it is among each table's headers
    /// (by [`crate::template::TableKind`]), found once for all reports.
    pub header: Option<&'a [crate::bind::HeaderRole; 3]>,
}

impl<'a> KeyRef<'a> {
    /// The core without parenthesised parts (`本年收费金额（单位：万元）` → `本年收费金额`).
    pub fn core_np(&self) -> &'a str {
        self.core_np.unwrap_or(self.core)
    }
}

/// Reduces a label as written to its [`LabelKey`].
pub(crate) fn label_key(s: &str) -> LabelKey {
    let (mut scratch, mut arena) = (String::new(), String::new());
    let (numbering, (a, b), core_np) = label_key_in(s, &mut scratch, &mut arena);
    LabelKey {
        numbering,
        core: arena[a as usize..b as usize].to_string(),
        core_np: core_np.map(|(a, b)| arena[a as usize..b as usize].to_string()),
    }
}

/// A label's numbering, the byte range of its core in the arena, and that of its core without
/// parenthesised parts when it differs.
pub(crate) type KeyParts = (Numbering, (u32, u32), Option<(u32, u32)>);

/// A label's key as the tables keep it: its cores stand in a per-table arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellKey {
    pub numbering: Numbering,
    /// Byte range of the core in the arena.
    pub core: (u32, u32),
    /// Byte range in the arena of the core without parenthesised parts, when the label has
    /// any and it differs.
    pub core_np: Option<(u32, u32)>,
    /// What the templates know of the core.
    pub hit: crate::index::Hit,
    /// Per template (2019, 2021): whether the core or the core without parentheses marks it.
    pub marks: [bool; 2],
}

/// Reduces a label to its numbering and core, appending the core to `arena` (`scratch` is
/// working space; neither allocates once grown): returns the numbering, the core's range in
/// `arena` and the core without parentheses when it differs.
///
/// Runs of characters that are their own compatibility form (ASCII letters, CJK ideographs and
/// punctuation) are copied as they stand; only other characters are decoded and folded.
pub(crate) fn label_key_in(s: &str, scratch: &mut String, arena: &mut String) -> KeyParts {
    label_key_checked(s, scratch, arena).0
}

/// [`label_key_in`], and whether the text holds a `。` (a sentence, not a label).
pub(crate) fn label_key_checked(
    s: &str,
    scratch: &mut String,
    arena: &mut String,
) -> (KeyParts, bool) {
    let start = arena.len();
    // A label that starts with an ideograph other than a numeral has no numbering: its core is
    // taken from the text as it stands, folding as it goes; others are folded and compacted
    // first, for their numbering to be split off.
    let plain = trim(s)
        .1
        .chars()
        .next()
        .is_some_and(|c| is_cjk(c) && !is_cn_digit(c));
    let (numbering, rest, bracket, period) = if plain {
        let (bracket, period) = push_core(s, arena);
        (Numbering::None, s, bracket, period)
    } else {
        scratch.clear();
        let period = fold_compact(s, scratch);
        let (numbering, rest) = numbering(scratch);
        let (bracket, _) = push_core(rest, arena);
        (numbering, rest, bracket, period)
    };
    let mid = arena.len();
    let mut core_np = None;
    if bracket {
        // The core again without what stands in brackets; kept only when it differs.
        let mut depth = 0u32;
        for c in rest.chars() {
            fold_char(c, &mut |d| match d {
                '(' | '[' | '【' | '〔' => depth += 1,
                ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
                _ if depth == 0 && is_core_char(d) => arena.push(d),
                _ => {}
            });
        }
        if arena[mid..] == arena[start..mid] {
            arena.truncate(mid);
        } else {
            core_np = Some((mid as u32, arena.len() as u32));
        }
    }
    ((numbering, (start as u32, mid as u32), core_np), period)
}

/// Appends `s` compatibility-folded and without white space to `out`; returns whether `s`
/// holds a `。`.
fn fold_compact(s: &str, out: &mut String) -> bool {
    let mut period = false;
    copy_runs(
        s,
        out,
        |b, i| match b[i] {
            // ASCII: kept unless it is white space.
            x @ 0x00..=0x7F => !matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
            // U+4000..U+9FFF: ideographs (and Yijing symbols), their own compatibility form.
            0xE4..=0xE9 => true,
            // U+3001..U+303F: CJK punctuation, its own form (U+3000 is a space); `。` is E3 80 82.
            0xE3 if b.get(i + 1) == Some(&0x80) => {
                period |= b.get(i + 2) == Some(&0x82);
                b.get(i + 2) != Some(&0x80)
            }
            _ => false,
        },
        |c, out| {
            if !c.is_ascii() {
                fold_char(c, &mut |d| {
                    if !is_space(d) {
                        out.push(d)
                    }
                });
            }
        },
    );
    period
}

/// Copies `s` to `out` by runs: the characters whose first byte (at `i` in the bytes) `kept`
/// accepts are copied as they stand, a run at a time; every other character goes to `other`.
#[inline(always)]
fn copy_runs(
    s: &str,
    out: &mut String,
    mut kept: impl FnMut(&[u8], usize) -> bool,
    mut other: impl FnMut(char, &mut String),
) {
    let b = s.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        if kept(b, i) {
            i += utf8_len(b[i]);
            continue;
        }
        out.push_str(s.get(run..i).unwrap_or(""));
        let c = s.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
        other(c, out);
        i += c.len_utf8();
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or(""));
}

/// The length of the UTF-8 sequence a lead byte starts.
#[inline]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Appends the core characters of a text, folded ([`is_core_char`]), to `out`, copying runs of
/// ideographs and ASCII letters as they stand; returns whether the text holds an opening bracket
/// (so a core without parentheses may differ) and whether it holds a `。`.
fn push_core(s: &str, out: &mut String) -> (bool, bool) {
    let (mut bracket, mut period) = (false, false);
    copy_runs(
        s,
        out,
        |b, i| match b[i] {
            x @ 0x00..=0x7F => x.is_ascii_alphanumeric(),
            // U+4E00..U+9FFF.
            0xE5..=0xE9 => true,
            // U+4000..U+4DBF (U+4DC0.. are Yijing symbols, not letters) and U+4E00..U+4FFF.
            0xE4 => b.get(i + 1).is_some_and(|&y| y != 0xB7),
            _ => false,
        },
        |c, out| {
            period |= c == '。';
            fold_char(c, &mut |d| {
                bracket |= matches!(d, '(' | '[' | '【' | '〔');
                if is_core_char(d) {
                    out.push(d);
                }
            });
        },
    );
    (bracket, period)
}

/// Whether a folded character is kept in a core (letters and digits).
#[inline]
pub(crate) fn is_core_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if is_cjk(c) {
        return true;
    }
    // CJK and general punctuation, half- and full-width forms: not letters.
    if matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3006}' | '\u{3008}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
    {
        return false;
    }
    c.is_alphanumeric()
}

/// The letters and digits of a folded text, and the same without parenthesised parts.
fn folded_cores(folded: &str) -> (String, Option<String>) {
    let mut core = String::with_capacity(folded.len());
    let mut np: Option<String> = None;
    let mut depth = 0u32;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' => {
                if np.is_none() {
                    np = Some(core.clone());
                }
                depth += 1;
            }
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if is_core_char(c) => {
                core.push(c);
                if let (Some(n), 0) = (np.as_mut(), depth) {
                    n.push(c);
                }
            }
            _ => {}
        }
    }
    (core, np)
}

/// The letters and digits of a text, and the same without parenthesised parts when they differ.
fn cores(text: &str) -> (String, Option<String>) {
    let (core, np) = folded_cores(&fold(text));
    let np = np.filter(|n| *n != core);
    (core, np)
}

/// Letters and digits only.
pub(crate) fn core(s: &str) -> String {
    cores(s).0
}

/// The core without any parenthesised part (`本年收费金额（单位：万元）` → `本年收费金额`).
pub(crate) fn core_without_parens(s: &str) -> String {
    let (core, np) = cores(s);
    np.unwrap_or(core)
}

/// A short text (at most 64 characters) as [`similarity`] compares other texts with it: its
/// length, and for each distinct character, sorted, the positions where it stands as bits.
#[derive(Debug, Clone, Default)]
pub(crate) struct CharMasks {
    len: usize,
    /// A bit per character of the text, at [`CharMasks::bit`]: most characters of another
    /// text are told absent by this word alone.
    seen: u64,
    masks: Vec<(char, u64)>,
}

impl CharMasks {
    /// The masks of `chars` (none for a text over 64 characters: it is never similar).
    pub fn new(chars: &[char]) -> CharMasks {
        let mut masks: Vec<(char, u64)> = Vec::new();
        if chars.len() <= 64 {
            for (j, &c) in chars.iter().enumerate() {
                match masks.binary_search_by_key(&c, |&(k, _)| k) {
                    Ok(i) => masks[i].1 |= 1 << j,
                    Err(i) => masks.insert(i, (c, 1 << j)),
                }
            }
        }
        let seen = masks.iter().fold(0, |s, &(c, _)| s | Self::bit(c));
        CharMasks {
            len: chars.len(),
            seen,
            masks,
        }
    }

    /// A character's bit in [`CharMasks::seen`] (six bits of a multiplicative hash).
    #[inline]
    fn bit(c: char) -> u64 {
        1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
    }

    /// The text's length in characters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Where `c` stands in the text, as bits (0: nowhere).
    #[inline]
    fn mask(&self, c: char) -> u64 {
        if self.seen & Self::bit(c) == 0 {
            return 0;
        }
        self.masks
            .binary_search_by_key(&c, |&(k, _)| k)
            .map_or(0, |i| self.masks[i].1)
    }
}

/// How similar two short texts are (`a` as characters, `b` as [`CharMasks`]): the longest
/// common subsequence over the longer length. Any score under `floor` (never less than half)
/// may come back as 0, as it is not computed when the lengths or the characters the texts
/// share show it would be under. Texts over 64 characters are never similar (keeps matching
/// linear on hostile input).
pub(crate) fn similarity(a: &[char], b: &CharMasks, floor: f32) -> f32 {
    let (n, m) = (a.len(), b.len);
    if n == 0 || m == 0 || n > 64 || m > 64 {
        return 0.0;
    }
    let longer = n.max(m) as f32;
    let floor = floor.max(0.5) * longer;
    // The subsequence is at most the shorter text …
    if (n.min(m) as f32) < floor {
        return 0.0;
    }
    // … and takes only characters of `a` that `b` has.
    let mut lcs = Lcs::new(m);
    let mut shared = 0;
    for &c in a {
        let at = b.mask(c);
        shared += usize::from(at != 0);
        lcs.step(at);
    }
    if (shared as f32) < floor {
        return 0.0;
    }
    f32::from(lcs.len()) / longer
}

/// The longest common subsequence of a text `a` and a text `b` of `m` characters (1 to 64),
/// computed a character of `a` at a time on the bits of a word (Hyyrö's bit-vector form): bit
/// `j` of `v` is clear where the count so far steps up at `b[j]`.
struct Lcs {
    v: u64,
    m: usize,
}

impl Lcs {
    fn new(m: usize) -> Lcs {
        Lcs {
            v: u64::MAX,
            m: m.clamp(1, 64),
        }
    }

    /// Takes the next character of `a`, given as the positions in `b` that hold it.
    #[inline]
    fn step(&mut self, at: u64) {
        let u = self.v & at;
        self.v = self.v.wrapping_add(u) | (self.v - u);
    }

    /// The length of the subsequence so far.
    fn len(&self) -> u8 {
        let mask = u64::MAX >> (64 - self.m);
        (self.m as u32 - (self.v & mask).count_ones()) as u8
    }
}

/// What the text of a cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellText {
    /// Empty, spaces, or a dash / slash / 无.
    Blank,
    /// A number, with a unit when one is written.
    Number(Decimal, Option<Unit>),
    /// Anything else: a label, a header, narrative.
    Text,
}

/// Words that mean "nothing reported" in a value cell.
const BLANK_MARKS: &[&str] = &[
    "-", "—", "——", "–", "−", "/", "无", "－", "／", "—", "…", "\\", "、",
];

/// Reads the text of one cell.
pub(crate) fn cell_text(s: &str) -> CellText {
    cell_text_trimmed(trim(s).1)
}

/// Reads the text of one cell, already trimmed.
pub(crate) fn cell_text_trimmed(t: &str) -> CellText {
    if t.is_empty() {
        return CellText::Blank;
    }
    // Fast path: plain ASCII digits (up to 18 fit an i64 with room).
    if t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        let m = t.bytes().fold(0i64, |m, b| m * 10 + i64::from(b - b'0'));
        return CellText::Number(Decimal::new(i128::from(m), 0), None);
    }
    // A label (an ideograph first, but 无, 增, 减): text, without more ado.
    if matches!(t.as_bytes()[0], 0xE4..=0xE9) && !matches!(t.get(..3), Some("无" | "增" | "减"))
    {
        return CellText::Text;
    }
    if t.len() <= 6 && BLANK_MARKS.contains(&t) {
        return CellText::Blank;
    }
    // Longer than any number: 60 characters of up to three bytes (full-width digits).
    if t.len() > 180 {
        return CellText::Text;
    }
    // A number starts with a digit (ASCII or full-width), a sign, 增 or 减; anything else that
    // is not a blank mark is text (a label), without folding it.
    if let Some(c) = t.chars().next() {
        let may_be_number = c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '+' | '-' | '－' | '＋' | '−' | '增' | '减' | '—' | '–' | '/' | '／'
            );
        if !may_be_number {
            return CellText::Text;
        }
    }
    // An ideograph no number is written with stays in the folded text: text, without folding
    // (`1.属于国家秘密`).
    if t.chars().any(|c| is_cjk(c) && !is_number_word_char(c)) {
        return CellText::Text;
    }
    let folded = fold(t);
    let folded: &str = &folded;
    if matches!(folded, "-" | "--" | "/") {
        return CellText::Blank;
    }
    // Only what a number can be written with, once folded (`1.属于国家秘密` is a label; `1﹐234`
    // and `3﹒5万元` are numbers): no need to try the parser on anything else.
    let number_char = |c: char| {
        c.is_ascii_digit()
            || matches!(c, ',' | '.' | '+' | '-' | '−' | '–' | '/' | ' ' | '\t')
            || is_number_word_char(c)
    };
    if !folded.chars().all(number_char) {
        return CellText::Text;
    }
    match number(folded) {
        Ok((_, (d, u))) => CellText::Number(d, u),
        Err(_) => CellText::Text,
    }
}

/// An ideograph a number may be written with: a sign word's (`增加`, `减少`) or a unit's.
#[inline]
fn is_number_word_char(c: char) -> bool {
    matches!(
        c,
        '增' | '加' | '减' | '少' | '万' | '元' | '件' | '条' | '个' | '项' | '次'
    )
}

/// `[+-|增加|减少] digits[,ddd]*[.digits] [unit]`, the whole input; the minus sign may also be
/// U+2212 or an en dash (`−4`, `–4`), and `万` alone is `万元` (`3.5万`).
fn number(input: &str) -> IResult<&str, (Decimal, Option<Unit>)> {
    let (input, sign) = opt(alt((
        tag("+"),
        tag("-"),
        tag("−"),
        tag("–"),
        tag("增加"),
        tag("减少"),
        tag("增"),
        tag("减"),
    )))
    .parse(input)?;
    let (input, _) = space0(input)?;
    let (input, int) = recognize(pair(digit1, many0(pair(char(','), digit1)))).parse(input)?;
    let (input, frac) = opt(preceded(char('.'), digit1)).parse(input)?;
    let (input, _) = space0(input)?;
    let (input, unit) = opt(alt((
        tag("万元"),
        tag("万"),
        tag("元"),
        tag("件"),
        tag("条"),
        tag("个"),
        tag("项"),
        tag("次"),
    )))
    .parse(input)?;
    let (input, _) = space0(input)?;
    let (input, _) = eof(input)?;
    let negative = matches!(sign, Some("-" | "−" | "–" | "减少" | "减"));
    let mut text = String::with_capacity(int.len() + 8);
    if negative {
        text.push('-');
    }
    text.extend(int.chars().filter(|c| *c != ','));
    if let Some(f) = frac {
        text.push('.');
        text.push_str(f);
    }
    let d = text.parse::<Decimal>().map_err(|_| {
        nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit))
    })?;
    let unit = match unit {
        Some("万元" | "万") => Some(Unit::WanYuan),
        Some("元") => Some(Unit::Yuan),
        _ => None,
    };
    Ok((input, (d, unit)))
}

/// The unit a column header names (`采购总金额（万元）`, `本年收费金额（单位：万元）`).
pub(crate) fn header_unit(core: &str) -> Option<Unit> {
    if core.contains("万元") {
        Some(Unit::WanYuan)
    } else if core.contains('元') {
        Some(Unit::Yuan)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> String {
        match cell_text(s) {
            CellText::Number(d, u) => format!("{d}{}", u.map_or("", |u| u.as_str())),
            CellText::Blank => "blank".into(),
            CellText::Text => "text".into(),
        }
    }

    #[test]
    fn cells() {
        assert_eq!(num("\u{3000}0"), "0");
        assert_eq!(num("0\u{a0}"), "0");
        assert_eq!(num("１２"), "12");
        assert_eq!(num("-3"), "-3");
        assert_eq!(num("减少3"), "-3");
        assert_eq!(num("20044679 元"), "20044679元");
        assert_eq!(num("3.5万元"), "3.5万元");
        assert_eq!(num("3.5万"), "3.5万元");
        assert_eq!(num("−4"), "-4");
        assert_eq!(num("− 4"), "-4");
        assert_eq!(num("−"), "blank");
        // An en dash before a number is its minus sign (typesetting); alone, a blank.
        assert_eq!(num("–1"), "-1");
        assert_eq!(num("–"), "blank");
        assert_eq!(num("1,234"), "1234");
        // Compatibility forms fold to digits and number punctuation.
        assert_eq!(num("1﹐234"), "1234");
        assert_eq!(num("3﹒5万元"), "3.5万元");
        assert_eq!(num("1①"), "11");
        assert_eq!(num("-﹣"), "blank");
        assert_eq!(num("1.属于国家秘密"), "text");
        assert_eq!(num("—"), "blank");
        assert_eq!(num("无"), "blank");
        assert_eq!(num(" \u{a0}"), "blank");
        assert_eq!(num("规章"), "text");
        assert_eq!(num("2020年"), "text");
        assert_eq!(num("99999999999999999999999999999999999999999"), "text");
    }

    /// The straightforward form of [`label_key_in`], char by char: what it must equal.
    /// Reduces a label to its numbering and core, appending the core to `arena` (no allocation
    /// once `scratch` and `arena` have grown): returns the numbering, the core's range in `arena`
    /// and the core without parentheses when it differs.
    fn label_key_in_reference(
        s: &str,
        scratch: &mut String,
        arena: &mut String,
    ) -> (Numbering, (u32, u32), Option<Box<str>>) {
        scratch.clear();
        for c in s.chars() {
            if c.is_ascii() || is_cjk(c) {
                if !is_space(c) {
                    scratch.push(c);
                }
            } else {
                fold_char(c, &mut |d| {
                    if !is_space(d) {
                        scratch.push(d)
                    }
                });
            }
        }
        let (numbering, rest) = numbering(scratch);
        let core_np = if rest.contains(['(', '[', '【', '〔']) {
            let (core, np) = folded_cores(rest);
            np.filter(|n| *n != core).map(String::into_boxed_str)
        } else {
            None
        };
        let start = arena.len();
        arena.extend(rest.chars().filter(|&c| is_core_char(c)));
        (numbering, (start as u32, arena.len() as u32), core_np)
    }

    #[test]
    fn label_keys_equal_the_char_by_char_reduction() {
        let mut labels: Vec<String> = Vec::new();
        for i in 0..5 {
            let text = std::fs::read_to_string(format!(
                "{}/tests/fixtures/00{i}.txt",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            labels.extend(text.lines().flat_map(|l| l.split('\t')).map(String::from));
        }
        labels.extend(
            [
                "（三）不予公开",
                "㈠不予公开",
                "（ 一 ） 本年新收",
                "第二十条第（一）项",
                "本年收费金额（单位：万元）",
                "\u{4dc0}\u{4dff}\u{4000}\u{9fff}",
                "ＡＢ１２　（二）",
                "\u{3000}\u{3001}\u{303f}\u{3041}\u{3250}",
                "a\u{200b}b\u{feff}c\u{a0}d",
                "",
            ]
            .map(String::from),
        );
        assert!(labels.len() > 1000);
        for l in &labels {
            let (mut s1, mut a1, mut s2, mut a2) = Default::default();
            let ((n1, r1, np1), period) = label_key_checked(l, &mut s1, &mut a1);
            assert_eq!(period, l.contains('。'), "{l:?}");
            let (n2, r2, np2) = label_key_in_reference(l, &mut s2, &mut a2);
            let np1 = np1.map(|(a, b)| a1[a as usize..b as usize].to_string().into_boxed_str());
            assert_eq!(
                (n1, &a1[r1.0 as usize..r1.1 as usize], np1),
                (n2, &a2[r2.0 as usize..r2.1 as usize], np2),
                "{l:?}"
            );
        }
    }

    /// The longest common subsequence, by the table.
    fn lcs_table(a: &[char], b: &[char]) -> u8 {
        let mut prev = vec![0u8; b.len() + 1];
        for &ca in a {
            let mut cur = vec![0u8; b.len() + 1];
            for (j, &cb) in b.iter().enumerate() {
                cur[j + 1] = if ca == cb {
                    prev[j] + 1
                } else {
                    cur[j].max(prev[j + 1])
                };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config())]

        #[test]
        fn lcs_by_bits_is_lcs_by_table(
            a in proptest::collection::vec(proptest::sample::select(vec!['规', '章', '行', '政', 'a']), 0..70),
            b in proptest::collection::vec(proptest::sample::select(vec!['规', '章', '行', '政', 'a']), 1..=64),
        ) {
            let masks = CharMasks::new(&b);
            let mut lcs = Lcs::new(b.len());
            for &c in &a {
                lcs.step(masks.mask(c));
            }
            proptest::prop_assert_eq!(lcs.len(), lcs_table(&a, &b));
        }

        #[test]
        fn byte_positions_are_those_of_a_plain_scan(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'\t', b'\n', 0, 1, 8, 9, 10, 11, 0x80, 0x89, 0xFF, b'a']), 0..40),
            needle in proptest::sample::select(vec![b'\t', b'\n', 0, 0xFF]),
        ) {
            let plain: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == needle).collect();
            let found: Vec<usize> = BytePositions::new(&bytes, needle).collect();
            proptest::prop_assert_eq!(found, plain);
        }

        #[test]
        fn label_keys_equal_on_any_text(l in "(\\PC|[规章许可十九（）()【】〔〕一二三四、。.，,０-９Ａ-ｚ\u{3000}\u{a0} \t\u{4dc0}-\u{4dff}])*") {
            let (mut s1, mut a1, mut s2, mut a2) = Default::default();
            let ((n1, r1, np1), period) = label_key_checked(&l, &mut s1, &mut a1);
            proptest::prop_assert_eq!(period, l.contains('。'));
            let (n2, r2, np2) = label_key_in_reference(&l, &mut s2, &mut a2);
            let np1 = np1.map(|(a, b)| a1[a as usize..b as usize].to_string().into_boxed_str());
            proptest::prop_assert_eq!(
                (n1, &a1[r1.0 as usize..r1.1 as usize], np1),
                (n2, &a2[r2.0 as usize..r2.1 as usize], np2)
            );
        }
    }

    #[test]
    fn char_count_is_the_characters_of_the_text() {
        let mut texts = vec![String::new()];
        for piece in ["a", "一", "é", "𠀀", "\u{3000}", "\t", "0"] {
            for n in [1, 7, 8, 9, 17] {
                texts.push(piece.repeat(n));
                texts.push(format!("x{}", piece.repeat(n)));
            }
        }
        texts.push("规章\t0\t12\u{a0}二〇二一年".to_string());
        for t in &texts {
            assert_eq!(
                char_count(t.as_bytes()) as usize,
                t.chars().count(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn trim_matches_is_space() {
        let spaces: Vec<char> = (0..0x11000u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c))
            .collect();
        assert_eq!(spaces.len(), 30);
        for &c in &spaces {
            let s = format!("{c}{c}规章{c}0{c}");
            let want = s.trim_start_matches(is_space);
            let off = s.len() - want.len();
            assert_eq!(
                trim(&s),
                (off, want.trim_end_matches(is_space)),
                "U+{:04X}",
                c as u32
            );
        }
        for c in ['\u{3001}', '\u{2030}', '\u{00a1}', '\u{ff01}', '一'] {
            let s = format!("{c}a{c}");
            assert_eq!(trim(&s), (0, s.as_str()), "U+{:04X}", c as u32);
        }
        // Every character last or first (the fast path tells most by their outer bytes).
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            for s in [format!("规{c}"), format!("{c}a"), c.to_string()] {
                let want = s.trim_start_matches(is_space);
                let off = s.len() - want.len();
                assert_eq!(trim(&s), (off, want.trim_end_matches(is_space)), "{s:?}");
            }
        }
        assert_eq!(trim(" \u{3000}\t"), (5, ""));
        assert_eq!(trim(""), (0, ""));
    }

    #[test]
    fn labels() {
        let k = label_key("（三）不予公开");
        assert_eq!(
            (k.numbering, k.core.as_str()),
            (Numbering::Paren(3), "不予公开")
        );
        let k = label_key("1. 属于国家秘密");
        assert_eq!(
            (k.numbering, k.core.as_str()),
            (Numbering::Digit(1), "属于国家秘密")
        );
        let k = label_key("四、结转下年度继续办理");
        assert_eq!(
            (k.numbering, k.core.as_str()),
            (Numbering::Top(4), "结转下年度继续办理")
        );
        let k = label_key("3.危及“三安全一稳定”");
        assert_eq!(k.core, "危及三安全一稳定");
        assert_eq!(
            core_without_parens("本年收费金额（单位：万元，保留4位小数）"),
            "本年收费金额"
        );
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let sim = |a: &str, b: &str| similarity(&chars(a), &CharMasks::new(&chars(b)), 0.0);
        assert_eq!(
            sim("其他法律法规禁止公开", "其他法律行政法规禁止公开"),
            10.0 / 12.0
        );
        assert_eq!(sim("规章", "规章"), 1.0);
        assert_eq!(sim("规章", "行政许可事项"), 0.0);
        assert_eq!(sim("许可事项", "行政许可事项"), 4.0 / 6.0);
        // Under the floor by length alone: not computed.
        let (a, b) = (chars("许可事项"), CharMasks::new(&chars("行政许可事项")));
        assert_eq!(similarity(&a, &b, 0.6), 4.0 / 6.0);
        assert_eq!(similarity(&a, &b, 0.7), 0.0);
        // Under the floor by the characters they share: not computed.
        let (a, b) = (
            chars("许可事项办理"),
            CharMasks::new(&chars("行政许可事项")),
        );
        assert_eq!(similarity(&a, &b, 0.6), 4.0 / 6.0);
        assert_eq!(similarity(&a, &b, 0.7), 0.0);
    }
}
