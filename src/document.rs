//! The blocks of a report: title, the six sections, the signature, page furniture.

use crate::error::{Error, ErrorKind};
use crate::model::Date;
use crate::template::{SectionKind, FURNITURE, SECTION_PHRASES};
use crate::text::{chinese_numeral, fold_char, is_cjk, is_core_char, trim};

use std::ops::RangeBounds;

/// A line of the input: byte range without its line end (built from [`Lines`] on access).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    /// Whether the line is empty or white space only. Most lines start with a character that
    /// is no white space: one byte tells them.
    #[inline]
    pub fn is_blank(&self) -> bool {
        let b = self.text.as_bytes();
        b.is_empty() || (crate::text::space_at(b) > 0 && trim(self.text).1.is_empty())
    }
    /// Byte range of the trimmed text.
    pub fn trimmed(&self) -> (usize, usize) {
        let (off, t) = trim(self.text);
        (self.start + off, self.start + off + t.len())
    }
}

/// A line as the list keeps it, in eight bytes: where it starts and its length without the
/// line end, both within a text shorter than 4 GiB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineAt {
    start: u32,
    len: u32,
}

impl LineAt {
    /// The line in `text` (empty, should the record not fit it: a record of [`lines`] always
    /// does, a line end being whole characters on both sides).
    #[inline(always)]
    fn line(self, text: &str) -> Line<'_> {
        let start = self.start as usize;
        let end = start + self.len as usize;
        Line {
            start,
            text: text.get(start..end).unwrap_or_default(),
        }
    }

    /// The line's bytes in `text` (none, should the record not fit it).
    #[inline(always)]
    fn bytes(self, text: &str) -> &[u8] {
        let start = self.start as usize;
        let end = start + self.len as usize;
        text.as_bytes().get(start..end).unwrap_or_default()
    }
}

/// The lines of a text, each kept as a [`LineAt`]; [`LineList::view`] reads them.
#[derive(Debug)]
pub(crate) struct LineList<'a> {
    text: &'a str,
    lines: Vec<LineAt>,
}

impl<'a> LineList<'a> {
    /// All the lines.
    pub fn view(&self) -> Lines<'_, 'a> {
        Lines {
            text: self.text,
            lines: &self.lines,
        }
    }
}

/// Some consecutive lines of a text: a view that hands out each line as a [`Line`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lines<'s, 'a> {
    /// The whole text the lines are in.
    text: &'a str,
    lines: &'s [LineAt],
}

impl<'s, 'a> Lines<'s, 'a> {
    /// The whole text the lines are in (not only theirs).
    pub fn text(&self) -> &'a str {
        self.text
    }
    /// How many lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }
    /// Whether there is no line.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    /// Line `i` of the view.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Line<'a>> {
        self.lines.get(i).map(|l| l.line(self.text))
    }
    /// Where line `i` of the view starts.
    #[inline]
    pub fn start(&self, i: usize) -> Option<usize> {
        self.lines.get(i).map(|l| l.start as usize)
    }
    /// The first line.
    pub fn first(&self) -> Option<Line<'a>> {
        self.get(0)
    }
    /// The last line.
    pub fn last(&self) -> Option<Line<'a>> {
        self.lines.last().map(|l| l.line(self.text))
    }
    /// The lines in `range` (none when it does not lie within the view).
    #[inline]
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Lines<'s, 'a> {
        let range = (range.start_bound().cloned(), range.end_bound().cloned());
        Lines {
            text: self.text,
            lines: self.lines.get(range).unwrap_or_default(),
        }
    }
    /// How many of the lines start at or before byte `pos` (those first: lines are in order).
    #[inline]
    pub fn starting_by(&self, pos: usize) -> usize {
        self.lines.partition_point(|l| l.start as usize <= pos)
    }
    /// The lines' bytes in order: cheaper than [`Lines::iter`] (no character boundary to check)
    /// where the text is not needed.
    #[inline]
    pub fn bytes(&self) -> impl Iterator<Item = &'a [u8]> + use<'s, 'a> {
        let text = self.text;
        self.lines.iter().map(move |l| l.bytes(text))
    }
    /// The lines in order.
    #[inline]
    pub fn iter(&self) -> LinesIter<'s, 'a> {
        LinesIter {
            text: self.text,
            lines: self.lines.iter(),
        }
    }
}

impl<'s, 'a> IntoIterator for Lines<'s, 'a> {
    type Item = Line<'a>;
    type IntoIter = LinesIter<'s, 'a>;
    fn into_iter(self) -> LinesIter<'s, 'a> {
        self.iter()
    }
}

/// The lines of a [`Lines`] view, front to back or back to front.
#[derive(Debug, Clone)]
pub(crate) struct LinesIter<'s, 'a> {
    text: &'a str,
    lines: std::slice::Iter<'s, LineAt>,
}

impl<'a> Iterator for LinesIter<'_, 'a> {
    type Item = Line<'a>;
    #[inline]
    fn next(&mut self) -> Option<Line<'a>> {
        self.lines.next().map(|l| l.line(self.text))
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.lines.size_hint()
    }
    #[inline]
    fn nth(&mut self, n: usize) -> Option<Line<'a>> {
        self.lines.nth(n).map(|l| l.line(self.text))
    }
}

impl<'a> DoubleEndedIterator for LinesIter<'_, 'a> {
    #[inline]
    fn next_back(&mut self) -> Option<Line<'a>> {
        self.lines.next_back().map(|l| l.line(self.text))
    }
}

impl ExactSizeIterator for LinesIter<'_, '_> {}

impl std::iter::FusedIterator for LinesIter<'_, '_> {}

/// Fails for a text too long for [`LineAt`] to hold its offsets: 4 GiB or more.
pub(crate) fn check_size(len: usize) -> Result<(), Error> {
    if u32::try_from(len).is_ok() {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::TooLarge,
        format!(
            "the text is {len} bytes long; at most {} bytes (4 GiB less one) are read",
            u32::MAX
        ),
    ))
}

/// Splits the input into lines (without `\n` / `\r\n`); fails for a text of 4 GiB or more
/// ([`check_size`]).
///
/// Line ends are found 16 bytes at a time, a mask of the `\n` bytes for each eight of them:
/// report lines are often short (a table cell per line), where a SIMD search's setup per line
/// would cost more than the scan, and a block with no line end costs one test. A `\r` before a
/// line end is taken off afterwards, only in a text that has one.
pub(crate) fn lines(text: &str) -> Result<LineList<'_>, Error> {
    check_size(text.len())?;
    let bytes = text.as_bytes();
    // Room for exactly the lines there are (counted by a SIMD pass): a guess too large costs
    // fresh pages on a large input, one too small copies.
    let ends = memchr::memchr_iter(b'\n', bytes).count();
    let cr = memchr::memchr(b'\r', bytes).is_some();
    if ends == 0 && cr {
        return Ok(cr_lines(text));
    }
    // Every line is written in its place (no capacity to check per line: the count is exact).
    let mut out = vec![LineAt { start: 0, len: 0 }; ends + 1];
    let mut k = 0;
    let mut start = 0;
    // Offsets fit a `u32`: the text's length does. A `\r` before the `\n` is taken off below.
    let mut push = |start: usize, end: usize| {
        if let Some(line) = out.get_mut(k) {
            *line = LineAt {
                start: start as u32,
                len: (end - start) as u32,
            };
        }
        k += 1;
    };
    let mut blocks = bytes.chunks_exact(16);
    let mut base = 0;
    for block in &mut blocks {
        // Whether the block has a line end at all: a compare a byte, which the compiler turns
        // into one vector compare and a mask of it. Most blocks of long lines have none.
        if block.iter().fold(false, |any, &b| any | (b == b'\n')) {
            for (w, word) in block.chunks_exact(8).enumerate() {
                let mut mask = newlines(word);
                while mask != 0 {
                    let end = base + 8 * w + (mask.trailing_zeros() / 8) as usize;
                    push(start, end);
                    start = end + 1;
                    mask &= mask - 1;
                }
            }
        }
        base += 16;
    }
    for (i, &b) in blocks.remainder().iter().enumerate() {
        if b == b'\n' {
            push(start, base + i);
            start = base + i + 1;
        }
    }
    push(start, text.len());
    // A `\r` before a line end is no part of the line. Most texts have none (one SIMD search
    // told): their lines are not looked at again. An empty line has none (the byte before its
    // end is the previous line's `\n`).
    if cr {
        for line in &mut out {
            let end = line.start as usize + line.len as usize;
            if line.len > 0 && bytes.get(end - 1) == Some(&b'\r') {
                line.len -= 1;
            }
        }
    }
    Ok(LineList { text, lines: out })
}

/// The `\n` bytes among eight (fewer are taken as absent): the high bit of each of their
/// bytes in a word read little-endian, exactly those (no carry from one byte to the next).
#[inline(always)]
fn newlines(word: &[u8]) -> u64 {
    const LOW: u64 = u64::from_ne_bytes([0x7F; 8]);
    const NL: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let Ok(word) = <[u8; 8]>::try_from(word) else {
        return 0;
    };
    // A byte of `w` is zero where the text has `\n`; its low seven bits plus 0x7F, or the byte
    // itself, set its high bit otherwise.
    let w = u64::from_le_bytes(word) ^ NL;
    !((w & LOW).wrapping_add(LOW) | w | LOW)
}

/// The lines of a text whose lines end in `\r` alone (as old Mac OS wrote them; the text has
/// no `\n`).
fn cr_lines(text: &str) -> LineList<'_> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\r', bytes).count() + 1);
    let mut start = 0;
    // Offsets fit a `u32`: the text's length does (checked by the caller).
    for end in memchr::memchr_iter(b'\r', bytes).chain(std::iter::once(bytes.len())) {
        lines.push(LineAt {
            start: start as u32,
            len: (end - start) as u32,
        });
        start = end + 1;
    }
    LineList { text, lines }
}

/// A section heading found on a line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Heading {
    pub line: usize,
    pub kind: SectionKind,
    score: u32,
    /// Where the heading's text starts and ends within its line (bytes from the line start):
    /// without white space and without Markdown marks around it (`## `, `**…**`).
    pub start: usize,
    pub end: usize,
    /// Where what the heading takes of its line ends (bytes from the line start): the line's end,
    /// or the end of `一、总体情况：` (and of a closing `**`) when the narrative goes on on the
    /// same line.
    pub len: usize,
}

/// A heading as [`heading`] finds it on a line: the section, a score, where its text starts
/// and ends, and where what it takes of the line ends (see [`Heading`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    kind: SectionKind,
    score: u32,
    start: usize,
    end: usize,
    len: usize,
}

/// Recognises a top-level heading by its numeral and its text (`二、主动公开政府信息情况`,
/// `一、工作情况:`, `一 、 总体情况`, `第一部分 总体情况`, `**一、总体情况**`, `## 一、总体情况`), not
/// by its numeral alone; also `一、总体情况：` followed by its narrative on the same line.
#[inline(always)]
fn heading(text: &str) -> Option<Found> {
    // Most lines stop here, without a call.
    if !may_be_heading(text) {
        return None;
    }
    heading_at(text)
}

/// [`heading`], for a line that passed [`may_be_heading`].
#[inline(never)]
fn heading_at(text: &str) -> Option<Found> {
    let (mut off, mut t) = trim(text);
    // Markdown marks a converter left: `## `, `**` … `**`.
    let marks = markup_lead(t);
    if marks > 0 {
        let (o, rest) = trim(&t[marks..]);
        off += marks + o;
        t = rest;
    }
    heading_after(off, t, marks > 0)
}

/// [`heading_at`] for a line whose numeral starts at byte `at`, after its padding alone
/// ([`Opening::Numeral`]): no Markdown marks, nothing to trim before it.
#[inline(never)]
fn heading_at_numeral(text: &str, at: usize) -> Option<Found> {
    // The line trimmed starts at its numeral (no white space): `trim` keeps its start.
    let (_, t) = trim(text.get(at..)?);
    heading_after(at, t, false)
}

