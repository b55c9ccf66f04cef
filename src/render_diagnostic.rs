//! Diagnostics for people, the way a compiler shows them.
//!
//! ```text
//! r1.txt:33:18: error[R1]: 一+二 = 三(七)+四 fails in column 自然人: 24 + 2 ≠ 22 + 3
//!    |
//! 33 | 一、本年新收政府信息公开申请数量    24    5    1    2    2    1    35
//!    |                                     ^^ 一、本年新收政府信息公开申请数量 · 自然人
//! 34 | 二、上年结转政府信息公开申请数量    2    1    0    0    0    0    3
//!    |                                     - 二、上年结转政府信息公开申请数量 · 自然人
//! 54 |     （七）总计    22    6    1    1    2    1    33
//!    |                   -- （七）总计 · 自然人
//! 55 | 四、结转下年度继续办理    3    0    0    1    0    0    4
//!    |                           - 四、结转下年度继续办理 · 自然人
//! ```
//!
//! The first line is `FILE:LINE:COL: severity[CODE]: message` (line and column of the primary
//! place, the column counted in characters). Then each source line involved, once, in text
//! order, with `^` under the primary place and `-` under the others, each followed by its label.
//! Marks are placed by display width: CJK and other full-width characters take two columns, a
//! tab is shown as four spaces. Places in another file (findings across reports) come after a
//! `--> FILE:LINE:COL` line. Parse findings (`P1` … `P7`) and validation findings render alike.

use crate::diagnostic::{Diagnostic, Location};
use std::fmt;
use unicode_width::UnicodeWidthChar;

/// A text diagnostics point into: the name to show (a path) and the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<'a> {
    /// The name shown before `:LINE:COL` (usually the file's path).
    pub name: &'a str,
    /// The text that was parsed: every span is a byte range into it.
    pub text: &'a str,
}

impl<'a> Source<'a> {
    /// A source from its name and text.
    pub fn new(name: &'a str, text: &'a str) -> Source<'a> {
        Source { name, text }
    }
}

/// How many columns `s` takes on screen: CJK and full-width characters two, a tab four,
/// control characters none.
///
/// # Examples
///
/// ```
/// use zfxxgk::render_diagnostic::display_width;
///
/// assert_eq!(display_width("规章\t12"), 2 + 2 + 4 + 2);
/// assert_eq!(display_width("（一）"), 6);
/// ```
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match c {
        '\t' => TAB.len(),
        c if c.is_control() => 0,
        c => c.width().unwrap_or(0),
    }
}

const TAB: &str = "    ";

