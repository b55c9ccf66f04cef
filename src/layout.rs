//! Layout readers: the text of one table, as a copy left it, turned into rows of raw cells.
//!
//! Each layout of SPEC §6 is a parser over the table's lines (the document's own line list, in
//! nom's `IResult` form: what it consumed and what it left); every cell it reads is a slice of
//! the input, decoded once, with its byte offset, line and column. A new layout joins by adding
//! a parser here and a case to [`detect`]; the binding to the template does not change.

use nom::{IResult, Offset};

use crate::document::{is_heading_like, Lines};
use crate::index::{self, Hit};
use crate::model::{Decimal, Unit};
use crate::span::Span;
use crate::text::{
    cell_text, cell_text_trimmed, char_count, label_key_checked, past_space, space_at, trim,
    BytePositions, CellKey, CellText, KeyRef,
};

/// How a copy lays out the cells of a table (SPEC §6): what [`crate::render()`] writes and what the
/// parser recognises, per table.
///
/// # Examples
///
/// ```
/// use zfxxgk::{Layout, Template};
///
/// let report = zfxxgk::AnnualReport::empty(Template::T2021);
/// let tab = zfxxgk::render(&report, Layout::TabSeparated);
/// assert!(tab.contains("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"));
/// let broken = zfxxgk::render(&report, Layout::LineBroken);
/// assert!(broken.contains("\t信息内容\n\t本年制发件数\n"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layout {
    /// A row per line, cells split by tabs.
    TabSeparated,
    /// One cell per line, each line starting with a tab; a blank line ends a row.
    LineBroken,
    /// Every cell on its own line with no tabs, blank cells gone.
    BlankDropped,
}

/// One cell as found: its text without its padding (spaces, U+3000, U+00A0 …), where that text
/// starts in the input (byte offset; 1-based line and column, in characters), and what it
/// holds, decoded once. Kept small, 40 bytes (a reader writes one per cell, the binder reads
/// rows of them): a label's key stands in the grid, the cell holds its index, in the field a
/// number's value takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawCell<'a> {
    /// The text without its padding; for a cell of padding alone, its raw text less the line
    /// ends it ends with. Equal to the input's text, not always a slice of it (a tab-separated
    /// cell of one digit or none holds a static text): where it stands is `start`, never the
    /// text's address.
    text: &'a str,
    /// A number's mantissa ([`Kind::Count`], [`Kind::Number`]); for a text cell, the index of
    /// the label's key in the grid's keys, [`NO_KEY`] when the cell is no label.
    data: i64,
    /// The byte offset of `text` in the input (which is under 4 GiB: [`crate::parse`] reads no
    /// larger one).
    start: u32,
    /// 1-based line and column (in characters) where `text` starts.
    line: u32,
    column: u32,
    kind: Kind,
    /// A number's scale and unit ([`Kind::Number`]; a count has none).
    scale: u8,
    unit: Option<Unit>,
}

/// The key index of a cell that is no label.
const NO_KEY: u32 = u32::MAX;

/// What a cell holds. A number whose digits fit an `i64` is kept decoded, in the cell's `data`
/// with its `scale` and `unit`; a longer one is decoded again when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Padding alone.
    Empty,
    /// A mark written for nothing (`—`, `/`).
    Blank,
    Text,
    /// A label exactly as the templates print it (never a value written so that it could not
    /// be read).
    Spelled,
    /// A count: an integer with no unit and no decimals.
    Count,
    /// Any other number that fits.
    Number,
    LongNumber,
}

/// Where the text `s` bytes into a cell's raw text starts, the raw text starting at `offset`, on
/// `line` at `column`: past the padding, which may hold line ends (a cell continued on the lines
/// below), a line end starts the next line's first column, any other character but a
/// continuation byte (`10xxxxxx`) steps a column. Most cells have no padding: `s` is 0.
#[inline(always)]
fn past_pad(raw: &str, offset: usize, (line, column): (u32, u32), s: usize) -> (u32, u32, u32) {
    // Offsets fit a `u32`: the input is under 4 GiB.
    let start = (offset + s) as u32;
    if s == 0 {
        return (start, line, column);
    }
    let (line, column) = step_pad(raw.as_bytes().get(..s).unwrap_or_default(), line, column);
    (start, line, column)
}

/// [`past_pad`] over padding `pad`.
#[inline(never)]
fn step_pad(pad: &[u8], mut line: u32, mut column: u32) -> (u32, u32) {
    for &b in pad {
        if b == b'\n' {
            (line, column) = (line.saturating_add(1), 1);
        } else if (b as i8) >= -0x40 {
            column = column.saturating_add(1);
        }
    }
    (line, column)
}

impl<'a> RawCell<'a> {
    /// Decodes a cell found at byte `offset` of the input, at `at`: its line and column
    /// (1-based); a label's key goes to `keys`.
    #[inline(always)]
    pub fn new(text: &'a str, offset: usize, at: (u32, u32), keys: &mut Keys) -> Self {
        // The usual value cell, `0`, `　12` or padding alone, read in one pass over its bytes.
        if let Some((s, len, n, pad)) = plain_cell(text.as_bytes()) {
            let Some(n) = n else {
                // Padding alone: where it stands, its line ends left out (a byte loop: they
                // are ASCII, and most blank cells have none).
                let b = text.as_bytes();
                let mut end = b.len();
                while end > 0 && matches!(b[end - 1], b'\r' | b'\n') {
                    end -= 1;
                }
                let (start, line, column) = past_pad(text, offset, at, 0);
                return RawCell {
                    text: text.get(..end).unwrap_or_default(),
                    data: 0,
                    start,
                    line,
                    column,
                    kind: Kind::Empty,
                    scale: 0,
                    unit: None,
                };
            };
            let (s, len) = (s as usize, len as usize);
            // The padding's characters step the column, unless it holds a line end.
            let (start, line, column) = if pad == u32::MAX {
                past_pad(text, offset, at, s)
            } else {
                let start = (offset + s) as u32;
                (start, at.0, at.1.saturating_add(pad))
            };
            return RawCell {
                text: text.get(s..s + len).unwrap_or_default(),
                data: n,
                start,
                line,
                column,
                kind: Kind::Count,
                scale: 0,
                unit: None,
            };
        }
        let (ts, trimmed) = trim(text);
        let (start, line, column) = past_pad(text, offset, at, ts);
        let cell = |data: i64, kind: Kind, scale: u8, unit: Option<Unit>| RawCell {
            text: trimmed,
            data,
            start,
            line,
            column,
            kind,
            scale,
            unit,
        };
        // A label exactly as the templates print it: text (no spelling reads as a number, a
        // blank mark or narrative), its key known.
        if let Some(key) = keys.add_spelled(trimmed) {
            return cell(i64::from(key), Kind::Spelled, 0, None);
        }
        match cell_text_trimmed(trimmed) {
            // Padding alone is read by `plain_cell` above; this arm only keeps the match whole.
            CellText::Blank if trimmed.is_empty() => cell(0, Kind::Empty, 0, None),
            CellText::Blank => cell(0, Kind::Blank, 0, None),
            CellText::Text => {
                let key = if is_long(trimmed) {
                    NO_KEY
                } else {
                    keys.add(trimmed)
                };
                cell(i64::from(key), Kind::Text, 0, None)
            }
            CellText::Number(d, u) => match i64::try_from(d.mantissa()) {
                Ok(m) if d.scale() == 0 && u.is_none() => cell(m, Kind::Count, 0, None),
                Ok(m) => cell(m, Kind::Number, d.scale(), u),
                Err(_) => cell(0, Kind::LongNumber, 0, None),
            },
        }
    }