/// [`heading_at`] past the line's white space and its Markdown marks, if any (`marked`): `t` is
/// the rest of the line, trimmed, starting `off` bytes into it.
#[inline(always)]
fn heading_after(off: usize, t: &str, marked: bool) -> Option<Found> {
    // A numeral and its separator (`一、`, `一 、 `, `第一部分：` …), then a short text that
    // starts as some heading's phrase does.
    let (n, lead) = top_numbering(t)?;
    let next = t[lead..].chars().find(|c| !crate::text::is_space(*c))?;
    if !is_phrase_start(next) {
        return None;
    }
    // The whole line, without the closing marks.
    let whole = if marked { markup_tail(t) } else { t };
    if whole.len() <= 160 {
        // `whole` and `head` below start as `t` does, up to its phrase's first character
        // at least: the same numbering.
        if let Some((kind, score)) = whole.get(lead..).and_then(|r| section_named(n, r, false)) {
            return Some(Found {
                kind,
                score,
                start: off,
                end: off + whole.len(),
                len: off + t.len(),
            });
        }
    }
    // `一、总体情况：2020年，…`: a heading, then the narrative on the same line.
    let stop = lead + t[lead..].find(['：', ':', '。'])?;
    let head = &t[..stop];
    if head.len() > 120 {
        return None;
    }
    let colon = t[stop..].chars().next().map_or(0, char::len_utf8);
    let (kind, score) = section_named(n, head.get(lead..)?, true)?;
    // A bold heading closes its marks after the colon (`**一、总体情况：**2020年`).
    let after = &t[stop + colon..];
    let close = if marked && (after.starts_with("**") || after.starts_with("__")) {
        2
    } else {
        0
    };
    Some(Found {
        kind,
        score,
        start: off,
        end: off + stop + colon,
        len: off + stop + colon + close,
    })
}

/// The Markdown marks before a heading a converter leaves, as bytes at the start of `t`: `#` …
/// `######` and the white space after them, then `**` or `__`; 0 for none.
#[inline]
fn markup_lead(t: &str) -> usize {
    let b = t.as_bytes();
    let mut i = 0;
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    if hashes > 6 {
        return 0;
    }
    if hashes > 0 {
        i = skip_spaces(t, hashes);
    }
    if b[i..].starts_with(b"**") || b[i..].starts_with(b"__") {
        i += 2;
    }
    i
}

/// `t` without the Markdown marks that close a heading (`**`, `__`, a closing `##`) and the
/// white space around them.
#[inline]
fn markup_tail(t: &str) -> &str {
    let t = t.trim_end_matches(crate::text::is_space);
    // A closing `##` after white space.
    let bare = t.trim_end_matches('#');
    let t = if bare.len() < t.len() && bare.ends_with(crate::text::is_space) {
        bare.trim_end_matches(crate::text::is_space)
    } else {
        t
    };
    t.strip_suffix("**")
        .or_else(|| t.strip_suffix("__"))
        .unwrap_or(t)
        .trim_end_matches(crate::text::is_space)
}

/// The byte after the white space that starts at `i` in `t` (`i` itself when none does): its
/// bytes matched, no character decoded ([`crate::text::past_space`]).
#[inline]
fn skip_spaces(t: &str, i: usize) -> usize {
    crate::text::past_space(t.as_bytes(), i, true)
}

/// Whether a line may be a heading: after white space and Markdown marks (`## `, `**`), it
/// starts with 一…八 or 第一…第八 (a few byte compares for most lines). The white space is U+3000,
/// U+00A0, a BOM or a zero-width space, when it comes after the spaces and tabs, if any.
#[inline]
fn may_be_heading(text: &str) -> bool {
    let b = text.as_bytes();
    let Some(lead) = heading_lead(b) else {
        return false;
    };
    // Most lines: an ideograph first, a numeral or not.
    if let Some(0xE4 | 0xE5 | 0xE7) = b.get(lead) {
        return starts_numeral(&b[lead..]);
    }
    let mut start = lead;
    let mut marked = false;
    loop {
        match b.get(start) {
            Some(0xE4 | 0xE5 | 0xE7) => break,
            Some(b'#' | b'*' | b'_') if !marked => {
                let n = markup_lead(&text[start..]);
                if n == 0 {
                    return false;
                }
                start += n;
                marked = true;
            }
            _ => match text[start..].chars().next() {
                Some(c) if crate::text::is_space(c) => start += c.len_utf8(),
                _ => return false,
            },
        }
    }
    starts_numeral(&b[start..])
}

/// What [`may_open_heading_at`] tells of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// No heading ([`may_be_heading`] fails).
    No,
    /// 一…八 or 第一…第八 at this byte, after padding alone: [`may_be_heading`] holds.
    Numeral(usize),
    /// [`may_be_heading`] is to look further.
    Maybe,
}

/// [`may_open_heading_at`] on a line's bytes alone (the tests compare it with
/// [`may_be_heading`]).
#[cfg(test)]
fn may_open_heading(b: &[u8]) -> Opening {
    may_open_heading_at(b, 0)
}

/// [`may_be_heading`] on the line that starts at byte `start` of `text`, for the lines that fail
/// it at once: after spaces, tabs, U+00A0 and U+3000 (the padding copies carry), an ideograph
/// other than 一…八 and 第, or nothing. [`Opening::Numeral`] where [`may_be_heading`] holds for
/// sure (a numeral after such padding; it tells where the numeral stands from the line's start),
/// [`Opening::Maybe`] where it is to look further. `text` is a whole text, its lines' ends in
/// it: the line's end, a `\n` or a `\r` (or the text's end), stops the reading as the end of
/// the line's bytes would, neither being padding nor the start of a numeral or of a padding
/// character.
///
/// Each byte is told by [`OPENING`] with one load: most lines are passed over at their first
/// byte other than a space or a tab.
#[inline(always)]
fn may_open_heading_at(text: &[u8], start: usize) -> Opening {
    let mut i = start;
    loop {
        // The kind compared as a whole, one test after another (a jump through a table on it
        // would be mispredicted on most lines): no heading first, then padding.
        let kind = text.get(i).map_or(0, |&c| OPENING[usize::from(c)]);
        if kind == 0 {
            return Opening::No;
        } else if kind == SPACE {
            i += 1;
        } else if kind == IDEOGRAPH {
            // `may_be_heading` passes the same padding and tests the same numerals here (a
            // numeral's bytes, and 第's, are whole characters of the line).
            return if starts_numeral(&text[i..]) {
                Opening::Numeral(i - start)
            } else {
                Opening::No
            };
        } else {
            match text[i..] {
                [0xC2, 0xA0, ..] => i += 2,
                [0xE3, 0x80, 0x80, ..] => i += 3,
                _ => return Opening::Maybe,
            }
        }
    }
}

/// In [`OPENING`]: a space or a tab, padding.
const SPACE: u8 = 1;
/// In [`OPENING`]: the lead byte of an ideograph that may be 一…八 or 第.
const IDEOGRAPH: u8 = 2;
/// In [`OPENING`]: the lead byte of U+00A0 or U+3000 (padding), of other white space or of a
/// BOM, or a Markdown mark (`#`, `*`, `_`): to look further.
const OTHER: u8 = 4;

/// What each byte at the start of a line, or after its padding, tells [`may_open_heading_at`]:
/// one of [`SPACE`], [`IDEOGRAPH`] and [`OTHER`], or 0 for anything else (no heading).
const OPENING: [u8; 256] = {
    let mut table = [0; 256];
    table[b' ' as usize] = SPACE;
    table[b'\t' as usize] = SPACE;
    table[0xE4] = IDEOGRAPH;
    table[0xE5] = IDEOGRAPH;
    table[0xE7] = IDEOGRAPH;
    let other = [0xC2, 0xE2, 0xE3, 0xEF, b'#', b'*', b'_'];
    let mut i = 0;
    while i < other.len() {
        table[other[i] as usize] = OTHER;
        i += 1;
    }
    table
};

/// Whether `b` starts with 一…八 or 第一…第八 in UTF-8.
#[inline(always)]
fn starts_numeral(b: &[u8]) -> bool {
    is_top_numeral(b) || (b.starts_with("第".as_bytes()) && is_top_numeral(&b[3..]))
}

/// Where a line that may be a heading has its first byte after spaces and tabs: there stands
/// the first byte of 一…八, of 第, of a Markdown mark (`#`, `*`, `_`) or of the white space
/// [`may_be_heading`] takes (the test most lines stop at).
#[inline]
fn heading_lead(b: &[u8]) -> Option<usize> {
    let lead = b.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    matches!(
        b[lead],
        0xE4 | 0xE5 | 0xE7 | 0xE3 | 0xC2 | 0xEF | 0xE2 | b'#' | b'*' | b'_'
    )
    .then_some(lead)
}

/// Whether `b` starts with 一…八 in UTF-8.
#[inline]
fn is_top_numeral(b: &[u8]) -> bool {
    top_numeral(b).is_some()
}

/// The value of 一…八 at the start of `b` in UTF-8.
#[inline]
fn top_numeral(b: &[u8]) -> Option<u8> {
    match b {
        [0xE4, 0xB8, 0x80, ..] => Some(1),
        [0xE4, 0xBA, 0x8C, ..] => Some(2),
        [0xE4, 0xB8, 0x89, ..] => Some(3),
        [0xE5, 0x9B, 0x9B, ..] => Some(4),
        [0xE4, 0xBA, 0x94, ..] => Some(5),
        [0xE5, 0x85, 0xAD, ..] => Some(6),
        [0xE4, 0xB8, 0x83, ..] => Some(7),
        [0xE5, 0x85, 0xAB, ..] => Some(8),
        _ => None,
    }
}

/// A section's numbering at the start of `t`: its value and its length in bytes, with the white
/// space after it. `一、` … `八．` (a separator [`numbering`] takes once folded), also with white
/// space before or after the separator or in its place (`一 、`, `一　总体情况`); `第一部分` /
/// `第一章`, with or without a separator (`、`, `：`, `.` …).
#[inline]
fn top_numbering(t: &str) -> Option<(u8, usize)> {
    let b = t.as_bytes();
    let (n, at, part) = match top_numeral(b) {
        // Most headings: `一、` (no white space before the separator).
        Some(n) if b.get(3..6) == Some("、".as_bytes()) => return Some((n, skip_spaces(t, 6))),
        Some(n) => (n, 3, false),
        None => {
            let rest = b.strip_prefix("第".as_bytes())?;
            let n = top_numeral(rest)?;
            let unit = if rest[3..].starts_with("部分".as_bytes()) {
                6
            } else if rest[3..].starts_with("章".as_bytes()) {
                3
            } else {
                return None;
            };
            (n, 6 + unit, true)
        }
    };
    let spaced = skip_spaces(t, at);
    let sep = match t[spaced..].chars().next() {
        Some(c @ ('、' | '.' | '．' | ',' | '，')) => spaced + c.len_utf8(),
        Some(c @ ('：' | ':')) if part => spaced + c.len_utf8(),
        // White space in place of the separator; `第一部分总体情况`.
        _ if part || spaced > at => spaced,
        _ => return None,
    };
    Some((n, skip_spaces(t, sep)))
}

/// Whether some heading's phrase ([`SECTION_PHRASES`]) starts with `c`.
#[inline]
fn is_phrase_start(c: char) -> bool {
    matches!(
        c,
        '总' | '工' | '基' | '概' | '主' | '收' | '依' | '政' | '行' | '存' | '其'
    )
}