/// Renders a diagnostic as text (see the module documentation), ending with a newline.
///
/// `sources` are the texts its places point into: for a finding on one report, `sources[0]`;
/// for a finding across reports ([`crate::validate_series`]), `sources[i]` is the text of the
/// `i`-th report given to it (see [`Diagnostic::reports`]). A place whose source is not given,
/// or whose span does not fit its text, is left out; nothing here panics.
///
/// # Examples
///
/// ```
/// use zfxxgk::render_diagnostic::{render, Source};
///
/// let text = include_str!("../tests/fixtures/validate/r4.txt");
/// let report = zfxxgk::parse(text)?;
/// let findings = report.validate();
/// let shown = render(&findings[0], &[Source::new("r4.txt", text)]);
/// assert_eq!(shown, "\
/// r4.txt:62:9: error[R4]: 行政复议: 总计 = 结果维持+结果纠正+其他结果+尚未审结 fails: 4 ≠ 1 + 1 + 0 + 1
///    |
/// 62 | 1    1    0    1    4    1    0    1    0    2    0    0    0    1    1
///    |                     ^ 行政复议 · 总计
///    | - 行政复议 · 结果维持
///    |      - 行政复议 · 结果纠正
///    |           - 行政复议 · 其他结果
///    |                - 行政复议 · 尚未审结
/// ");
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn render(diagnostic: &Diagnostic, sources: &[Source<'_>]) -> String {
    let mut out = String::new();
    let _ = write_to(&mut out, diagnostic, sources);
    out
}

/// [`render`] into any [`fmt::Write`].
pub fn write_to(
    out: &mut dyn fmt::Write,
    diagnostic: &Diagnostic,
    sources: &[Source<'_>],
) -> fmt::Result {
    let places: Vec<Place<'_>> = diagnostic
        .locations()
        .filter_map(|l| Place::new(l, sources))
        .collect();
    // Header: the primary place (else the first one), else the first source's name.
    match places.first() {
        Some(p) => write!(out, "{}:{}:{}: ", p.source.name, p.line, p.column)?,
        None => {
            if let Some(s) = sources.first() {
                write!(out, "{}: ", s.name)?;
            }
        }
    }
    writeln!(
        out,
        "{}[{}]: {}",
        diagnostic.severity, diagnostic.code, diagnostic.message
    )?;
    if places.is_empty() {
        return Ok(());
    }
    let gutter = places
        .iter()
        .map(|p| p.line.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    writeln!(out, "{pad} |")?;
    // Sources in order of first appearance, the primary's first.
    let mut order: Vec<usize> = Vec::new();
    for p in &places {
        if !order.contains(&p.source_index) {
            order.push(p.source_index);
        }
    }
    for (n, &src) in order.iter().enumerate() {
        let mut group: Vec<&Place<'_>> = places.iter().filter(|p| p.source_index == src).collect();
        group.sort_by_key(|p| (p.line_start, p.start, !p.location.primary));
        if n > 0 {
            if let Some(first) = group.first() {
                writeln!(
                    out,
                    "{pad}--> {}:{}:{}",
                    first.source.name, first.line, first.column
                )?;
                writeln!(out, "{pad} |")?;
            }
        }
        for same in group.chunk_by(|a, b| a.line_start == b.line_start) {
            let first = same[0];
            let line = first
                .source
                .text
                .get(first.line_start..first.line_end)
                .unwrap_or("");
            writeln!(out, "{:>gutter$} | {}", first.line, shown(line))?;
            marks(out, &pad, same)?;
        }
    }
    Ok(())
}

/// The marker rows under one source line: one per place, the primary's first, then the others
/// left to right; each has its marks (`^` or `-`) under the place and its label after them.
fn marks(out: &mut dyn fmt::Write, pad: &str, same: &[&Place<'_>]) -> fmt::Result {
    let mut rows: Vec<&Place<'_>> = same.to_vec();
    rows.sort_by_key(|p| (!p.location.primary, p.pad));
    for p in rows {
        let mark = if p.location.primary { "^" } else { "-" };
        let label = p.location.label.unwrap_or("");
        let row = format!("{}{} {label}", " ".repeat(p.pad), mark.repeat(p.width));
        writeln!(out, "{pad} | {}", row.trim_end())?;
    }
    Ok(())
}

/// A source line as shown: tabs as four spaces, control characters dropped.
fn shown(line: &str) -> String {
    let mut s = String::with_capacity(line.len() + 16);
    for c in line.trim_end_matches(['\r', '\n']).chars() {
        match c {
            '\t' => s.push_str(TAB),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.trim_end().to_string()
}

/// A place resolved in its source text.
struct Place<'a> {
    location: Location<'a>,
    source: Source<'a>,
    source_index: usize,
    line: u32,
    column: u32,
    line_start: usize,
    line_end: usize,
    start: usize,
    /// Display columns before the place on its line.
    pad: usize,
    /// Display columns of the marks (at least one).
    width: usize,
}

impl<'a> Place<'a> {
    fn new(location: Location<'a>, sources: &[Source<'a>]) -> Option<Place<'a>> {
        let source_index = location.report.unwrap_or(0);
        let source = *sources.get(source_index)?;
        let text = source.text;
        let span = location.span;
        if span.start > text.len() || !text.is_char_boundary(span.start) {
            return None;
        }
        let start = span.start;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut end = span.end.clamp(start, line_end);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let line = match span.line {
            0 => 1 + text[..line_start].matches('\n').count() as u32,
            l => l,
        };
        let column = match span.column {
            0 => 1 + text[line_start..start].chars().count() as u32,
            c => c,
        };
        Some(Place {
            location,
            source,
            source_index,
            line,
            column,
            line_start,
            line_end,
            start,
            pad: display_width(&text[line_start..start]),
            width: display_width(text[start..end].trim_end_matches('\r')).max(1),
        })
    }
}