    /// The index of the label's key in the grid's keys ([`NO_KEY`] but for a label).
    #[inline]
    fn key(&self) -> u32 {
        if matches!(self.kind, Kind::Text | Kind::Spelled) {
            self.data as u32
        } else {
            NO_KEY
        }
    }

    /// What the cell holds.
    pub fn kind(&self) -> CellText {
        match self.kind {
            Kind::Empty | Kind::Blank => CellText::Blank,
            Kind::Text | Kind::Spelled => CellText::Text,
            Kind::Count | Kind::Number => {
                CellText::Number(Decimal::new(i128::from(self.data), self.scale), self.unit)
            }
            Kind::LongNumber => cell_text_trimmed(self.text),
        }
    }

    /// The count the cell holds: an integer with no unit and no decimals.
    #[inline]
    pub fn count(&self) -> Option<i64> {
        (self.kind == Kind::Count).then_some(self.data)
    }

    /// Whether the cell is text (a label, a header, narrative).
    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text | Kind::Spelled)
    }

    /// Whether a text cell reads as a value that could not be read (`5（件）`, `12%`, `2\u{200b}8`):
    /// digits first, then no ideograph (`12345热线`, `2020 年…报告` are labels), no numbering
    /// separator before one (`1.属于国家秘密`, `1. 属于国家秘密` are labels), and no text after a
    /// note in parentheses (`0（三）不予公开` is a label).
    #[inline]
    pub fn is_value_like(&self) -> bool {
        // Most cells stop here, inline: no text, a label as the templates print it, or a first
        // byte no digit starts (ASCII, or a full-width digit's lead byte).
        self.kind == Kind::Text
            && matches!(self.text.as_bytes().first(), Some(b'0'..=b'9' | 0xEF))
            && self.digits_read_as_value()
    }

    /// [`RawCell::is_value_like`] past its first test: the trimmed text, a digit first, read
    /// to the end.
    #[inline(never)]
    fn digits_read_as_value(&self) -> bool {
        let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
        let t = self.trimmed_text();
        if !t.chars().next().is_some_and(|c| digit(&c)) {
            return false;
        }
        let mut rest = t
            .chars()
            .skip_while(digit)
            .skip_while(|c| crate::text::is_space(*c));
        match rest.next() {
            None => true,
            Some(c) if crate::text::is_cjk(c) => false,
            Some('.' | '．' | '、' | ')' | '）' | ',' | '，') => !rest
                .find(|c| !crate::text::is_space(*c))
                .is_some_and(crate::text::is_cjk),
            // A note in parentheses after the number (`5（件）`), and nothing after it: a label
            // goes on (`0（三）不予公开` is a label run into a number).
            Some('(' | '（') => {
                let mut after = rest.skip_while(|c| !matches!(c, ')' | '）'));
                after.next().is_some() && after.all(crate::text::is_space)
            }
            Some(_) => true,
        }
    }

    /// Whether the cell is blank: padding alone, or a mark written for nothing (`—`, `/`).
    #[inline]
    pub fn is_blank(&self) -> bool {
        matches!(self.kind, Kind::Empty | Kind::Blank)
    }

    /// Whether the cell holds a number.
    pub fn is_number(&self) -> bool {
        matches!(self.kind, Kind::Count | Kind::Number | Kind::LongNumber)
    }

    /// Whether the cell is text too long, or too much a sentence, to be a label.
    pub fn is_narrative(&self) -> bool {
        self.kind == Kind::Text && self.data == i64::from(NO_KEY)
    }

    /// The text without its padding.
    pub fn trimmed_text(&self) -> &'a str {
        if self.kind == Kind::Empty {
            ""
        } else {
            self.text
        }
    }

    /// Whether the cell holds nothing but padding.
    pub fn is_empty(&self) -> bool {
        self.kind == Kind::Empty
    }

    /// The span of the trimmed text ([`RawCell::trimmed`]), with its line and column.
    pub fn span(&self) -> Span {
        let (start, end) = self.trimmed();
        Span {
            start,
            end,
            line: self.line,
            column: self.column,
        }
    }

    /// The span of the trimmed text (for an all-blank cell: the raw text without line ends).
    pub fn trimmed(&self) -> (usize, usize) {
        let start = self.start as usize;
        (start, start + self.text.len())
    }
}

/// The keys of a table's labels: those the templates spell as they stand, the others' cores
/// in one arena.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    keys: Vec<Key>,
    arena: String,
    scratch: String,
    /// Per template (2019, 2021): how many keys made so far mark it, less those of cells let
    /// go ([`Keys::uncount`]): the label cells that mark it among the cells kept, packed as
    /// [`index::mark_bits`] packs one label's marks.
    marks: u64,
}

/// A label's key: the templates' own spelling of it, shared by every report, or the key
/// reduced from its text, its cores in the arena.
#[derive(Debug, Clone, Copy)]
enum Key {
    Spelled(&'static index::Spelling),
    Reduced(CellKey),
}

impl Key {
    /// Per template (2019, 2021): whether the label marks it.
    fn marks(&self) -> [bool; 2] {
        match self {
            Key::Spelled(s) => s.marks,
            Key::Reduced(k) => k.marks,
        }
    }
}

impl Keys {
    fn with_capacity(bytes: usize) -> Keys {
        Keys {
            keys: Vec::with_capacity((bytes / 32).min(1 << 10)),
            arena: String::with_capacity(bytes.min(1 << 16)),
            scratch: String::with_capacity(128),
            marks: 0,
        }
    }

    /// Takes a cell let go out of the count of marks.
    fn uncount(&mut self, cell: &RawCell<'_>) {
        if let Some(k) = self.keys.get(cell.key() as usize) {
            self.marks -= index::mark_bits(k.marks());
        }
    }

    /// The key of a label (trimmed) printed as the templates print it, added: its index;
    /// `None` for any other text.
    #[inline]
    fn add_spelled(&mut self, text: &str) -> Option<u32> {
        let s = index::spelled(text)?;
        self.marks += index::mark_bits(s.marks);
        self.keys.push(Key::Spelled(s));
        Some((self.keys.len() - 1) as u32)
    }