/// The number of characters of a UTF-8 text, at compile time.
const fn char_count(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The most characters of any of `phrases`.
const fn max_chars(phrases: &[&str]) -> usize {
    let (mut i, mut max) = (0, 0);
    while i < phrases.len() {
        let n = char_count(phrases[i]);
        if n > max {
            max = n;
        }
        i += 1;
    }
    max
}

/// A heading's phrase ([`SECTION_PHRASES`]) as [`section_named`] compares it.
#[derive(Clone, Copy)]
struct Phrase {
    kind: SectionKind,
    /// Whether it is its section's first phrase (the template's own words).
    first: bool,
    text: &'static str,
    /// Its first three bytes, those of its first character (a CJK ideograph), as a number.
    head: u32,
    /// Its length in characters.
    chars: usize,
}

/// The first three bytes of `b` as a number (0 for fewer bytes), at compile time too.
const fn head_of(b: &[u8]) -> u32 {
    match b {
        [b0, b1, b2, ..] => *b0 as u32 | (*b1 as u32) << 8 | (*b2 as u32) << 16,
        _ => 0,
    }
}

/// How many phrases [`SECTION_PHRASES`] has in all.
const PHRASE_COUNT: usize = {
    let (mut k, mut n) = (0, 0);
    while k < 6 {
        n += SECTION_PHRASES[k].len();
        k += 1;
    }
    n
};

/// Every section's phrases, section by section in order, each in its order.
const PHRASES: [Phrase; PHRASE_COUNT] = {
    let none = Phrase {
        kind: SectionKind::General,
        first: false,
        text: "",
        head: 0,
        chars: 0,
    };
    let mut out = [none; PHRASE_COUNT];
    let (mut k, mut n) = (0, 0);
    while k < 6 {
        let mut i = 0;
        while i < SECTION_PHRASES[k].len() {
            let text = SECTION_PHRASES[k][i];
            out[n] = Phrase {
                kind: SectionKind::ALL[k],
                first: i == 0,
                text,
                head: head_of(text.as_bytes()),
                chars: char_count(text),
            };
            n += 1;
            i += 1;
        }
        k += 1;
    }
    out
};

/// How many more characters than its phrase a heading's core may have.
const HEADING_SLACK: usize = 8;

/// The longest core a heading's text may have: its longest phrase and the slack.
const MAX_HEADING_CORE: usize = {
    let (mut k, mut max) = (0, 0);
    while k < 6 {
        let n = max_chars(SECTION_PHRASES[k]);
        if n > max {
            max = n;
        }
        k += 1;
    }
    max + HEADING_SLACK
};

/// The longest item of [`FURNITURE`], in characters.
const MAX_FURNITURE: usize = max_chars(FURNITURE);

/// A short text kept on the stack: at most `N` bytes.
struct StackStr<const N: usize> {
    bytes: [u8; N],
    len: usize,
    chars: usize,
}

impl<const N: usize> StackStr<N> {
    fn new() -> Self {
        StackStr {
            bytes: [0; N],
            len: 0,
            chars: 0,
        }
    }

    /// Appends `c`; false, leaving the text as it was, when it does not fit.
    #[inline]
    fn push(&mut self, c: char) -> bool {
        let n = c.len_utf8();
        match self.bytes.get_mut(self.len..self.len + n) {
            Some(dst) => {
                c.encode_utf8(dst);
                self.len += n;
                self.chars += 1;
                true
            }
            None => false,
        }
    }

    /// Appends `piece`, of `chars` characters; false, leaving the text as it was, when it does
    /// not fit.
    #[inline]
    fn push_str(&mut self, piece: &str, chars: usize) -> bool {
        match self.bytes.get_mut(self.len..self.len + piece.len()) {
            Some(dst) => {
                dst.copy_from_slice(piece.as_bytes());
                self.len += piece.len();
                self.chars += chars;
                true
            }
            None => false,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The text (always whole UTF-8: only characters are pushed).
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Feeds the compatibility-folded characters of `s` (as [`fold`] has them) that `keep` accepts
/// to `push`, as long as it returns true; returns whether every such character was taken.
#[inline]
fn fold_filter(s: &str, keep: impl Fn(char) -> bool, mut push: impl FnMut(char) -> bool) -> bool {
    let mut ok = true;
    for c in s.chars() {
        fold_char(c, &mut |d| {
            if ok && keep(d) {
                ok = push(d);
            }
        });
        if !ok {
            return false;
        }
    }
    true
}

/// Whether a CJK ideograph (U+4E00 to U+9FFF: E4 B8 80 to E9 BF BF) starts at byte `i` of
/// `b`, a string's bytes.
#[inline(always)]
fn cjk_at(b: &[u8], i: usize) -> bool {
    let lead = b.get(i).copied().unwrap_or(0);
    matches!(lead, 0xE5..=0xE9) || (lead == 0xE4 && b.get(i + 1) >= Some(&0xB8))
}

/// Feeds the core of `s` (as [`crate::text::core`] has it: the letters and digits of the folded
/// text) to `push`, in pieces with their counts of characters, as long as it returns true;
/// returns whether every piece was taken.
///
/// Runs of CJK ideographs and ASCII letters and digits, their own folded forms and all letters,
/// are handed out as they stand in `s` (told by their bytes, not decoded); any other character
/// is decoded and folded, and its core handed out a character at a time.
#[inline]
fn core_pieces(s: &str, mut push: impl FnMut(&str, usize) -> bool) -> bool {
    let b = s.as_bytes();
    // The run being read: where it starts and how many characters it has so far.
    let (mut run, mut chars) = (0, 0);
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        let cjk = cjk_at(b, i);
        if lead.is_ascii_alphanumeric() || cjk {
            i += if cjk { 3 } else { 1 };
            chars += 1;
            continue;
        }
        if chars > 0 && !push(&s[run..i], chars) {
            return false;
        }
        let Some(c) = s[i..].chars().next() else {
            return true;
        };
        i += c.len_utf8();
        (run, chars) = (i, 0);
        if c.is_ascii() {
            continue;
        }
        let mut ok = true;
        fold_char(c, &mut |d| {
            if ok && is_core_char(d) {
                ok = push(d.encode_utf8(&mut [0; 4]), 1);
            }
        });
        if !ok {
            return false;
        }
    }
    chars == 0 || push(&s[run..], chars)
}

/// The number of characters of `b` when it is one run of what [`core_pieces`] hands out as it
/// stands (CJK ideographs, ASCII letters and digits), its own core then; none otherwise.
#[inline]
fn run_chars(b: &[u8]) -> Option<usize> {
    let (mut i, mut chars) = (0, 0);
    while let Some(&lead) = b.get(i) {
        // As `core_pieces` tells a run's bytes.
        if lead.is_ascii_alphanumeric() {
            i += 1;
        } else if cjk_at(b, i) {
            i += 3;
        } else {
            return None;
        }
        chars += 1;
    }
    Some(chars)
}

/// Appends the core of `s` to `out`, when it has at most `max` characters and fits; false
/// otherwise.
fn core_into<const N: usize>(s: &str, out: &mut StackStr<N>, max: usize) -> bool {
    core_pieces(s, |piece, chars| {
        out.chars + chars <= max && out.push_str(piece, chars)
    })
}

/// Replaces `out` with the core of `s` (as [`crate::text::core`] has it), reusing its buffer.
pub(crate) fn core_in(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    core_pieces(s, |piece, _| {
        out.push_str(piece);
        true
    });
}

/// The least score of a heading under its section's own numeral (a phrase, 2, and the
/// numeral, 4): a heading under another numeral scores at most 5.
const OWN_NUMERAL: u32 = 6;

/// The section a heading's text names, with a score; `exact`: the text must be a phrase.
///
/// The text is folded and stripped of white space on the stack (on the heap only when that
/// copy is long), and its core after the numbering is compared with the phrases byte for byte
/// ([`section_named`]). [`heading`] reads a line's numbering once and calls [`section_named`]
/// itself: this whole form is the one the tests compare with the straightforward one.
#[cfg(test)]
fn heading_text(t: &str, exact: bool) -> Option<(SectionKind, u32)> {
    use crate::template::Numbering;
    use crate::text::{fold, numbering};
    match top_numbering(t) {
        // `一、…`: the core of the rest is the core of the text after the separator (folding
        // what is folded already changes nothing, and white space is no part of a core).
        Some((n, len)) => section_named(n, &t[len..], exact),
        None => {
            let mut stack = StackStr::<256>::new();
            let heap: String;
            let compact: &str = if fold_filter(t, |d| !d.is_whitespace(), |d| stack.push(d)) {
                stack.as_str()
            } else {
                heap = fold(t).chars().filter(|c| !c.is_whitespace()).collect();
                &heap
            };
            let (num, rest) = numbering(compact);
            let Numbering::Top(n) = num else { return None };
            section_named(n, rest, exact)
        }
    }
}

/// The section the text after a heading's numbering names (the numbering's value `n`), with a
/// score; `exact`: the text must be a phrase. The text's core, on the stack, is compared with
/// the phrases byte for byte, after their first characters as numbers.
fn section_named(n: u8, rest: &str, exact: bool) -> Option<(SectionKind, u32)> {
    // A core longer than every phrase and its slack matches none. A text that is one run of
    // ideographs, ASCII letters and digits (most headings) is its own core: it is compared as
    // it stands, not copied.
    let mut core: StackStr<{ 4 * MAX_HEADING_CORE }>;
    let (c, chars) = match run_chars(rest.as_bytes()) {
        Some(chars) if chars <= MAX_HEADING_CORE => (rest.as_bytes(), chars),
        Some(_) => return None,
        None => {
            core = StackStr::new();
            if !core_into(rest, &mut core, MAX_HEADING_CORE) {
                return None;
            }
            (core.as_bytes(), core.chars)
        }
    };
    // Every phrase is longer than one character: a core that does not start as one does
    // neither is one nor starts with one.
    let head = head_of(c.get(..3)?);
    let mut best: Option<(SectionKind, u32)> = None;
    for p in PHRASES.iter().filter(|p| p.head == head) {
        let same = c == p.text.as_bytes();
        let hit = same
            || (!exact && c.starts_with(p.text.as_bytes()) && chars <= p.chars + HEADING_SLACK);
        if !hit {
            continue;
        }
        let mut score = if p.first { 4 } else { 2 };
        if same && !exact {
            score += 1;
        }
        if n == p.kind.number() {
            score += 4;
        } else if !same {
            continue;
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((p.kind, score));
        }
    }
    best
}

/// At most this many lines stand under a heading of a table of contents (its page number, its
/// sub-entries) before the next.
const LISTED_LINES: usize = 8;

/// Whether lines under a heading are only what a table of contents puts under an entry: at most
/// [`LISTED_LINES`] short lines (a page number, a sub-entry), none with a tab or a sentence.
fn thin(lines: Lines<'_, '_>) -> bool {
    let mut n = 0;
    lines.iter().all(|l| {
        let t = trim(l.text).1;
        n += usize::from(!t.is_empty());
        n <= LISTED_LINES && t.len() <= 120 && !t.as_bytes().contains(&b'\t') && !t.contains('。')
    })
}

/// The lines of `lines` that read as section headings, in order: the candidates
/// [`headings`] chooses from.
pub(crate) fn candidates(lines: Lines<'_, '_>) -> Vec<Heading> {
    // Room for the usual candidates: six headings, a table's numbered rows.
    let mut cands = Vec::with_capacity(16);
    let text = lines.text.as_bytes();
    for (i, l) in lines.lines.iter().enumerate() {
        // Most lines stop here, read in the text where they start, before their text is taken
        // (and its boundaries checked); a line that opens with a numeral is not tested again.
        let found = match may_open_heading_at(text, l.start as usize) {
            Opening::No => continue,
            Opening::Numeral(at) => lines.get(i).and_then(|l| heading_at_numeral(l.text, at)),
            Opening::Maybe => lines.get(i).and_then(|l| heading(l.text)),
        };
        if let Some(f) = found {
            cands.push(Heading {
                line: i,
                kind: f.kind,
                score: f.score,
                start: f.start,
                end: f.end,
                len: f.len,
            });
        }
    }
    cands
}

/// The section a line's heading names, when the line reads as a section heading.
pub(crate) fn line_heading(text: &str) -> Option<SectionKind> {
    heading(text).map(|f| f.kind)
}

/// Whether the lines under a heading hold more than a table of contents puts under an entry:
/// a section's text, not a list's.
pub(crate) fn has_text(lines: Lines<'_, '_>) -> bool {
    !thin(lines)
}

/// Picks the headings: the best-scoring chain of candidates in increasing section order, then
/// the sections that stand out of that order where they stand.
pub(crate) fn headings(lines: Lines<'_, '_>) -> Vec<Heading> {
    headings_among(lines, &candidates(lines))
}

/// [`headings`] chosen among the candidates of `lines` ([`candidates`], found already).
pub(crate) fn headings_among(lines: Lines<'_, '_>, cands: &[Heading]) -> Vec<Heading> {
    // A heading with next to nothing under it before the next candidate, of another section.
    let bare = |ci: usize| {
        let (Some(c), Some(n)) = (cands.get(ci), cands.get(ci + 1)) else {
            return false;
        };
        let rest = lines.get(c.line).and_then(|l| l.text.get(c.len..));
        n.kind != c.kind
            && rest.is_some_and(|r| trim(r).1.is_empty())
            && thin(lines.slice(c.line + 1..n.line))
    };
    // Two such headings or more before any other, two of whose sections are named again further
    // on, are a table of contents (目录): each counts one point, so that a chain of sections that
    // hold text wins over the list. (Other bare headings are short sections, `五、…` / `无`.)
    let run = (0..cands.len()).take_while(|&ci| bare(ci)).count();
    let later = cands.get(run..).unwrap_or_default();
    let again = cands[..run]
        .iter()
        .filter(|c| later.iter().any(|d| d.kind == c.kind))
        .count();
    let run = if run >= 2 && again >= 2 { run } else { 0 };
    let listed = |ci: usize| ci < run;
    // best[k]: best chain ending with section k so far: (score, index of its last candidate).
    let mut best: [Option<(u32, usize)>; 6] = [None; 6];
    // prev[ci]: the candidate before `ci` in its chain; on the stack for the usual few.
    let mut prev_stack = [None; 32];
    let mut prev_heap: Vec<Option<usize>>;
    let prev: &mut [Option<usize>] = match prev_stack.get_mut(..cands.len()) {
        Some(prev) => prev,
        None => {
            prev_heap = vec![None; cands.len()];
            &mut prev_heap
        }
    };
    for (ci, c) in cands.iter().enumerate() {
        let k = c.kind as usize;
        let before = best[..k].iter().flatten().max_by_key(|(s, _)| *s).copied();
        let total = before.map_or(0, |(s, _)| s) + if listed(ci) { 1 } else { c.score };
        if best[k].is_none_or(|(s, _)| total > s) {
            best[k] = Some((total, ci));
            prev[ci] = before.map(|(_, i)| i);
        }
    }
    let mut end = best
        .iter()
        .flatten()
        .max_by_key(|(s, _)| *s)
        .map(|(_, i)| *i);
    // One heading a section at most (the chain's sections increase; the others are added once
    // each): room for all six at once.
    let mut chain = Vec::with_capacity(SectionKind::ALL.len());
    while let Some(i) = end {
        chain.push(cands[i]);
        end = prev[i];
    }
    chain.reverse();
    // A section the chain leaves out because it stands out of order (四 after 五), named under
    // its own numeral and not in a list of headings: kept where it stands (R6 reports the
    // order), so that its text and table are read. Of several such lines the best, and of
    // equals the first (the others repeat it, as page headers do).
    for kind in SectionKind::ALL {
        if chain.iter().any(|h| h.kind == kind) {
            continue;
        }
        // The entries of a table of contents, and its last entry before the report's sections
        // (it has the report's first text under it).
        let first = chain.first().map_or(0, |h| h.line);
        let in_list = |ci: usize| {
            listed(ci) || (run > 0 && ci == run && cands.get(ci).is_some_and(|c| c.line < first))
        };
        let own = cands
            .iter()
            .enumerate()
            .filter(|&(ci, c)| c.kind == kind && c.score >= OWN_NUMERAL && !in_list(ci))
            .map(|(_, c)| c);
        if let Some(c) = own.max_by_key(|c| (c.score, std::cmp::Reverse(c.line))) {
            let at = chain.partition_point(|h| h.line < c.line);
            chain.insert(at, *c);
        }
    }
    chain
}

/// `2021年2月18日`, `2021 年 2 月 18 日`, `二〇二一年二月十八日`, `2021-02-18`, `2021.2.18`,
/// `2021/2/18`, alone on a line.
pub(crate) fn date_line(text: &str) -> Option<Date> {
    let t = trim(text).1;
    // The form most signatures have, read at once; any other goes the general way.
    if let Some(d) = plain_date(t.as_bytes()) {
        return Some(d);
    }
    any_date(t)
}

/// [`date_line`] on a trimmed line, every form of date.
fn any_date(t: &str) -> Option<Date> {
    // Most lines stop here: a date is short, and has 年 or digits (ASCII or full-width) in it.
    if t.len() > 120 || !has_date_char(t.as_bytes()) {
        return None;
    }
    // At most 13 characters once folded and without white space (4 + 年 + 3 + 月 + 3 + 日).
    let mut compact = StackStr::<{ 4 * 13 }>::new();
    let mut n = 0;
    let short = fold_filter(
        t,
        |d| !d.is_whitespace(),
        |d| {
            n += 1;
            n <= 13 && compact.push(d)
        },
    );
    if !short {
        return None;
    }
    date_of(compact.as_str())
}

/// Whether `b` (UTF-8) holds an ASCII digit, 年 or a full-width digit (`０`…`９`): one pass
/// over the bytes, each character told by its first byte and, for the two others, the next
/// two (年 is E5 B9 B4; `０`…`９` are EF BC 90…99).
#[inline]
fn has_date_char(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &x)| match x {
        b'0'..=b'9' => true,
        0xE5 => b.get(i + 1..i + 3) == Some(&[0xB9, 0xB4][..]),
        0xEF => matches!(b.get(i + 1..i + 3), Some(&[0xBC, 0x90..=0x99])),
        _ => false,
    })
}

/// `2021年2月18日` as it stands, the whole of `b`: four ASCII digits, 年, one or two digits, 月,
/// one or two digits, 日, with a month and a day in range; the date, as [`any_date`] reads it.
/// None for anything else (which [`any_date`] may still read as a date).
#[inline]
fn plain_date(b: &[u8]) -> Option<Date> {
    /// The value of the one or two ASCII digits `b` starts with, and the rest.
    fn small(b: &[u8]) -> Option<(u8, &[u8])> {
        match b {
            [x @ b'0'..=b'9', y @ b'0'..=b'9', rest @ ..] => {
                Some(((x - b'0') * 10 + (y - b'0'), rest))
            }
            [x @ b'0'..=b'9', rest @ ..] => Some((x - b'0', rest)),
            _ => None,
        }
    }
    let (year, rest) = b.split_first_chunk::<4>()?;
    if !year.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = year.iter().fold(0u16, |v, &d| v * 10 + u16::from(d - b'0'));
    let (month, rest) = small(rest.strip_prefix("年".as_bytes())?)?;
    let (day, rest) = small(rest.strip_prefix("月".as_bytes())?)?;
    (rest == "日".as_bytes() && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}

/// A date written without white space (`2021年2月18日`, `二〇二一年二月十八日`, `2021-02-18`,
/// `2021.2.18`, `2021/2/18`), the whole text.
pub(crate) fn date_of(compact: &str) -> Option<Date> {
    if let Some(d) = numeric_date(compact) {
        return Some(d);
    }
    // Four characters for the year, one to three for the month and for the day, each followed
    // by its unit; then nothing but spaces and tabs.
    let year_char = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '零' | '○'
            )
    };
    let small_char = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            )
    };
    let (y, rest) = take_chars(compact, 4, 4, year_char)?;
    let (m, rest) = take_chars(rest.strip_prefix('年')?, 1, 3, small_char)?;
    let (d, rest) = take_chars(rest.strip_prefix('月')?, 1, 3, small_char)?;
    let rest = rest.strip_prefix('日')?;
    if !rest.trim_start_matches([' ', '\t']).is_empty() {
        return None;
    }
    let num = |s: &str| -> Option<u16> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else if s.chars().count() == 4 {
            s.chars().try_fold(0u16, |acc, c| {
                let d = "〇一二三四五六七八九"
                    .chars()
                    .position(|x| x == c)
                    .or(matches!(c, '零' | '○').then_some(0))?;
                Some(acc * 10 + d as u16)
            })
        } else {
            chinese_numeral(s).map(u16::from)
        }
    };
    let (year, month, day) = (num(y)?, num(m)?, num(d)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// The longest start of `s` of at most `max` characters that `ok` accepts, when it has `min`
/// of them at least, and the rest of `s`.
fn take_chars(s: &str, min: usize, max: usize, ok: impl Fn(char) -> bool) -> Option<(&str, &str)> {
    let (mut end, mut n) = (0, 0);
    for c in s.chars() {
        if n == max || !ok(c) {
            break;
        }
        end += c.len_utf8();
        n += 1;
    }
    (n >= min).then(|| s.split_at(end))
}

/// `2021-02-18`, `2021.2.18`, `2021/2/18`: four digits for the year (1990 to 2100), one or two
/// for the month and the day, the same separator twice; the whole text.
fn numeric_date(compact: &str) -> Option<Date> {
    let sep = *compact.as_bytes().get(4)?;
    if !matches!(sep, b'-' | b'.' | b'/') {
        return None;
    }
    let mut parts = compact.split(sep as char);
    let mut part = |min: usize, max: usize| -> Option<u16> {
        let p = parts.next()?;
        ((min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (year, month, day) = (part(4, 4)?, part(1, 2)?, part(1, 2)?);
    (parts.next().is_none()
        && (1990..=2100).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day))
    .then_some(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// A year written as four digits followed by 年 (`2020年`, `2020 年`, `２０２０年度`): its value and
/// the byte range of the digits within `text`.
pub(crate) fn find_year(text: &str) -> Option<(u16, usize, usize)> {
    let digit = |c: char| {
        c.to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
    };
    // Each 年 after white space after exactly four digits (not more: the one before them must
    // not be a digit), the first one naming a year in range.
    for (at, _) in text.match_indices('年') {
        let digits = text[..at].trim_end_matches(crate::text::is_space);
        let mut cs = digits.char_indices().rev();
        let mut y = 0;
        let mut start = digits.len();
        let mut scale = 1;
        for _ in 0..4 {
            match cs.next().and_then(|(i, c)| Some((i, digit(c)?))) {
                Some((i, d)) => {
                    y += d * scale;
                    scale *= 10;
                    start = i;
                }
                None => break,
            }
        }
        if scale != 10_000 || cs.next().is_some_and(|(_, c)| digit(c).is_some()) {
            continue;
        }
        if (1990..=2100).contains(&y) {
            return Some((y as u16, start, digits.len()));
        }
    }
    None
}

/// Whether a line may be taken for a section heading (`四、政府信息公开行政复议、行政诉讼情况`,
/// also with its narrative after a colon).
pub(crate) fn is_heading_like(text: &str) -> bool {
    heading(text).is_some()
}

/// Whether a line is page furniture (share buttons, menus).
pub(crate) fn is_furniture(text: &str) -> bool {
    // A text that ends with an ideograph has it last in its core too (an ideograph is a core
    // character, its own folded form): most lines end with one no item ends with.
    if let Some(last) = text.chars().next_back().filter(|&c| is_cjk(c)) {
        if !FURNITURE_LAST.contains(&last) {
            return false;
        }
    }
    // The core, when it is no longer than the longest item.
    let mut c = StackStr::<{ 4 * MAX_FURNITURE }>::new();
    core_into(text, &mut c, MAX_FURNITURE)
        && c.len > 0
        && FURNITURE.iter().any(|f| f.as_bytes() == c.as_bytes())
}

/// The last character of each item of [`FURNITURE`].
const FURNITURE_LAST: [char; FURNITURE.len()] = {
    let mut out = ['\0'; FURNITURE.len()];
    let mut i = 0;
    while i < FURNITURE.len() {
        out[i] = last_char(FURNITURE[i]);
        i += 1;
    }
    out
};

/// Words that only a web page's footer carries (`版权所有：…`, `豫ICP备…`, `技术支持：…`).
const FOOTER_WORDS: WordSet<13> = WordSet::new([
    "版权所有",
    "ICP备",
    "ICP证",
    "公网安备",
    "网站标识码",
    "主办单位",
    "承办单位",
    "技术支持",
    "分辨率",
    "网站地图",
    "Copyright",
    "copyright",
    "©",
]);

/// A line trimmed, when it may be a web page's own (a footer's, a menu's): no sentence, and not
/// long.
fn page_line(text: &str) -> Option<&str> {
    let t = trim(text).1;
    (t.len() <= 600 && !t.contains('。')).then_some(t)
}

/// Whether a line is a web page's footer, toolbar or navigation: [`page_footer_in`] or
/// [`is_navigation`], the line told a page's own ([`page_line`]) once for both.
pub(crate) fn is_page_footer_or_navigation(text: &str) -> bool {
    page_line(text).is_some_and(|t| page_footer_in(t) || navigation_in(t))
}

/// Whether a line past [`page_line`] (trimmed, no sentence, not long) is a web page's footer or
/// toolbar: the site's owner, registration and contact (`版权所有：某区人民政府办公室`,
/// `豫ICP备12003456号`, `联系电话：… 地址：… 邮编：…`), share links (`分享到：微信 微博`), or several
/// items of furniture on one line (`【打印本页】 【关闭窗口】`).
fn page_footer_in(t: &str) -> bool {
    FOOTER_WORDS.any_in(t)
        || (t.contains("电话") && (t.contains("地址") || t.contains("邮编")))
        || t.starts_with("分享到")
        || furniture_items(t)
}

/// Whether a short line is several items of furniture (`【打印本页】 【关闭窗口】`).
fn furniture_items(t: &str) -> bool {
    if t.len() > 4 * MAX_FURNITURE * 3 {
        return false;
    }
    let items = || {
        t.split(|c: char| {
            crate::text::is_space(c) || matches!(c, '【' | '】' | '[' | ']' | '|' | '｜')
        })
        .filter(|p| !p.is_empty())
    };
    items().nth(1).is_some() && items().all(is_furniture)
}

/// Whether a short line could be an agency name: CJK letters, no sentence punctuation, no value
/// cell after a tab (a table row), not a heading, a date, a site's navigation or a page's
/// furniture.
pub(crate) fn is_name_like(text: &str) -> bool {
    let (_, t) = trim(text);
    // One pass over the characters tells the cheap conditions: the count (at most 40), no
    // sentence punctuation and no brackets, an ideograph; and whether a tab stands in the line.
    let (mut n, mut cjk, mut tab) = (0, false, false);
    for c in t.chars() {
        n += 1;
        if n > 40 || matches!(c, '。' | '，' | ',' | '：' | ':' | '；' | ';' | '【' | '】') {
            return false;
        }
        cjk |= is_cjk(c);
        tab |= c == '\t';
    }
    // A line with a value cell (a number, a dash) after a tab is a table row.
    let row = || {
        t.split('\t').skip(1).any(|cell| {
            let cell = trim(cell).1;
            !cell.is_empty() && crate::text::cell_text_trimmed(cell) != crate::text::CellText::Text
        })
    };
    // A line with no `。` and of at most 40 characters is a page's line to `is_navigation`, and
    // one with nothing of a date is no date to `date_line`.
    n >= 2
        && cjk
        && t != "无"
        && !t.starts_with("来源")
        && !(tab && row())
        && heading(t).is_none()
        && !is_furniture(t)
        && !navigation_in(t)
        && !PAGE_WORDS.any_in(t)
        && !(has_date_char(t.as_bytes()) && date_line(t).is_some())
}

/// Words of a web page's furniture around a report (its date and source, counters, the font
/// size buttons), which no agency's name holds.
const PAGE_WORDS: WordSet<18> = WordSet::new([
    "发布时间",
    "发布日期",
    "发文日期",
    "成文日期",
    "信息来源",
    "浏览次数",
    "浏览量",
    "阅读次数",
    "阅读量",
    "点击数",
    "点击量",
    "点击率",
    "访问量",
    "字体",
    "字号",
    "打印本页",
    "关闭窗口",
    "分享到",
]);

/// Whether a line is a site's navigation: a menu or a breadcrumb (`首页 | 政务公开 | 互动交流`,
/// `当前位置：首页 > 政务公开 > 政府信息公开年报`), no title and no name. One separator alone
/// is not enough: a page's title as a browser shows it (`某局2020年…报告 | 某市人民政府`) stays a
/// title.
///
/// Past [`page_line`] (a byte search for `。` rules out most long lines), one pass over the
/// line's characters looks for the separators, the brackets, the slashes and the words' first
/// characters at once.
pub(crate) fn is_navigation(text: &str) -> bool {
    page_line(text).is_some_and(navigation_in)
}

/// [`is_navigation`] on a line past [`page_line`] (trimmed, no sentence, not long).
fn navigation_in(t: &str) -> bool {
    let (mut seps, mut close, mut open, mut slash, mut words) = (0, false, false, false, false);
    for (i, c) in t.char_indices() {
        match c {
            '>' | '＞' | '›' | '»' | '→' | '|' | '｜' | '¦' => seps += 1,
            '》' => close = true,
            '《' => open = true,
            '/' | '／' => slash = true,
            // The first characters of `NAVIGATION_WORDS` (a test checks them).
            '首' | '主' | '当' | '您' | '现' | '所' => {
                words = words || NAVIGATION_WORDS.at(t, i)
            }
            _ => {}
        }
    }
    seps >= 2 || (close && !open) || words || (slash && is_page_path(t))
}

/// Whether `t` holds a slash, `/` or `／` (a byte search each).
fn has_slash(t: &str) -> bool {
    t.as_bytes().contains(&b'/') || t.contains('／')
}

/// A path of pages (`政务公开/年度报告/商务局`): three parts or more between `/`, each short,
/// at most one with a digit (not a date, `2021/2/18`, nor a line that ends in one).
fn is_page_path(t: &str) -> bool {
    let parts = || t.split(['/', '／']).map(|p| trim(p).1);
    has_slash(t)
        && parts().nth(2).is_some()
        && parts().all(|p| !p.is_empty() && p.chars().count() <= 12)
        && parts()
            .filter(|p| {
                p.chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            })
            .count()
            <= 1
}

/// A looser [`is_page_path`] for a title: two slashes or more in a line with CJK in it, not
/// before a date's last part (`政务公开/政府信息公开年报/某局2020年…报告`: a path of pages,
/// however long its last part, is no title).
pub(crate) fn is_slashed_path(text: &str) -> bool {
    let t = trim(text).1;
    has_slash(t)
        && t.matches(['/', '／']).nth(1).is_some()
        && t.chars().any(is_cjk)
        && !t
            .rsplit(['/', '／'])
            .next()
            .is_some_and(|last| last.trim().chars().all(|c| c.is_ascii_digit()))
}

/// Words of a site's navigation.
const NAVIGATION_WORDS: WordSet<6> = WordSet::new([
    "首页",
    "主页",
    "当前位置",
    "您的位置",
    "现在的位置",
    "所在位置",
]);

/// Words looked for in a line, with their first characters: a line is walked once, and a word
/// is tried only where its first character stands (cheaper than a substring search set up per
/// word, on the short lines these sets are tried on).
struct WordSet<const N: usize> {
    words: [&'static str; N],
    firsts: [char; N],
}

impl<const N: usize> WordSet<N> {
    const fn new(words: [&'static str; N]) -> Self {
        let mut firsts = ['\0'; N];
        let mut i = 0;
        while i < N {
            firsts[i] = first_char(words[i]);
            i += 1;
        }
        WordSet { words, firsts }
    }

    /// Whether one of the words starts at byte `i` of `t`.
    fn at(&self, t: &str, i: usize) -> bool {
        let rest = t.as_bytes().get(i..).unwrap_or_default();
        self.words.iter().any(|w| rest.starts_with(w.as_bytes()))
    }

    /// Whether `t` holds any of the words.
    fn any_in(&self, t: &str) -> bool {
        t.char_indices().any(|(i, c)| {
            self.firsts.contains(&c)
                && self
                    .words
                    .iter()
                    .any(|w| t.as_bytes()[i..].starts_with(w.as_bytes()))
        })
    }
}

/// The first character of a word (`'\0'` for an empty one), at compile time.
const fn first_char(w: &str) -> char {
    first_char_of(w.as_bytes())
}

/// The last character of a word (`'\0'` for an empty one), at compile time.
const fn last_char(w: &str) -> char {
    let b = w.as_bytes();
    // Back over the continuation bytes to the last character's first byte.
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if b[i] & 0xC0 != 0x80 {
            break;
        }
    }
    first_char_of(b.split_at(i).1)
}

/// The first character of a word's UTF-8 bytes (`'\0'` for none), at compile time.
const fn first_char_of(b: &[u8]) -> char {
    if b.is_empty() {
        return '\0';
    }
    let c = match b[0] {
        0x00..=0x7F => b[0] as u32,
        0xC0..=0xDF => ((b[0] as u32 & 0x1F) << 6) | (b[1] as u32 & 0x3F),
        0xE0..=0xEF => {
            ((b[0] as u32 & 0x0F) << 12) | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F)
        }
        _ => {
            ((b[0] as u32 & 0x07) << 18)
                | ((b[1] as u32 & 0x3F) << 12)
                | ((b[2] as u32 & 0x3F) << 6)
                | (b[3] as u32 & 0x3F)
        }
    };
    match char::from_u32(c) {
        Some(c) => c,
        None => '\0',
    }
}

/// Endings of an agency's name (`局`, `委员会`, `人民政府`, `中心` …).
const AGENCY_ENDS: &[char] = &[
    '局', '委', '办', '厅', '府', '院', '会', '所', '心', '处', '署', '室', '站', '队', '馆', '司',
    '社',
];

/// Whether a line alone, with no date under it, may sign a report: like a name (see
/// [`is_name_like`]), three characters or more with no white space inside, ending as an
/// agency's name does (`天津市宁河区商务局`). `特此报告。`, `无`, `无其他需要报告的事项` are none.
pub(crate) fn is_agency_line(text: &str) -> bool {
    let t = trim(text).1;
    may_be_agency_line(t)
        && (!t.ends_with('心') || t.ends_with("中心"))
        && (!t.ends_with('府') || t.ends_with("政府"))
        && (!t.ends_with('司') || t.ends_with("公司"))
        && !t.contains('的')
        && !t.starts_with(|c: char| "以为在对把将向从按被由与和及并但而或".contains(c))
        && !SENTENCE_STARTS.iter().any(|w| t.starts_with(w))
        && is_name_like(t)
}

/// The cheap part of [`is_agency_line`] (`t` trimmed): three characters or more, no white
/// space, letters and parentheses only, ending as an agency's name does.
pub(crate) fn may_be_agency_line(t: &str) -> bool {
    // The ending first: most lines stop there. No white space is a letter or a parenthesis:
    // one pass over the characters tells both.
    t.chars()
        .next_back()
        .is_some_and(|c| AGENCY_ENDS.contains(&c))
        && t.chars().nth(2).is_some()
        && t.chars()
            .all(|c| is_cjk(c) || c.is_ascii_alphanumeric() || matches!(c, '（' | '）' | '(' | ')'))
}

/// Verbs a line of narrative starts with (`召开座谈会`, `坚持以人民为中心`), no agency's name.
const SENTENCE_STARTS: &[&str] = &[
    "召开",
    "开展",
    "加强",
    "推进",
    "坚持",
    "做好",
    "完善",
    "建立",
    "健全",
    "落实",
    "组织召开",
    "深化",
    "提高",
    "强化",
    "积极",
    "认真",
    "进一步",
];

/// The year of the statistics period (`数据统计时限自2020年1月1日`), as a fallback for the title's.
pub(crate) fn statistics_year(text: &str) -> Option<(u16, usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("年1月1日") {
        let at = from + i;
        let window = &text[floor_boundary(text, at.saturating_sub(120))..at];
        if window.contains("统计") {
            let base = floor_boundary(text, at.saturating_sub(8));
            if let Some((y, s, e)) = find_year(&text[base..at + "年".len()]) {
                return Some((y, base + s, base + e));
            }
        }
        from = at + "年".len();
    }
    None
}

/// The nearest char boundary at or before `i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Skips an optional `关于` at the end of an agency name taken from a title.
pub(crate) fn strip_agency(name: &str) -> &str {
    let (_, t) = trim(name);
    let t = t.strip_suffix("关于").unwrap_or(t);
    trim(t).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::core;

    /// The straightforward forms of the functions above, which those must agree with.
    mod reference {
        use super::super::*;
        use crate::template::Numbering;
        use crate::text::{core, fold, numbering};

        /// A numeral and its separator at the start of `t`: its value and the text after it.
        fn lead(t: &str) -> Option<(u8, &str)> {
            let value = |c: char| {
                "一二三四五六七八"
                    .chars()
                    .position(|x| x == c)
                    .map(|p| p as u8 + 1)
            };
            let mut cs = t.chars();
            let first = cs.next()?;
            let (n, rest, part) = if first == '第' {
                let n = value(cs.next()?)?;
                let r = cs.as_str();
                let r = r.strip_prefix("部分").or_else(|| r.strip_prefix('章'))?;
                (n, r, true)
            } else {
                (value(first)?, cs.as_str(), false)
            };
            let spaced = rest.trim_start_matches(crate::text::is_space);
            if let Some(r) = spaced.strip_prefix(['、', '.', '．', ',', '，']) {
                return Some((n, r));
            }
            if part {
                if let Some(r) = spaced.strip_prefix(['：', ':']) {
                    return Some((n, r));
                }
            }
            (part || spaced.len() < rest.len()).then_some((n, spaced))
        }

        /// The marks before a heading and the text after them (and its white space).
        fn unmark(t: &str) -> Option<(usize, &str)> {
            let hashes = t.len() - t.trim_start_matches('#').len();
            if hashes > 6 {
                return None;
            }
            let mut r = &t[hashes..];
            if hashes > 0 {
                r = r.trim_start_matches(crate::text::is_space);
            }
            r = r
                .strip_prefix("**")
                .or_else(|| r.strip_prefix("__"))
                .unwrap_or(r);
            (r.len() < t.len()).then_some((t.len() - r.len(), r))
        }

        pub fn heading(text: &str) -> Option<Found> {
            let first = text.bytes().find(|b| !matches!(b, b' ' | b'\t'));
            if !matches!(
                first,
                Some(0xE4 | 0xE5 | 0xE7 | 0xE3 | 0xC2 | 0xEF | 0xE2 | b'#' | b'*' | b'_')
            ) {
                return None;
            }
            let (mut off, mut t) = trim(text);
            let marked = unmark(t);
            if let Some((m, r)) = marked {
                let (o, r) = trim(r);
                off += m + o;
                t = r;
            }
            let (_, after) = lead(t)?;
            let next = after.chars().find(|c| !crate::text::is_space(*c))?;
            if !SECTION_PHRASES
                .iter()
                .flat_map(|p| p.iter())
                .any(|p| p.starts_with(next))
            {
                return None;
            }
            let whole = if marked.is_some() {
                let w = t.trim_end_matches(crate::text::is_space);
                let w = match w.trim_end_matches('#') {
                    bare if bare.len() < w.len() && bare.ends_with(crate::text::is_space) => {
                        bare.trim_end_matches(crate::text::is_space)
                    }
                    _ => w,
                };
                w.strip_suffix("**")
                    .or_else(|| w.strip_suffix("__"))
                    .unwrap_or(w)
                    .trim_end_matches(crate::text::is_space)
            } else {
                t
            };
            if whole.len() <= 160 {
                if let Some((kind, score)) = heading_text(whole, false) {
                    return Some(Found {
                        kind,
                        score,
                        start: off,
                        end: off + whole.len(),
                        len: off + t.len(),
                    });
                }
            }
            let from = t.len() - after.len();
            let stop = from + after.find(['：', ':', '。'])?;
            let head = &t[..stop];
            if head.len() > 120 {
                return None;
            }
            let colon = t[stop..].chars().next().map_or(0, char::len_utf8);
            let (kind, score) = heading_text(head, true)?;
            let rest = &t[stop + colon..];
            let close = marked.is_some() && (rest.starts_with("**") || rest.starts_with("__"));
            Some(Found {
                kind,
                score,
                start: off,
                end: off + stop + colon,
                len: off + stop + colon + if close { 2 } else { 0 },
            })
        }

        pub fn heading_text(t: &str, exact: bool) -> Option<(SectionKind, u32)> {
            let (n, c) = match lead(t) {
                Some((n, rest)) => (n, core(rest)),
                None => {
                    let folded = fold(t);
                    let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
                    let (num, rest) = numbering(&compact);
                    let Numbering::Top(n) = num else { return None };
                    (n, core(rest))
                }
            };
            let mut best: Option<(SectionKind, u32)> = None;
            for kind in SectionKind::ALL {
                for (i, phrase) in SECTION_PHRASES[kind as usize].iter().enumerate() {
                    let hit = c == *phrase
                        || (!exact
                            && c.starts_with(phrase)
                            && c.chars().count() <= phrase.chars().count() + 8);
                    if !hit {
                        continue;
                    }
                    let mut score = if i == 0 { 4 } else { 2 };
                    if c == *phrase && !exact {
                        score += 1;
                    }
                    if n == kind.number() {
                        score += 4;
                    } else if c != *phrase {
                        continue;
                    }
                    if best.is_none_or(|(_, s)| score > s) {
                        best = Some((kind, score));
                    }
                }
            }
            best
        }

        pub fn date_line(text: &str) -> Option<Date> {
            let folded = fold(trim(text).1);
            let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            date_of(&compact)
        }

        /// `date_of` as a parser combinator reads it.
        pub fn date_of(compact: &str) -> Option<Date> {
            use nom::bytes::complete::{tag, take_while_m_n};
            use nom::character::complete::space0;
            use nom::combinator::eof;
            use nom::{IResult, Parser};
            if let Some(d) = super::super::numeric_date(compact) {
                return Some(d);
            }
            let parsed: IResult<&str, (&str, &str, &str)> = (
                take_while_m_n(4, 4, |c: char| {
                    c.is_ascii_digit() || "〇一二三四五六七八九零○".contains(c)
                }),
                tag("年"),
                take_while_m_n(1, 3, |c: char| {
                    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
                }),
                tag("月"),
                take_while_m_n(1, 3, |c: char| {
                    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
                }),
                tag("日"),
                space0,
                eof,
            )
                .map(|(y, _, m, _, d, _, _, _)| (y, m, d))
                .parse(compact);
            let (_, (y, m, d)) = parsed.ok()?;
            let num = |s: &str| -> Option<u16> {
                if s.bytes().all(|b| b.is_ascii_digit()) {
                    s.parse().ok()
                } else if s.chars().count() == 4 {
                    s.chars().try_fold(0u16, |acc, c| {
                        let d = "〇一二三四五六七八九"
                            .chars()
                            .position(|x| x == c)
                            .or(matches!(c, '零' | '○').then_some(0))?;
                        Some(acc * 10 + d as u16)
                    })
                } else {
                    chinese_numeral(s).map(u16::from)
                }
            };
            let (year, month, day) = (num(y)?, num(m)?, num(d)?);
            ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
                year,
                month: month as u8,
                day: day as u8,
            })
        }

        pub fn find_year(text: &str) -> Option<(u16, usize, usize)> {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let digit = |c: char| {
                c.to_digit(10)
                    .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
            };
            for w in 0..chars.len().saturating_sub(4) {
                let ds: Option<Vec<u32>> = chars[w..w + 4].iter().map(|(_, c)| digit(*c)).collect();
                let Some(ds) = ds else { continue };
                if w > 0 && digit(chars[w - 1].1).is_some() {
                    continue;
                }
                let mut j = w + 4;
                while j < chars.len() && crate::text::is_space(chars[j].1) {
                    j += 1;
                }
                if j < chars.len() && chars[j].1 == '年' {
                    let y = ds.iter().fold(0u32, |a, d| a * 10 + d);
                    if (1990..=2100).contains(&y) {
                        let end = chars.get(w + 4).map_or(text.len(), |(i, _)| *i);
                        return Some((y as u16, chars[w].0, end));
                    }
                }
            }
            None
        }

        pub fn is_navigation(text: &str) -> bool {
            let Some(t) = page_line(text) else {
                return false;
            };
            t.matches(['>', '＞', '›', '»', '→', '|', '｜', '¦'])
                .nth(1)
                .is_some()
                || (t.contains('》') && !t.contains('《'))
                || is_page_path(t)
                || NAVIGATION_WORDS.any_in(t)
        }

        pub fn is_furniture(text: &str) -> bool {
            let c = core(text);
            !c.is_empty() && FURNITURE.contains(&c.as_str())
        }

        /// Each condition on its own, in the order they are read.
        pub fn is_name_like(text: &str) -> bool {
            let (_, t) = trim(text);
            let n = t.chars().count();
            let row = || {
                t.split('\t').skip(1).any(|cell| {
                    let cell = trim(cell).1;
                    !cell.is_empty()
                        && crate::text::cell_text_trimmed(cell) != crate::text::CellText::Text
                })
            };
            (2..=40).contains(&n)
                && !t.contains(['。', '，', ',', '：', ':', '；', ';'])
                && t.chars().any(is_cjk)
                && !row()
                && heading(t).is_none()
                && !is_furniture(t)
                && t != "无"
                && !is_navigation(t)
                && !PAGE_WORDS.any_in(t)
                && date_line(t).is_none()
                && !t.starts_with("来源")
                && !t.contains(['【', '】'])
        }

        /// An ASCII digit, 年 or a full-width digit, told by the characters.
        pub fn has_date_char(t: &str) -> bool {
            t.bytes().any(|b| b.is_ascii_digit())
                || t.contains('年')
                || t.contains(|c: char| ('０'..='９').contains(&c))
        }
    }

    /// The lines of the fixtures, tricky lines, and variants of both (prefixes, suffixes, spaces
    /// and full-width forms around them).
    fn samples() -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for text in [
            include_str!("../tests/fixtures/000.txt"),
            include_str!("../tests/fixtures/001.txt"),
            include_str!("../tests/fixtures/002.txt"),
            include_str!("../tests/fixtures/003.txt"),
            include_str!("../tests/fixtures/004.txt"),
        ] {
            out.extend(
                lines(text)
                    .unwrap()
                    .view()
                    .iter()
                    .map(|l| l.text.to_string()),
            );
        }
        let numerals = [
            "一",
            "二",
            "三",
            "四",
            "五",
            "六",
            "七",
            "八",
            "九",
            "十",
            "二十",
            "十一",
            "一二三四",
            "1",
            "（一）",
            "(二)",
            "",
        ];
        let seps = [
            "、", ".", "．", ",", "，", " ", "\u{3000}", "\u{a0}", "\u{200b}", "", "：", "\t",
        ];
        let mut texts: Vec<String> = SECTION_PHRASES
            .iter()
            .flat_map(|p| p.iter())
            .map(|p| p.to_string())
            .collect();
        texts.extend(FURNITURE.iter().map(|f| f.to_string()));
        texts.extend(
            [
                "总 体 情 况",
                "主动公开政府信息情况（2020年）",
                "总体情况abcdefgh",
                "总体情况abcdefghi",
                "其他需要报告的事项一二三四五六七八",
                "其他需要报告的事项一二三四五六七八九",
                "总体情况：2020年，本机关",
                "总体情况。",
                "工作情况:",
                "概述",
                "概",
                "总",
                "收到和处理政府信息公开申请情况情况情况情况",
                "政府信息公开行政复议行政诉讼情况一二三四五六七八",
                "政府信息公开行政复议行政诉讼情况一二三四五六七八九",
                "总体情况①②③",
                "总体情况㈠",
                "总体⼯作情况",
                "ｔｏｔａｌ总体情况",
                "总体情况\u{fdfa}",
                "主动公开\u{fdfa}\u{fdfa}\u{fdfa}",
                "主动公开\u{3000}\u{3000}政府信息情况",
                "收 起",
                "收起。",
                "【收起】",
                "收起\u{200b}",
                "打印本页 关闭窗口",
                "2021年2月18日",
                "2021 年 2 月 18 日",
                "２０２１年２月１８日",
                "二〇二一年一月二十日",
                "二○二一年十二月三十一日",
                "二〇二一年十二月三十一日\t ",
                "二零二一年一二三月一日",
                "2021年十一月二十一日",
                "2021年1月1日日",
                "2〇21年1月1日",
                "2021年12月31日 ",
                "\u{3000}2021年1月1日\u{3000}",
                "2021年2月㏠",
                "2021年2月18日印发通知",
                "2021-02-18",
                "2021.2.18",
                "2021/2/18",
                "２０２１－０２－１８",
                "2021 - 2 - 18",
                "2021-13-18",
                "2021-2.18",
                "发布时间：2021-01-15",
                "12021年2月1日",
                "2021年2月181日",
                "20211年2月1日",
                "2021年零月1日",
                "2021年13月1日",
                "2021年1月32日",
                "202１年1月1日",
                "石家庄市2020 年政府",
                "2020年度",
                "12020年 2021年",
                "2020\u{3000}\u{a0}年",
                "1989年2020年",
                "2101年",
                "2100年",
                "１９９９ 年",
                "20205年",
                "年2020",
                "2020",
                "2020年",
                "a2020年",
                "（国办公开办函〔2019〕60号）",
                "2020\u{200b}年",
                "２０2０年",
                "2020 \t年度报告",
                "00002020年",
                "٢٠٢٠年",
            ]
            .map(String::from),
        );
        out.extend(texts.iter().cloned());
        out.push("二、".to_string() + &"主动公开".repeat(60));
        out.push("二、主动公开：".to_string() + &"主动公开".repeat(60));
        for style in [
            "{n} 、{t}",
            "{n} 、 {t}",
            "**{n}、{t}**",
            "__{n}、{t}__",
            "## {n}、{t}",
            "##{n}、{t}",
            "### **{n}、{t}** ###",
            "#######{n}、{t}",
            "**{n}、{t}：**正文",
            "*{n}、{t}*",
            "** {n}、{t}",
            "第{n}部分 {t}",
            "第{n}部分：{t}",
            "第{n}部分{t}：正文。",
            "第{n}章{t}",
            "第{n}章　、{t}",
            "第{n}节 {t}",
            "第{n}部分",
        ] {
            for (k, phrases) in SECTION_PHRASES.iter().enumerate() {
                let n = ["一", "二", "三", "四", "五", "六", "九"][(k + style.len()) % 7];
                for t in phrases.iter() {
                    out.push(style.replace("{n}", n).replace("{t}", t));
                }
            }
        }
        out.push("\u{1680}一、总体情况".into());
        out.push("\u{feff}一、总体情况".into());
        out.push("\u{b}一、总体情况".into());
        out.push(String::new());
        let mut more = Vec::new();
        for line in &out {
            let bounds: Vec<usize> = (0..=line.len())
                .filter(|&i| line.is_char_boundary(i))
                .collect();
            for &i in bounds.iter().take(16).chain(bounds.iter().rev().take(16)) {
                more.push(line[..i].to_string());
                more.push(line[i..].to_string());
            }
        }
        out.extend(more);
        for n in numerals {
            for sep in seps {
                for t in &texts {
                    out.push(format!("{n}{sep}{t}"));
                    out.push(format!("  {n}{sep}{t}"));
                    out.push(format!("\u{3000}{n}{sep} {t}："));
                }
            }
        }
        out
    }

    #[test]
    fn same_as_reference() {
        let samples = samples();
        assert!(samples.len() > 10_000);
        // Both answers occur among the samples.
        let count = |f: &dyn Fn(&str) -> bool| samples.iter().filter(|s| f(s)).count();
        assert!(count(&|s| heading(s).is_some()) > 1000);
        assert!(count(&|s| heading_text(s, true).is_some()) > 100);
        assert!(count(&|s| date_line(s).is_some()) > 10);
        assert!(count(&|s| find_year(s).is_some()) > 100);
        assert!(count(&|s| is_furniture(s)) > 10);
        assert!(count(&|s| is_name_like(s)) > 10);
        for s in &samples {
            assert_eq!(heading(s), reference::heading(s), "heading({s:?})");
            assert_eq!(
                is_navigation(s),
                reference::is_navigation(s),
                "is_navigation({s:?})"
            );
            // The gate `candidates` puts first passes every heading.
            let open = may_open_heading(s.as_bytes());
            assert!(
                open != Opening::No || heading(s).is_none(),
                "may_open_heading({s:?})"
            );
            if let Opening::Numeral(at) = open {
                assert!(may_be_heading(s), "may_open_heading({s:?})");
                assert_eq!(heading_at_numeral(s, at), heading(s), "{s:?}");
            }
            assert_eq!(
                heading_text(s, false),
                reference::heading_text(s, false),
                "heading_text({s:?}, false)"
            );
            assert_eq!(
                heading_text(s, true),
                reference::heading_text(s, true),
                "heading_text({s:?}, true)"
            );
            assert_eq!(find_year(s), reference::find_year(s), "find_year({s:?})");
            assert_eq!(
                is_furniture(s),
                reference::is_furniture(s),
                "is_furniture({s:?})"
            );
            let mut c = String::from("stale");
            core_in(s, &mut c);
            assert_eq!(c, core(s), "core_in({s:?})");
            assert_eq!(date_line(s), reference::date_line(s), "date_line({s:?})");
            assert_eq!(date_of(s), reference::date_of(s), "date_of({s:?})");
            assert_eq!(
                is_name_like(s),
                reference::is_name_like(s),
                "is_name_like({s:?})"
            );
            assert_eq!(
                has_date_char(s.as_bytes()),
                reference::has_date_char(s),
                "has_date_char({s:?})"
            );
        }
    }

    #[test]
    fn lines_as_split() {
        let split = |text: &str| -> Vec<(usize, String)> {
            let mut start = 0;
            // Lines end in `\n` (a `\r` before it no part of the line), or in `\r` alone in a
            // text with no `\n`.
            let end = if text.contains('\n') { '\n' } else { '\r' };
            text.split(end)
                .map(|piece| {
                    let line = (start, piece.strip_suffix('\r').unwrap_or(piece).to_string());
                    start += piece.len() + 1;
                    line
                })
                .collect()
        };
        let got = |text: &str| -> Vec<(usize, String)> {
            lines(text)
                .unwrap()
                .view()
                .iter()
                .map(|l| (l.start, l.text.to_string()))
                .collect()
        };
        let mut texts: Vec<String> = vec![String::new(), "\n".into(), "\r\n".into(), "\r".into()];
        for text in [
            include_str!("../tests/fixtures/000.txt"),
            include_str!("../tests/fixtures/003.txt"),
        ] {
            texts.push(text.to_string());
            texts.push(text.replace('\n', "\r\n"));
            texts.push(text.replace('\n', "\r"));
        }
        let pieces = [
            "a",
            "\n",
            "\r\n",
            "一",
            "\n\n",
            "\u{8a}",
            "\u{10a0a}",
            "\r",
            "\t0",
            // `\n` ^ 1: a byte the search by words must not take for a line end.
            "\u{b}",
            "\u{b0a}",
        ];
        for n in 0..2000usize {
            let mut t = String::new();
            let mut k = n;
            for i in 0..(n % 23) {
                t.push_str(pieces[(k + i) % pieces.len()]);
                k = (k * 7 + 3) % 1009;
            }
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(got(t), split(t), "{t:?}");
        }
    }

    #[test]
    fn views_of_lines() {
        let text = "一\r\n\n  二\t0\r\n三";
        let list = lines(text).unwrap();
        let all = list.view();
        fn each<'a>(v: Lines<'_, 'a>) -> Vec<(usize, &'a str)> {
            v.iter().map(|l| (l.start, l.text)).collect()
        }
        let want = [(0, "一"), (5, ""), (6, "  二\t0"), (15, "三")];
        assert_eq!(each(all), want);
        assert_eq!((all.len(), all.is_empty(), all.text()), (4, false, text));
        let back: Vec<usize> = all.iter().rev().map(|l| l.start).collect();
        assert_eq!(back, [15, 6, 5, 0]);
        assert_eq!(all.iter().len(), 4);
        assert_eq!(all.iter().nth(2).map(|l| l.end()), Some(13));
        assert_eq!(all.get(2).map(|l| l.trimmed()), Some((8, 13)));
        assert!(all.get(1).is_some_and(|l| l.is_blank()));
        assert!(all.get(4).is_none());
        assert_eq!((all.start(3), all.start(4)), (Some(15), None));
        assert_eq!(all.first().map(|l| l.text), Some("一"));
        assert_eq!(all.last().map(|l| l.text), Some("三"));
        // Slices keep the line numbers' text and offsets; out of range, they are empty.
        assert_eq!(each(all.slice(1..3)), want[1..3]);
        assert_eq!(each(all.slice(2..)), want[2..]);
        assert_eq!(each(all.slice(..=1)), want[..=1]);
        assert_eq!(each(all.slice(1..3).slice(1..)), want[2..3]);
        assert_eq!(each(all.slice(4..)), []);
        for (from, to) in [(5, 5), (3, 2), (0, 5)] {
            let none = all.slice(from..to);
            assert!(none.is_empty() && none.first().is_none() && none.last().is_none());
        }
        for (pos, n) in [(0, 1), (4, 1), (5, 2), (6, 3), (14, 3), (15, 4), (99, 4)] {
            assert_eq!(all.starting_by(pos), n, "{pos}");
        }
        assert_eq!(all.slice(2..).starting_by(5), 0);
    }

    #[test]
    fn sizes_past_u32_are_refused() {
        assert!(check_size(0).is_ok());
        assert!(check_size(u32::MAX as usize).is_ok());
        if let Some(len) = (u32::MAX as usize).checked_add(1) {
            let err = check_size(len).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::TooLarge);
            assert_eq!(
                err.to_string(),
                "input too large: the text is 4294967296 bytes long; at most 4294967295 bytes \
                 (4 GiB less one) are read"
            );
            assert_eq!(
                check_size(usize::MAX).map_err(|e| e.kind()),
                Err(ErrorKind::TooLarge)
            );
        }
    }

    #[test]
    fn cores_of_every_character() {
        for c in (0..0x110000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            let mut kept = String::new();
            core_in(&s, &mut kept);
            assert_eq!(kept, core(&s), "U+{:04X}", c as u32);
            let mut short = StackStr::<16>::new();
            let fits = core_into(&s, &mut short, 2);
            assert_eq!(
                fits.then(|| short.as_str()),
                (kept.chars().count() <= 2).then_some(kept.as_str())
            );
        }
    }

    #[test]
    fn folding_twice_changes_nothing() {
        // What `heading_text` relies on to take the core of unfolded text after `一、`.
        for c in (0..0x110000u32).filter_map(char::from_u32) {
            fold_char(c, &mut |d| {
                let mut again = Vec::new();
                fold_char(d, &mut |e| again.push(e));
                if d.is_whitespace() {
                    assert!(
                        !again.iter().any(|&e| is_core_char(e)),
                        "U+{:04X}",
                        c as u32
                    );
                } else {
                    assert_eq!(again, [d], "U+{:04X}", c as u32);
                }
            });
        }
    }

    #[test]
    fn fast_rejections() {
        let numerals = ['一', '二', '三', '四', '五', '六', '七', '八'];
        for c in (0..0x110000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(is_top_numeral(s.as_bytes()), numerals.contains(&c), "{c}");
            let starts = SECTION_PHRASES
                .iter()
                .flat_map(|p| p.iter())
                .any(|p| p.starts_with(c));
            assert_eq!(is_phrase_start(c), starts, "{c}");
            let spaced = format!("{s}一");
            let skipped = if crate::text::is_space(c) { s.len() } else { 0 };
            assert_eq!(skip_spaces(&spaced, 0), skipped, "U+{:04X}", c as u32);
        }
        let listed: Vec<(SectionKind, bool, &str)> = SectionKind::ALL
            .iter()
            .flat_map(|&k| {
                let phrases = SECTION_PHRASES[k as usize].iter();
                phrases.enumerate().map(move |(i, p)| (k, i == 0, *p))
            })
            .collect();
        assert_eq!(PHRASES.len(), listed.len());
        for (p, (kind, first, text)) in PHRASES.iter().zip(listed) {
            assert_eq!((p.kind, p.first, p.text), (kind, first, text));
            assert_eq!(p.chars, text.chars().count());
            let b = text.as_bytes();
            assert_eq!(p.head, u32::from_le_bytes([b[0], b[1], b[2], 0]));
        }
        assert!(SECTION_PHRASES
            .iter()
            .flat_map(|p| p.iter())
            .all(|p| p.chars().count() > 1));
        assert_eq!(MAX_FURNITURE, 17);
        assert_eq!(MAX_HEADING_CORE, 16 + 8);
    }

    #[test]
    fn headings_by_text() {
        assert_eq!(
            heading("一、工作情况:").map(|h| h.kind),
            Some(SectionKind::General)
        );
        assert_eq!(
            heading("二、主动公开政府信息情况").map(|h| h.kind),
            Some(SectionKind::Proactive)
        );
        assert_eq!(heading("四、结转下年度继续办理").map(|h| h.kind), None);
        assert_eq!(heading("（二）主动公开政府信息情况").map(|h| h.kind), None);
        assert_eq!(heading("一、本年新收政府信息公开申请数量"), None);
    }

    #[test]
    fn headings_in_other_styles() {
        let found = |text: &str| heading(text).map(|f| (f.kind, f.score, f.start, f.end, f.len));
        let general = SectionKind::General;
        // `一、总体情况` is 18 bytes: the numeral and the separator 3 each, the text 12.
        assert_eq!(found("一、总体情况"), Some((general, 9, 0, 18, 18)));
        assert_eq!(found("一 、总体情况"), Some((general, 9, 0, 19, 19)));
        assert_eq!(found(" 一 、 总体情况 "), Some((general, 9, 1, 21, 21)));
        assert_eq!(found("一\u{3000}总体情况"), Some((general, 9, 0, 18, 18)));
        assert_eq!(found("**一、总体情况**"), Some((general, 9, 2, 20, 22)));
        assert_eq!(found("__一、总体情况__"), Some((general, 9, 2, 20, 22)));
        assert_eq!(found("## 一、总体情况"), Some((general, 9, 3, 21, 21)));
        assert_eq!(
            found("### **一、总体情况** ###"),
            Some((general, 9, 6, 24, 30))
        );
        assert_eq!(found("第一部分 总体情况"), Some((general, 9, 0, 25, 25)));
        assert_eq!(found("第一部分：总体情况"), Some((general, 9, 0, 27, 27)));
        assert_eq!(found("第一部分总体情况"), Some((general, 9, 0, 24, 24)));
        assert_eq!(
            found("第三章 收到和处理政府信息公开申请情况").map(|f| (f.0, f.1)),
            Some((SectionKind::Applications, 9))
        );
        // The narrative after a bold heading's colon and closing marks.
        assert_eq!(
            found("**一、总体情况：**2020年，本局认真落实条例"),
            Some((general, 8, 2, 23, 25))
        );
        assert_eq!(
            found("第一部分：总体情况：2020年，本局认真落实条例"),
            Some((general, 8, 0, 30, 30))
        );
        // Not a section's heading: a sub-heading's numbering, no separator, a numeral past 八,
        // marks that are not Markdown's.
        for text in [
            "（一）总体情况",
            "(一)总体情况",
            "一总体情况",
            "第九部分 总体情况",
            "第一节 总体情况",
            "第一条 总体情况",
            "*一、总体情况*",
            "####### 一、总体情况",
            "**（二）主动公开政府信息情况**",
            "## 一、本年新收政府信息公开申请数量",
            "第一部分",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn own_numeral_scores_set_apart() {
        let numerals = ["一", "二", "三", "四", "五", "六"];
        for kind in SectionKind::ALL {
            for phrase in SECTION_PHRASES[kind as usize] {
                for (n, numeral) in numerals.iter().enumerate() {
                    let line = format!("{numeral}、{phrase}");
                    let Some(Found { kind: k, score, .. }) = heading(&line) else {
                        panic!("{line}: no heading");
                    };
                    if n == kind as usize {
                        assert_eq!(k, kind, "{line}");
                        assert!(score >= OWN_NUMERAL, "{line}: {score}");
                    } else {
                        assert!(score < OWN_NUMERAL, "{line}: {score}");
                    }
                }
            }
        }
    }

    /// Lines of the six headings, in the given order, each followed by a line of text.
    fn heading_kinds(order: &[usize]) -> Vec<SectionKind> {
        let text: String = order
            .iter()
            .map(|&k| format!("{}\n正文。\n", SectionKind::ALL[k].heading()))
            .collect();
        let list = lines(&text).unwrap();
        headings(list.view()).iter().map(|h| h.kind).collect()
    }

    #[test]
    fn headings_out_of_order_are_kept_where_they_stand() {
        let kinds = |order: &[usize]| {
            order
                .iter()
                .map(|&k| SectionKind::ALL[k])
                .collect::<Vec<_>>()
        };
        assert_eq!(
            heading_kinds(&[0, 1, 2, 4, 3, 5]),
            kinds(&[0, 1, 2, 4, 3, 5])
        );
        assert_eq!(
            heading_kinds(&[0, 2, 1, 3, 4, 5]),
            kinds(&[0, 2, 1, 3, 4, 5])
        );
        assert_eq!(
            heading_kinds(&[5, 4, 3, 2, 1, 0]),
            kinds(&[5, 4, 3, 2, 1, 0])
        );
        // A section named twice out of order: the first line names it.
        assert_eq!(
            heading_kinds(&[0, 1, 2, 4, 3, 5, 3]),
            kinds(&[0, 1, 2, 4, 3, 5])
        );
    }

    #[test]
    fn a_table_of_contents_is_no_heading() {
        let toc: String = SectionKind::ALL
            .iter()
            .map(|k| format!("{}\n", k.heading()))
            .collect();
        let body: String = SectionKind::ALL
            .iter()
            .map(|k| format!("{}\n正文。\n", k.heading()))
            .collect();
        let text = format!("目录\n{toc}\n{body}");
        let list = lines(&text).unwrap();
        let found: Vec<usize> = headings(list.view()).iter().map(|h| h.line).collect();
        assert_eq!(found, [8, 10, 12, 14, 16, 18]);
        // A section with no text of its own is still a section.
        let text = "一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n正文。\n";
        let list = lines(text).unwrap();
        let found: Vec<usize> = headings(list.view()).iter().map(|h| h.line).collect();
        assert_eq!(found, [0, 2, 3]);
    }

    #[test]
    fn word_sets_know_their_first_characters() {
        fn check<const N: usize>(set: &WordSet<N>) {
            for (w, c) in set.words.iter().zip(set.firsts) {
                assert_eq!(w.chars().next(), Some(c), "{w}");
            }
        }
        check(&FOOTER_WORDS);
        check(&PAGE_WORDS);
        check(&NAVIGATION_WORDS);
        // `is_navigation` tries the words where these characters stand.
        let mut firsts = NAVIGATION_WORDS.firsts;
        firsts.sort_unstable();
        let mut listed = ['首', '主', '当', '您', '现', '所'];
        listed.sort_unstable();
        assert_eq!(firsts, listed);
        assert_eq!(first_char(""), '\0');
        assert_eq!(last_char(""), '\0');
        assert_eq!(last_char("a©"), '©');
        assert_eq!(last_char("某𠀀"), '𠀀');
        for (f, c) in FURNITURE.iter().zip(FURNITURE_LAST) {
            assert_eq!(f.chars().next_back(), Some(c), "{f}");
        }
        assert_eq!(first_char("©"), '©');
        assert_eq!(first_char("𠀀"), '𠀀');
        assert!(PAGE_WORDS.any_in("【字体：大 中 小】"));
        assert!(FOOTER_WORDS.any_in("豫ICP备12003456号-1"));
        assert!(!PAGE_WORDS.any_in("天津市宁河区商务局"));
    }

    #[test]
    fn agency_lines_by_one_pass() {
        let slow = |t: &str| {
            t.chars()
                .next_back()
                .is_some_and(|c| AGENCY_ENDS.contains(&c))
                && t.chars().nth(2).is_some()
                && !t.contains(char::is_whitespace)
                && t.chars()
                    .all(|c| is_cjk(c) || c.is_ascii_alphanumeric() || "（）()".contains(c))
        };
        for c in (0..0x110000u32).filter_map(char::from_u32) {
            for t in [
                format!("商务{c}局"),
                format!("{c}{c}局"),
                format!("某某{c}"),
            ] {
                assert_eq!(may_be_agency_line(&t), slow(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn navigation_by_one_pass() {
        let pieces = [
            "",
            "首页",
            "首",
            "主页",
            "当前位置",
            "您的位置",
            "现在的位置",
            "所在位置",
            "所",
            "》",
            "《",
            "/",
            "／",
            ">",
            "＞",
            "›",
            "»",
            "→",
            "|",
            "｜",
            "¦",
            "。",
            "2021",
            "1",
            " ",
            "\u{3000}",
            "政务公开",
            "年报",
        ];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", "/商务局", "》年报"] {
                        let t = format!("{a}{b}{c}{d}");
                        let nav = is_navigation(&t);
                        assert_eq!(nav, reference::is_navigation(&t), "{t:?}");
                        n += usize::from(nav);
                    }
                }
            }
        }
        assert!(n > 1000, "{n}");
        let long = format!("首页 > 政务公开 > {}", "年".repeat(200));
        assert_eq!(is_navigation(&long), reference::is_navigation(&long));
        assert!(!is_navigation(&long));
    }

    #[test]
    fn navigation_and_agency_lines() {
        for nav in [
            "首页 | 政务公开 | 政务服务 | 互动交流 | 走进本区",
            "当前位置：首页 > 政务公开 > 政府信息公开年报",
            "首页＞政务公开＞年报",
            "您的位置：首页》政务公开》年报",
            "政务公开 / 年度报告 / 商务局",
            "首页 政务公开 政务服务",
        ] {
            assert!(is_navigation(nav), "{nav}");
            assert!(!is_name_like(nav), "{nav}");
        }
        for name in ["石家庄市商务局", "《条例》实施办公室", "天津市宁河区商务局"]
        {
            assert!(!is_navigation(name), "{name}");
            assert!(is_name_like(name), "{name}");
        }
        // A page's title as a browser shows it: one separator.
        assert!(!is_navigation(
            "某局2020年政府信息公开工作年度报告 | 某市人民政府"
        ));
        for furniture in [
            "【字体：大 中 小】",
            "字体 大 中 小",
            "来源 石家庄市商务局",
            "浏览次数 12",
        ] {
            assert!(!is_name_like(furniture), "{furniture}");
        }
        for agency in [
            "天津市宁河区商务局",
            "某某区人民政府",
            "政务服务中心",
            "供销合作社",
        ] {
            assert!(is_agency_line(agency), "{agency}");
        }
        for not in [
            "无",
            "特此报告。",
            "无其他需要报告的事项",
            "以人民为中心",
            "坚持以人民为中心",
            "召开座谈会",
            "政府",
            "全部",
            "天津 商务局",
        ] {
            assert!(!is_agency_line(not), "{not}");
        }
    }

    #[test]
    fn plain_dates_read_as_any() {
        let mut n = 0;
        for y in ["2021", "0000", "9999", "202", "20211", "２０２１", "2O21"] {
            for m in [
                "", "0", "1", "9", "01", "09", "10", "12", "13", "99", "001", "012", "一",
            ] {
                for d in [
                    "", "0", "1", "01", "09", "18", "31", "32", "99", "018", "十八",
                ] {
                    for end in ["日", "", "日 ", "日日", "号"] {
                        let t = format!("{y}年{m}月{d}{end}");
                        let plain = plain_date(t.trim().as_bytes());
                        if plain.is_some() {
                            n += 1;
                            assert_eq!(plain, any_date(t.trim()), "{t}");
                        }
                        assert_eq!(date_line(&t), any_date(t.trim()), "{t}");
                    }
                }
            }
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn dates_and_years() {
        assert_eq!(
            date_line("  2021年2月18日").map(|d| d.to_string()),
            Some("2021-02-18".into())
        );
        assert_eq!(
            date_line("二〇二一年一月二十日").map(|d| d.to_string()),
            Some("2021-01-20".into())
        );
        assert_eq!(date_line("2021年2月18日印发通知"), None);
        for d in [
            "2021-02-18",
            " 2021.2.18 ",
            "2021/2/18",
            "２０２１．２．１８",
        ] {
            assert_eq!(
                date_line(d).map(|d| d.to_string()),
                Some("2021-02-18".into()),
                "{d}"
            );
        }
        for d in [
            "2021-13-18",
            "2021-02-32",
            "2021-0-18",
            "2021.2/18",
            "2021-2-18-1",
            "21-2-18",
            "0001-2-18",
            "发布时间：2021-01-15",
            "2021-02-18 10:30",
        ] {
            assert_eq!(date_line(d), None, "{d}");
        }
        assert_eq!(find_year("石家庄市2020 年政府").map(|y| y.0), Some(2020));
        assert_eq!(find_year("（国办公开办函〔2019〕60号）"), None);
    }
}