    /// Reduces a label (trimmed) to its key; returns the key's index, or [`NO_KEY`] for a
    /// sentence.
    #[inline(never)]
    fn add(&mut self, text: &str) -> u32 {
        let start = self.arena.len();
        let ((numbering, core, core_np), sentence) =
            label_key_checked(text, &mut self.scratch, &mut self.arena);
        if sentence {
            self.arena.truncate(start);
            return NO_KEY;
        }
        let arena = &self.arena;
        let slice = |(a, b): (u32, u32)| arena.get(a as usize..b as usize).unwrap_or("");
        let hit = index::lookup(slice(core));
        let np = core_np.map_or(Hit::default(), |r| index::lookup(slice(r)));
        let marks = [hit.marks[0] || np.marks[0], hit.marks[1] || np.marks[1]];
        self.marks += index::mark_bits(marks);
        self.keys.push(Key::Reduced(CellKey {
            numbering,
            core,
            core_np,
            hit,
            marks,
        }));
        (self.keys.len() - 1) as u32
    }

    /// The key of a cell (`None` but for a label).
    #[inline]
    fn get(&self, cell: &RawCell<'_>) -> Option<KeyRef<'_>> {
        let k = match self.keys.get(cell.key() as usize)? {
            Key::Spelled(s) => {
                return Some(KeyRef {
                    numbering: s.numbering,
                    core: &s.core,
                    core_np: s.core_np.as_deref(),
                    hit: s.hit,
                    marks: s.marks,
                    header: Some(&s.header),
                })
            }
            Key::Reduced(k) => k,
        };
        let slice = |(a, b): (u32, u32)| self.arena.get(a as usize..b as usize);
        Some(KeyRef {
            numbering: k.numbering,
            core: slice(k.core).unwrap_or(""),
            core_np: k.core_np.and_then(slice),
            hit: k.hit,
            marks: k.marks,
            header: None,
        })
    }
}

/// A cell of ASCII digits (at most 18), or of nothing, padded with white space (as the trim
/// has it): where the digits start and their length, their value (`None`: a blank cell, all
/// padding, whose digits "start" at its end), and the characters of the padding before them
/// (`u32::MAX` when it holds a line end); `None` for anything else.
#[inline(always)]
fn plain_cell(b: &[u8]) -> Option<(u32, u32, Option<i64>, u32)> {
    // The padding before, a character at a time (most cells have none).
    let (mut start, mut pad, mut line_end) = (0, 0u32, false);
    while let Some(rest) = b.get(start..) {
        match space_at(rest) {
            0 => break,
            n => {
                line_end |= rest.first() == Some(&b'\n');
                start += n;
                pad += 1;
            }
        }
    }
    if start == b.len() {
        return Some((start as u32, 0, None, 0));
    }
    let mut i = start;
    let mut n: i64 = 0;
    while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
        if i - start == 18 {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
        i += 1;
    }
    let end = i;
    let pad = if line_end { u32::MAX } else { pad };
    (end > start && past_space(b, end, true) == b.len()).then_some((
        start as u32,
        (end - start) as u32,
        Some(n),
        pad,
    ))
}

/// The value of `b` when it is ASCII digits alone, at most 18 (their value fits an `i64`), or
/// nothing (0): a cell [`plain_cell`] reads with no padding; `None` for any other.
#[inline(always)]
fn digits_value(b: &[u8]) -> Option<i64> {
    if b.len() > 18 {
        return None;
    }
    let mut n = 0i64;
    for &d in b {
        let v = d.wrapping_sub(b'0');
        if v > 9 {
            return None;
        }
        n = n * 10 + i64::from(v);
    }
    Some(n)
}

/// Whether `s` is nothing but white space (as the trim has it): what trimming leaves of it is
/// empty. Read from the front only, so most texts stop at their first byte.
#[inline]
fn is_padding(s: &str) -> bool {
    past_space(s.as_bytes(), 0, true) == s.len()
}

/// A text too long to be a label (`t` trimmed): narrative inside a table's section, not a cell
/// of the table. (A sentence, with its `。`, is narrative too: [`Keys::add`] tells.)
fn is_long(t: &str) -> bool {
    t.len() > 180 || (t.len() > 60 && t.chars().count() > 60)
}

/// How many bytes of padding (white space as the trim has it, tabs not counted: a tab starts a
/// cell) a line starts with.
fn pad_len(b: &[u8]) -> usize {
    past_space(b, 0, false)
}

/// A line of a line-broken table with no cell on it: nothing but padding, and no tab (a tab,
/// even after padding, starts a blank cell).
fn is_blank_line(l: &str) -> bool {
    // Most lines stop at their first byte (a cell's tab, or a letter).
    !l.starts_with('\t') && is_padding(l) && !l.contains('\t')
}

/// A page number a copy of a paged document carries between its lines (`3`, `- 3 -`, `— 3 —`,
/// `第3页`, `第 3 页 共 8 页`, `3/8`): in a line-broken table, no cell (a cell's line starts with
/// a tab, so even a number alone on its line is none).
fn is_page_number(l: &str) -> bool {
    // Most lines stop at their first byte past the padding: no page number starts so (a digit,
    // `-`, `—`, a full-width form, 第, 共).
    let b = l.as_bytes();
    if !matches!(
        b.get(pad_len(b)),
        Some(b'0'..=b'9' | b'-' | 0xE2 | 0xEF | 0xE7 | 0xE5)
    ) {
        return false;
    }
    let t = trim(l).1;
    if t.len() > 48 || l.contains('\t') {
        return false;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.len() <= 8;
    }
    if !matches!(
        t.chars().next(),
        Some('0'..='9' | '０'..='９' | '-' | '—' | '–' | '－' | '第' | '共')
    ) {
        return false;
    }
    // The line's shape without white space: each run of digits as `9`, any other character as
    // itself; at most the longest shape's characters.
    const SHAPES: [&[char]; 7] = [
        &['9'],
        &['-', '9', '-'],
        &['第', '9', '页'],
        &['第', '9', '页', '共', '9', '页'],
        &['共', '9', '页', '第', '9', '页'],
        &['9', '/', '9'],
        &['第', '9', '/', '9', '页'],
    ];
    let mut shape = ['\0'; 6];
    let (mut n, mut digits) = (0, 0);
    // White space and commas are passed over (`第1页，共16页`).
    for c in t
        .chars()
        .filter(|c| !crate::text::is_space(*c) && !matches!(c, '，' | ',' | '、'))
    {
        let c = match c {
            '0'..='9' | '０'..='９' => '9',
            '－' | '—' | '–' | '-' => '-',
            '／' => '/',
            c => c,
        };
        if c == '9' {
            digits += 1;
            if n > 0 && shape[n - 1] == '9' {
                continue;
            }
        }
        if n == shape.len() {
            return false;
        }
        shape[n] = c;
        n += 1;
        // Most lines stop at their second character (`1.属于…`, `第二十条…`).
        if !SHAPES.iter().any(|s| s.starts_with(&shape[..n])) {
            return false;
        }
    }
    let shape = &shape[..n];
    digits <= 8 && SHAPES.contains(&shape)
}

/// The bytes the lines cover (they stand next to each other, only line ends between them).
fn lines_bytes<'a>(lines: Lines<'_, 'a>) -> &'a [u8] {
    let start = lines.first().map_or(0, |l| l.start);
    let bytes = lines.text().as_bytes();
    bytes.get(start..start + span_of(lines)).unwrap_or_default()
}

/// Whether a tab stands on any of the lines (one search).
fn has_tab(lines: Lines<'_, '_>) -> bool {
    memchr::memchr(b'\t', lines_bytes(lines)).is_some()
}

/// How many tabs stand on the lines (one SIMD count).
fn tab_count(lines: Lines<'_, '_>) -> usize {
    memchr::memchr_iter(b'\t', lines_bytes(lines)).count()
}

/// Chooses the layout of a table's text from the shape of its lines.
pub(crate) fn detect(lines: Lines<'_, '_>) -> Layout {
    let mut tally = Tally {
        tab_rows: 0,
        broken: 0,
        len: lines.len(),
    };
    let mut bytes = lines.bytes().enumerate();
    for (k, b) in bytes.by_ref().take(2) {
        if let Some(layout) = tally.add(k, b) {
            return layout;
        }
    }
    // Two first lines with no tab: a text with none at all is told by one search.
    if tally.tab_rows + tally.broken == 0 && lines.len() > 2 && !has_tab(lines) {
        return Layout::BlankDropped;
    }
    // Cell lines first and no row of tabs: when the lines left hold as many tabs as there are
    // lines among them that start with one, every tab is such a line's only one (a line holds
    // at least as many tabs as it starts with), so each of them is a cell line and none a row:
    // the table is line-broken, told by one count over the text and a byte per line.
    if tally.tab_rows == 0 && tally.broken > 0 && lines.len() > 2 {
        let rest = lines.slice(2..);
        let starts = rest.bytes().filter(|b| b.first() == Some(&b'\t')).count();
        if tab_count(rest) == starts {
            return Layout::LineBroken;
        }
    }
    for (k, b) in bytes {
        if let Some(layout) = tally.add(k, b) {
            return layout;
        }
    }
    let Tally {
        tab_rows, broken, ..
    } = tally;
    if tab_rows > 0 && tab_rows >= broken {
        Layout::TabSeparated
    } else if broken > 0 {
        Layout::LineBroken
    } else {
        Layout::BlankDropped
    }
}

/// [`detect`]'s count of the lines read: rows of tabs, cell lines of a line-broken table; and
/// how many lines there are.
struct Tally {
    tab_rows: usize,
    broken: usize,
    len: usize,
}

impl Tally {
    /// Counts line `k` (its bytes `b`); the layout once the lines left cannot change it.
    #[inline(always)]
    fn add(&mut self, k: usize, b: &[u8]) -> Option<Layout> {
        // A cell line of a line-broken table starts with its tab as a rule; other lines are
        // short: a scan eight bytes at a time beats a SIMD search's setup. A cell line may be
        // indented before its tab (most lines start with no white space: their first byte
        // tells).
        let first = if b.first() == Some(&b'\t') {
            Some(0)
        } else {
            BytePositions::new(b, b'\t').next()
        };
        match first {
            None => {}
            Some(i)
                if (i == 0 || (space_at(b) > 0 && i == pad_len(b)))
                    && !b[i + 1..].contains(&b'\t') =>
            {
                self.broken += 1
            }
            Some(_) => self.tab_rows += 1,
        }
        // The lines left cannot undo a lead larger than their number: the layout is known.
        // (A lead is at most the lines read: none is that large before half of them are.)
        let left = self.len - k - 1;
        if k >= left {
            if self.tab_rows > self.broken + left {
                return Some(Layout::TabSeparated);
            }
            if self.broken > self.tab_rows + left {
                return Some(Layout::LineBroken);
            }
        }
        None
    }
}

/// At most this many rows are read from one table's text (a template table has under 40).
pub(crate) const MAX_ROWS: usize = 4096;
/// At most this many cells are read from one row (a template row has at most 16 with labels).
pub(crate) const MAX_CELLS: usize = 64;

/// One table of a section as read: its layout and its rows in the report's grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableText {
    pub layout: Layout,
    pub rows: std::ops::Range<usize>,
    /// The text held more rows or cells than are read.
    pub cut: bool,
    /// Per template (2019, 2021): how many of its label cells mark it (the template is told
    /// from these counts, made as the labels are keyed).
    pub marks: [usize; 2],
}

/// A table's cells, row after row, in one vector: `ends[i]` is where row `i` ends.
#[derive(Debug, Default)]
pub(crate) struct Grid<'a> {
    pub cells: Vec<RawCell<'a>>,
    ends: Vec<usize>,
    /// The keys of the labels.
    keys: Keys,
}

impl<'a> Grid<'a> {
    /// The rows in `range` (row numbers), each a slice of cells.
    pub fn rows_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = &[RawCell<'a>]> + '_ {
        let ends = self.ends.get(range.clone()).unwrap_or_default();
        let first = range
            .start
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        let starts = std::iter::once(first).chain(ends.iter().copied());
        starts
            .zip(ends.iter().copied())
            .map(|(s, e)| &self.cells[s..e])
    }

    /// All the rows, each a slice of cells.
    #[cfg(test)]
    pub fn rows(&self) -> impl Iterator<Item = &[RawCell<'a>]> + '_ {
        self.rows_in(0..self.ends.len())
    }

    /// A cell's label key (`None` but for a label).
    #[inline]
    pub fn key(&self, cell: &RawCell<'a>) -> Option<KeyRef<'_>> {
        self.keys.get(cell)
    }

    /// Per template (2019, 2021): whether a cell is a label that marks it.
    #[cfg(test)]
    pub fn marks(&self, cell: &RawCell<'a>) -> [bool; 2] {
        self.keys
            .keys
            .get(cell.key() as usize)
            .map_or([false; 2], Key::marks)
    }

    /// Per template (2019, 2021): how many label cells of the rows in `range` (row numbers)
    /// mark it, counted over their cells: what [`TableText::marks`] must be for a table's rows.
    #[cfg(test)]
    pub fn marks_in(&self, range: std::ops::Range<usize>) -> [usize; 2] {
        let mut n = [0; 2];
        for c in self.rows_in(range).flatten() {
            let [a, b] = self.marks(c);
            n[0] += usize::from(a);
            n[1] += usize::from(b);
        }
        n
    }

    /// How many rows.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The cells of the report's tables as the readers find them, decoded as they come: row after
/// row, where each row ends, and whether cells or rows of the table being read were left
/// unread. [`Texts::read`] reads one table; [`Texts::into_grid`] gives them all.
pub(crate) struct Texts<'a> {
    /// The whole input the cells are slices of.
    base: &'a str,
    cells: Vec<RawCell<'a>>,
    ends: Vec<usize>,
    cut: bool,
    keys: Keys,
    /// The line being read (1-based).
    line: u32,
    /// How many rows stood before the table being read.
    before: usize,
    /// Where the last cell ends once continued on the lines below it (line-broken tables): it
    /// is decoded again, once, when the next cell comes or its row ends.
    widened: Option<usize>,
    /// Where the raw text of the cell last pushed by [`Texts::push`] starts (byte offset, line,
    /// column): a continued cell is decoded again from there.
    raw: (usize, u32, u32),
    /// The most cells a row of a line-broken table has had in the report.
    widest: usize,
}

impl<'a> Texts<'a> {
    /// Room for the cells of tables on `lines` of `base`, so that the vectors rarely grow (a
    /// cell takes five bytes or more: a digit and a tab, or a line end and a tab).
    #[cfg(test)]
    pub fn for_text(base: &'a str, lines: Lines<'_, 'a>) -> Self {
        Self::with_capacity(base, span_of(lines))
    }

    /// Room for the cells of tables `len` bytes long in all.
    pub fn with_capacity(base: &'a str, len: usize) -> Self {
        Texts {
            base,
            cells: Vec::with_capacity((len / 5).min(1 << 14)),
            // A row takes a line, of eight bytes or more as a rule.
            ends: Vec::with_capacity((len / 8).min(MAX_ROWS)),
            cut: false,
            keys: Keys::with_capacity(len),
            line: 0,
            before: 0,
            widened: None,
            raw: (0, 0, 0),
            widest: 0,
        }
    }

    /// Reads one table's lines in the given layout (`first`: the 0-based number of the first
    /// line in the input).
    pub fn read(&mut self, layout: Layout, lines: Lines<'_, 'a>, first: usize) -> TableText {
        self.before = self.ends.len();
        let marks_before = self.keys.marks;
        self.cut = false;
        let parsed = match layout {
            Layout::TabSeparated => tab_separated(self, lines, first),
            Layout::LineBroken => line_broken(self, lines, first),
            Layout::BlankDropped => blank_dropped(self, lines, first),
        };
        let cut = match parsed {
            Ok((rest, ())) => self.cut || rest.iter().any(|l| !l.is_blank()),
            Err(_) => !lines.iter().all(|l| l.is_blank()),
        };
        // A row left open when the table was cut short is dropped, not joined to the next
        // table's first row.
        self.settle();
        let kept = self.ends.last().copied().unwrap_or(0);
        if let Some(open) = self.cells.get(kept..) {
            for c in open {
                self.keys.uncount(c);
            }
        }
        self.cells.truncate(kept);
        // The marks of the cells kept: those of the table's cells less those let go. Neither
        // half of the packed count borrows from the other: each is only ever the larger now.
        let n = self.keys.marks - marks_before;
        TableText {
            layout,
            rows: self.before..self.ends.len(),
            cut,
            marks: [(n & u64::from(u32::MAX)) as usize, (n >> 32) as usize],
        }
    }

    /// Decodes the cell `text`, a slice of the current line starting at `column` (1-based, in
    /// characters: each reader knows it as it splits the line).
    #[inline(always)]
    fn cell(&mut self, text: &'a str, column: u32) -> RawCell<'a> {
        let offset = self.base.offset(text);
        RawCell::new(text, offset, (self.line, column), &mut self.keys)
    }
    #[inline(always)]
    fn push(&mut self, text: &'a str, column: u32) {
        self.settle();
        let offset = self.base.offset(text);
        self.raw = (offset, self.line, column);
        let c = RawCell::new(text, offset, (self.line, column), &mut self.keys);
        self.cells.push(c);
    }
    /// [`Texts::push`] where no cell can have been continued (a tab-separated table's: only
    /// the line-broken reader widens a cell, and every table's reading ends settled).
    #[inline(always)]
    fn push_settled(&mut self, text: &'a str, column: u32) {
        debug_assert!(self.widened.is_none());
        let c = self.cell(text, column);
        self.cells.push(c);
    }

    /// [`Texts::push_settled`] for the cell of a tab-separated row `l` (at byte `at` of the
    /// input) from byte `start` to `end`, `conts` continuation bytes standing before it on the
    /// line: returns the continuation bytes of the cell. The usual cell, ASCII digits alone (as
    /// [`plain_cell`] reads them, with no padding) or nothing, takes a short way: it has none,
    /// and one digit or none is its own text (any slice of the same text does as well: only
    /// the text and its length are read, its place is `start`).
    #[inline(always)]
    fn push_tab_cell(
        &mut self,
        l: &'a str,
        at: usize,
        start: usize,
        end: usize,
        conts: usize,
    ) -> usize {
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        // Columns and offsets fit a `u32`: the input is under 4 GiB (as saturated sums, the
        // characters before the cell and one, they are that at most).
        let column = u32::try_from(start + 1 - conts).unwrap_or(u32::MAX);
        let b = l.as_bytes().get(start..end).unwrap_or_default();
        let (text, n, kind) = match b {
            [] => ("", 0, Kind::Empty),
            [d @ b'0'..=b'9'] => {
                let v = d - b'0';
                (DIGITS[usize::from(v)], i64::from(v), Kind::Count)
            }
            _ => {
                let text = l.get(start..end).unwrap_or_default();
                let Some(n) = digits_value(b) else {
                    self.push_settled(text, column);
                    return b.len() - char_count(b) as usize;
                };
                (text, n, Kind::Count)
            }
        };
        self.cells.push(RawCell {
            text,
            data: n,
            start: (at + start) as u32,
            line: self.line,
            column,
            kind,
            scale: 0,
            unit: None,
        });
        0
    }

    /// Continues the last cell to byte `end` of the input (a line that goes on with it).
    fn widen(&mut self, end: usize) {
        self.widened = Some(end);
    }

    /// Decodes the last cell again when it was continued (most cells were not: the test stays
    /// inline, the decoding does not).
    #[inline(always)]
    fn settle(&mut self) {
        if let Some(end) = self.widened.take() {
            self.settle_at(end);
        }
    }

    /// Decodes the last cell again, continued to byte `end` of the input.
    #[inline(never)]
    fn settle_at(&mut self, end: usize) {
        if let Some(last) = self.cells.last() {
            // The last cell is the one last pushed: its raw text starts where it was found.
            let (offset, line, column) = self.raw;
            let text = self.base.get(offset..end).unwrap_or(last.text);
            // The cell read before is let go.
            self.keys.uncount(last);
            let widened = RawCell::new(text, offset, (line, column), &mut self.keys);
            if let Some(last) = self.cells.last_mut() {
                *last = widened;
            }
        }
    }
    /// How many rows of the table being read.
    fn rows(&self) -> usize {
        self.ends.len() - self.before
    }
    fn open(&self) -> usize {
        self.cells.len() - self.ends.last().copied().unwrap_or(0)
    }
    fn end_row(&mut self) {
        self.settle();
        if self.open() > 0 {
            self.ends.push(self.cells.len());
        }
    }
    pub fn into_grid(self) -> Grid<'a> {
        Grid {
            cells: self.cells,
            ends: self.ends,
            keys: self.keys,
        }
    }
}

/// The length in bytes of the text the lines cover.
pub(crate) fn span_of(lines: Lines<'_, '_>) -> usize {
    lines.last().map_or(0, |l| l.end()) - lines.first().map_or(0, |l| l.start)
}

/// The loop the tab-separated and blank-dropped readers share, a parser over the table's lines:
/// each line goes to `each` until the lines end or [`MAX_ROWS`] rows are read; the row still open
/// at the end is closed. Returns the lines left unread. ([`line_broken`] reads lines the same
/// way in a loop of its own.)
fn by_lines<'s, 'a>(
    t: &mut Texts<'a>,
    lines: Lines<'s, 'a>,
    first: usize,
    mut each: impl FnMut(&mut Texts<'a>, &'a str),
) -> IResult<Lines<'s, 'a>, ()> {
    for (i, l) in lines.iter().enumerate() {
        if t.rows() == MAX_ROWS {
            t.cut = true;
            return Ok((lines.slice(i..), ()));
        }
        t.line = u32::try_from(first + i + 1).unwrap_or(u32::MAX);
        each(t, l.text);
    }
    t.end_row();
    Ok((lines.slice(lines.len()..), ()))
}

/// Tab-separated: every non-blank line is a row; its cells are split by `\t`.
fn tab_separated<'s, 'a>(
    t: &mut Texts<'a>,
    lines: Lines<'s, 'a>,
    first: usize,
) -> IResult<Lines<'s, 'a>, ()> {
    by_lines(t, lines, first, |t, l| {
        if is_padding(l) {
            return;
        }
        // At most MAX_CELLS cells: split at the tabs, the last cell running to the line end.
        // A cell's column is one more than the characters before it: its byte offset in the
        // line less the continuation bytes before it (those of the cells read the long way).
        let b = l.as_bytes();
        let at = t.base.offset(l);
        let (mut start, mut n, mut conts) = (0, 0, 0);
        // No cell of a tab-separated table is ever continued: the cells go straight in.
        for i in BytePositions::new(b, b'\t') {
            conts += t.push_tab_cell(l, at, start, i, conts);
            n += 1;
            start = i + 1;
            if n == MAX_CELLS {
                break;
            }
        }
        if n < MAX_CELLS {
            t.push_tab_cell(l, at, start, l.len(), conts);
            start = l.len() + 1;
        }
        // Cells were left unread when a tab stands after the last cell read.
        t.cut |= start <= l.len();
        // The row holds a cell at least: it ends here.
        debug_assert!(t.widened.is_none() && t.open() > 0);
        t.ends.push(t.cells.len());
    })
}

/// Line-broken: a line `\t<cell>` starts a cell, a line without the tab continues the cell
/// above (`本年新` / `制作数量`), a blank line ends the row. Not inlined: in [`Texts::read`] it
/// would crowd the tab-separated loop's registers (and the other way round). Its own loop, as
/// [`by_lines`] reads lines: the open row's cells are counted as they come, the line number is
/// set only for a cell, and the rows are counted only when one ends.
#[inline(never)]
fn line_broken<'s, 'a>(
    t: &mut Texts<'a>,
    lines: Lines<'s, 'a>,
    first: usize,
) -> IResult<Lines<'s, 'a>, ()> {
    // A copy that doubled every line end has a blank line between any two cell lines: then a
    // row ends at a longer run of blank lines than that.
    let row_end = blank_run_between_cells(lines) + 1;
    // Blank lines since the last cell, and whether a page's furniture stood among them.
    let (mut blank, mut furniture) = (0, false);
    // The cells of the open row, and whether the table's rows are all read.
    let (mut open, mut full) = (t.open(), t.rows() == MAX_ROWS);
    for (i, line) in lines.iter().enumerate() {
        if full {
            t.cut = true;
            return Ok((lines.slice(i..), ()));
        }
        let l = line.text;
        // The usual cell line first, told by its first byte; then an empty line.
        let cell = match l.as_bytes().first() {
            Some(b'\t') => Some((l.get(1..).unwrap_or_default(), 2)),
            None => {
                blank += 1;
                continue;
            }
            Some(_) => match other_line(l) {
                Other::Blank => {
                    blank += 1;
                    continue;
                }
                // A page's furniture (a section's heading or the title again, a page number):
                // no cell, and the blank lines around it are the page break's.
                Other::Furniture => {
                    furniture = true;
                    continue;
                }
                Other::Cell(cell, column) => Some((cell, column)),
                Other::Text => None,
            },
        };
        // A run of blank lines ends the row. A row cut by a page break goes on after it: one
        // narrower than the report's widest, whose values go on after the break.
        if blank >= row_end {
            let cut_by_page = || {
                open < t.widest
                    && t.cells.last().is_some_and(|c| !c.is_text())
                    && next_cell(lines.slice(i + 1..), cell.map(|(c, _)| c))
                        .is_some_and(|c| cell_text(c) != CellText::Text)
            };
            if !(furniture && cut_by_page()) {
                t.widest = t.widest.max(open);
                t.end_row();
                open = 0;
                full = t.rows() == MAX_ROWS;
            }
        }
        (blank, furniture) = (0, false);
        if open == MAX_CELLS {
            t.cut = true;
            continue;
        }
        t.line = u32::try_from(first + i + 1).unwrap_or(u32::MAX);
        if let Some((cell, column)) = cell {
            t.push(cell, column);
        } else if open > 0 {
            // A continuation: the cell above goes on to the end of this line.
            let end = t.base.offset(l) + l.len();
            t.widen(end);
            continue;
        } else {
            t.push(l, 1);
        }
        open += 1;
    }
    t.end_row();
    Ok((lines.slice(lines.len()..), ()))
}

/// A line of a line-broken table that does not start with a cell's tab, nor is empty.
enum Other<'a> {
    /// Padding alone (no tab).
    Blank,
    /// A page's furniture: a section's heading or the title again, a page number.
    Furniture,
    /// A cell's line indented before its tab: the cell and its column.
    Cell(&'a str, u32),
    /// A line that goes on with the cell above, or starts a row's first cell.
    Text,
}

/// What a line of a line-broken table that does not start with a tab holds.
fn other_line(l: &str) -> Other<'_> {
    if is_blank_line(l) {
        return Other::Blank;
    }
    let pad = pad_len(l.as_bytes());
    // The padding's characters (a few, at most): every byte but a continuation byte starts
    // one.
    let pad_chars = l.bytes().take(pad).filter(|&b| (b as i8) >= -0x40).count();
    let column = u32::try_from(pad_chars)
        .unwrap_or(u32::MAX)
        .saturating_add(2);
    match l.get(pad..).and_then(|r| r.strip_prefix('\t')) {
        Some(cell) => Other::Cell(cell, column),
        None if is_heading_like(l) || is_page_number(l) || is_running_title(l) => Other::Furniture,
        None => Other::Text,
    }
}

/// The first cell with text in it from `here` (the cell on the line being read) on through
/// `rest` (the lines after it): the cell's text.
fn next_cell<'a>(rest: Lines<'_, 'a>, here: Option<&'a str>) -> Option<&'a str> {
    let below = rest
        .iter()
        .map(|l| l.text)
        .filter(|l| {
            !is_blank_line(l) && !is_page_number(l) && !is_running_title(l) && !is_heading_like(l)
        })
        .map(|l| l.trim_start_matches(|c: char| c == '\t' || crate::text::is_space(c)));
    here.into_iter().chain(below).find(|c| !is_padding(c))
}

/// The report's title again on a line of its own (a running header of a paged copy:
/// `某局2020年政府信息公开工作年度报告`): no table's cell names both.
fn is_running_title(l: &str) -> bool {
    !l.contains('\t') && l.contains("政府信息公开") && (l.contains("报告") || l.contains("年报"))
}

/// The fewest blank lines that stand between two cell lines of a line-broken table (0 as a
/// rule; 1 in a copy that doubled every line end).
fn blank_run_between_cells(lines: Lines<'_, '_>) -> usize {
    let (mut fewest, mut run) = (usize::MAX, None);
    for l in lines {
        if is_blank_line(l.text) {
            run = run.map(|r: usize| r + 1);
        } else {
            match run {
                // Two cell lines next to each other: the usual copy (most tables stop here).
                Some(0) => return 0,
                Some(r) => fewest = fewest.min(r),
                None => {}
            }
            run = Some(0);
        }
    }
    if fewest == usize::MAX {
        0
    } else {
        fewest
    }
}

/// Blank cells dropped: every non-blank line is a cell. A row is a run of label cells and the
/// value cells that follow them; a label after values starts the next row.
fn blank_dropped<'s, 'a>(
    t: &mut Texts<'a>,
    lines: Lines<'s, 'a>,
    first: usize,
) -> IResult<Lines<'s, 'a>, ()> {
    let mut has_values = false;
    by_lines(t, lines, first, |t, l| {
        if is_padding(l) {
            return;
        }
        let cell = t.cell(l, 1);
        let is_text = cell.is_text();
        if is_text && (has_values || t.open() > 0) {
            t.end_row();
            has_values = false;
        }
        has_values |= !is_text;
        // (A label, the one cell with a key, always opens a row: none is left out here.)
        if t.open() == MAX_CELLS {
            t.cut = true;
        } else {
            t.cells.push(cell);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<'a>(layout: Layout, base: &'a str, lines: Lines<'_, 'a>) -> Grid<'a> {
        let mut t = Texts::for_text(base, lines);
        t.read(layout, lines, 0);
        t.into_grid()
    }

    fn texts(grid: &Grid<'_>) -> Vec<Vec<String>> {
        grid.rows()
            .map(|r| r.iter().map(|c| c.trimmed_text().to_string()).collect())
            .collect()
    }

    #[test]
    fn plain_cells_read_as_trimming_and_decoding_read_them() {
        for pad in [
            "",
            " ",
            "\t",
            "\u{3000}",
            "\u{a0}",
            "\u{feff}",
            "\u{200b}",
            "\n",
            " \u{a0}\r",
        ] {
            for core in [
                "",
                "0",
                "12",
                "007",
                "123456789012345678",
                "1234567890123456789",
                "1.5",
                "无",
                "规章",
            ] {
                for text in [
                    format!("{pad}{core}"),
                    format!("{core}{pad}"),
                    format!("{pad}{core}{pad}"),
                ] {
                    let want = (
                        trim(&text).0,
                        trim(&text).1.len(),
                        cell_text_trimmed(trim(&text).1),
                    );
                    if let Some((start, len, n, pad)) = plain_cell(text.as_bytes()) {
                        let chars = text[..start as usize].chars().count() as u32;
                        let line_end = text[..start as usize].contains('\n');
                        if n.is_some() {
                            let want = if line_end { u32::MAX } else { chars };
                            assert_eq!(pad, want, "{text:?}");
                        }
                        let kind = n.map_or(CellText::Blank, |n| {
                            CellText::Number(Decimal::new(i128::from(n), 0), None)
                        });
                        assert_eq!((start as usize, len as usize, kind), want, "{text:?}");
                    } else {
                        assert!(
                            !core.bytes().all(|b| b.is_ascii_digit()) || core.len() > 18,
                            "{text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn layouts_stopped_early_are_those_all_lines_give() {
        // Every sequence of up to six lines, each a tab-separated row (one starting with its
        // tab too), a cell line (one indented before its tab too) or neither.
        let kinds = ["规章\t0", "\t0", "规章", "\t0\t1", "\u{3000}\t0"];
        for n in 0..=6u32 {
            for mut code in 0..kinds.len().pow(n) {
                let mut text = String::new();
                let (mut tab_rows, mut broken) = (0, 0);
                for _ in 0..n {
                    let k = code % kinds.len();
                    code /= kinds.len();
                    tab_rows += usize::from(k == 0 || k == 3);
                    broken += usize::from(k == 1 || k == 4);
                    text.push_str(kinds[k]);
                    text.push('\n');
                }
                let want = if tab_rows > 0 && tab_rows >= broken {
                    Layout::TabSeparated
                } else if broken > 0 {
                    Layout::LineBroken
                } else {
                    Layout::BlankDropped
                };
                let list = crate::document::lines(&text).unwrap();
                assert_eq!(detect(list.view()), want, "{text:?}");
            }
        }
    }

    #[test]
    fn labels_as_the_templates_print_them_read_as_no_value() {
        let mut keys = Keys::default();
        let mut spelled = 0;
        for text in index::spelled_texts() {
            let cell = RawCell::new(text, 0, (1, 1), &mut keys);
            assert_eq!(cell.kind, Kind::Spelled, "{text}");
            spelled += 1;
            assert!(!cell.digits_read_as_value(), "{text}");
        }
        assert!(spelled > 100);
    }

    #[test]
    fn page_numbers() {
        for l in [
            "- 3 -",
            "—12—",
            "－ 3 －",
            "第3页",
            "第 3 页 共 8 页",
            "共8页 第3页",
            "3/8",
            "第 ３ 页",
            "第1页，共16页",
            " 7 ",
            "１２",
        ] {
            assert!(is_page_number(l), "{l}");
        }
        for l in [
            "",
            "-3",
            "3.5",
            "1.属于国家秘密",
            "第二十条第（一）项",
            "共3件",
            "\t3",
            "3 - 4 - 5",
            "第3项",
            "123456789",
        ] {
            assert!(!is_page_number(l), "{l}");
        }
    }

    #[test]
    fn tab_rows() {
        let t = "规章\t0\t0\t0\r\n行政许可\t0\t\t\n";
        let list = crate::document::lines(t).unwrap();
        let lines = list.view();
        assert_eq!(detect(lines), Layout::TabSeparated);
        let rows = read(detect(lines), t, lines);
        assert_eq!(
            texts(&rows),
            vec![vec!["规章", "0", "0", "0"], vec!["行政许可", "0", "", ""]]
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.cells[5].trimmed().0, t.find("0\t\t").unwrap());
    }

    #[test]
    fn broken_rows_join_continuations() {
        let t = "\t信息内容\n\t本年新\n制作数量\n\n\t规章\n\t\u{3000}0\n";
        let list = crate::document::lines(t).unwrap();
        let lines = list.view();
        assert_eq!(detect(lines), Layout::LineBroken);
        let rows = read(detect(lines), t, lines);
        assert_eq!(
            texts(&rows),
            vec![vec!["信息内容", "本年新\n制作数量"], vec!["规章", "0"]]
        );
    }

    #[test]
    fn a_row_left_open_at_the_row_cap_is_dropped() {
        // Blank cells dropped: the label after the last row read opens a row the cap cuts off;
        // the next table of the section starts clean.
        let first = "规章\n0\n".repeat(MAX_ROWS + 4);
        let t = format!("{first}行政许可\t1\t2\n");
        let list = crate::document::lines(&t).unwrap();
        let lines = list.view();
        let split = 2 * (MAX_ROWS + 4);
        let mut texts = Texts::for_text(&t, lines);
        let TableText { rows, cut, .. } = texts.read(Layout::BlankDropped, lines.slice(..split), 0);
        assert_eq!((rows, cut), (0..MAX_ROWS, true));
        let TableText { rows, cut, .. } =
            texts.read(Layout::TabSeparated, lines.slice(split..), split);
        assert_eq!((rows.clone(), cut), (MAX_ROWS..MAX_ROWS + 1, false));
        let grid = texts.into_grid();
        let row: Vec<&str> = grid.rows_in(rows).flatten().map(|c| c.text).collect();
        assert_eq!(row, ["行政许可", "1", "2"]);
        assert_eq!(grid.cells.len(), 2 * MAX_ROWS + 3);
    }

    #[test]
    fn a_cell_continued_over_many_lines_is_read_once_whole() {
        let n = 20_000;
        let t = format!("\t{}规章\n{}\t0\n", " ".repeat(8), "续\n".repeat(n));
        let list = crate::document::lines(&t).unwrap();
        let lines = list.view();
        let grid = read(Layout::LineBroken, &t, lines);
        let cells: Vec<&RawCell<'_>> = grid.rows().flatten().collect();
        assert_eq!(cells.len(), 2);
        assert_eq!(
            cells[0].trimmed_text().len(),
            "规章".len() + n * "\n续".len()
        );
        assert!(cells[0].is_narrative());
        let span = cells[0].span();
        assert_eq!((span.line, span.column), (1, 10));
        assert_eq!(cells[1].span().line, n as u32 + 2);
    }

    #[test]
    fn marks_are_summed_over_a_range_as_over_its_cells() {
        let t = "\t信息内容\n\t本年新\n制作数量\n\t本年制发件数\n\n\t规章\n\t0\n\n\t第二十条第（一）项\n\n\t信息内容\n\t本年新制作数量\n\t本年废止件数\n\t一段很长的叙述。\n";
        let list = crate::document::lines(t).unwrap();
        let lines = list.view();
        let grid = read(Layout::LineBroken, t, lines);
        let n = grid.len();
        assert!(n >= 4);
        for start in 0..=n {
            for end in start..=n {
                let mut want = [0; 2];
                for cell in grid.rows_in(start..end).flatten().filter(|c| c.is_text()) {
                    let m = grid.marks(cell);
                    want[0] += usize::from(m[0]);
                    want[1] += usize::from(m[1]);
                }
                assert_eq!(grid.marks_in(start..end), want, "{start}..{end}");
            }
        }
        assert_ne!(grid.marks_in(0..n), [0; 2]);
    }

    #[test]
    fn marks_of_tables_read_one_after_another_are_those_of_their_cells() {
        // A table cut at the row cap with a label left in an open row, a line-broken one with
        // a cell continued below, a table with no row, a tab-separated one.
        let first = "本年制发件数\n0\n".repeat(MAX_ROWS + 2);
        let t = format!(
            "{first}\t信息内容\n\t本年制发件数\n（件）\n\t规章\n\t0\n\n\n规章\t0\n行政许可\t1\t本年废止件数\n"
        );
        let list = crate::document::lines(&t).unwrap();
        let lines = list.view();
        let split = 2 * (MAX_ROWS + 2);
        let mut texts = Texts::for_text(&t, lines);
        let mut tables = Vec::new();
        for (layout, range) in [
            (Layout::BlankDropped, 0..split),
            (Layout::LineBroken, split..split + 6),
            (Layout::BlankDropped, split + 6..split + 7),
            (Layout::TabSeparated, split + 7..split + 9),
        ] {
            let first = range.start;
            tables.push(texts.read(layout, lines.slice(range), first));
        }
        let grid = texts.into_grid();
        let n = grid.len();
        assert_eq!(tables.last().map(|t| t.rows.end), Some(n));
        let want = |range: std::ops::Range<usize>| {
            let mut want = [0; 2];
            for cell in grid.rows_in(range).flatten() {
                let m = grid.marks(cell);
                want[0] += usize::from(m[0]);
                want[1] += usize::from(m[1]);
            }
            want
        };
        for t in &tables {
            assert_eq!(t.marks, want(t.rows.clone()), "{:?}", t.rows);
        }
        for a in &tables {
            for b in &tables {
                let range = a.rows.start..b.rows.end;
                assert_eq!(
                    grid.marks_in(range.clone()),
                    want(range.clone()),
                    "{range:?}"
                );
            }
        }
        for range in [0..1, 1..n, n - 3..n - 1, n - 1..n + 2, n + 1..n + 3] {
            assert_eq!(
                grid.marks_in(range.clone()),
                want(range.clone()),
                "{range:?}"
            );
        }
        assert_ne!(grid.marks_in(0..n), [0; 2]);
    }

    #[test]
    fn dropped_rows_start_at_labels() {
        let t = "规章\n0\n规范性文件\n行政许可\n1\n2\n3\n";
        let list = crate::document::lines(t).unwrap();
        let lines = list.view();
        assert_eq!(detect(lines), Layout::BlankDropped);
        let rows = read(detect(lines), t, lines);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["规章", "0"],
                vec!["规范性文件"],
                vec!["行政许可", "1", "2", "3"]
            ]
        );
    }
}
