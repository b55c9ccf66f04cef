//! Layout readers: the text of one table, as a copy left it, turned into rows of raw cells.
//!
//! Each layout of SPEC §6 is a nom parser over the table's text; every cell it returns is a slice
//! of the input, so its byte offset is exact. A new layout joins by adding a parser here and a
//! case to [`detect`]; the binding to the template does not change.

use nom::bytes::complete::take_till;
use nom::character::complete::char;
use nom::combinator::{eof, not, opt};
use nom::multi::{many0, separated_list1};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Offset, Parser};

use crate::text::{cell_text, trim, CellText};

/// How a copy lays out the cells of a table (SPEC §6): what [`crate::render`] writes and what the
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// A row per line, cells split by tabs.
    TabSeparated,
    /// One cell per line, each line starting with a tab; a blank line ends a row.
    LineBroken,
    /// Every cell on its own line with no tabs, blank cells gone.
    BlankDropped,
}

/// One cell as found: its raw text (untrimmed) and the byte offset of that text in the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawCell<'a> {
    pub text: &'a str,
    pub offset: usize,
}

impl<'a> RawCell<'a> {
    /// What the cell holds.
    pub fn kind(&self) -> CellText {
        cell_text(self.text)
    }

    /// The span of the trimmed text (for an all-blank cell: the raw text without line ends).
    pub fn trimmed(&self) -> (usize, usize) {
        let (off, t) = trim(self.text);
        if t.is_empty() {
            let raw = self.text.trim_end_matches(['\r', '\n']);
            (self.offset, self.offset + raw.len())
        } else {
            (self.offset + off, self.offset + off + t.len())
        }
    }
}

/// A row of raw cells.
pub(crate) type RawRow<'a> = Vec<RawCell<'a>>;

/// One line without its line end (`\n`, `\r\n`), consuming the line end.
fn line(input: &str) -> IResult<&str, &str> {
    preceded(
        not(eof),
        terminated(take_till(|c| c == '\n'), opt(char('\n'))),
    )
    .parse(input)
    .map(|(rest, l)| (rest, l.strip_suffix('\r').unwrap_or(l)))
}

fn is_blank_line(l: &str) -> bool {
    !l.starts_with('\t') && trim(l).1.is_empty()
}

/// Chooses the layout of a table's text from the shape of its lines.
pub(crate) fn detect(region: &str) -> Layout {
    let (mut tab_rows, mut broken, mut plain) = (0usize, 0usize, 0usize);
    let mut rest = region;
    while let Ok((r, l)) = line(rest) {
        rest = r;
        let tabs = l.bytes().filter(|b| *b == b'\t').count();
        if tabs == 0 {
            plain += usize::from(!trim(l).1.is_empty());
        } else if tabs == 1 && l.starts_with('\t') {
            broken += 1;
        } else {
            tab_rows += 1;
        }
    }
    let _ = plain;
    if tab_rows > 0 && tab_rows >= broken {
        Layout::TabSeparated
    } else if broken > 0 {
        Layout::LineBroken
    } else {
        Layout::BlankDropped
    }
}

/// Reads a table's text in the given layout. `base` is the whole input `region` is a slice of.
pub(crate) fn read<'a>(layout: Layout, base: &'a str, region: &'a str) -> Vec<RawRow<'a>> {
    let parsed = match layout {
        Layout::TabSeparated => tab_separated(region),
        Layout::LineBroken => line_broken(region),
        Layout::BlankDropped => blank_dropped(region),
    };
    let rows = parsed.map(|(_, rows)| rows).unwrap_or_default();
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|text| RawCell {
                    text,
                    offset: base.offset(text),
                })
                .collect()
        })
        .collect()
}

/// Tab-separated: every non-blank line is a row; its cells are split by `\t`.
fn tab_separated(input: &str) -> IResult<&str, Vec<Vec<&str>>> {
    let row = line.map(|l: &str| {
        separated_list1(
            char::<&str, nom::error::Error<&str>>('\t'),
            take_till(|c| c == '\t'),
        )
        .parse(l)
        .map(|(_, cells)| cells)
        .unwrap_or_default()
    });
    many0(row)
        .map(|rows: Vec<Vec<&str>>| {
            rows.into_iter()
                .filter(|cells| cells.iter().any(|c| !trim(c).1.is_empty()))
                .collect()
        })
        .parse(input)
}

/// Line-broken: a line `\t<cell>` starts a cell, a line without the tab continues the cell
/// above (`本年新` / `制作数量`), a blank line ends the row.
fn line_broken(input: &str) -> IResult<&str, Vec<Vec<&str>>> {
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut row: Vec<&str> = Vec::new();
    let mut rest = input;
    while let Ok((r, l)) = line(rest) {
        rest = r;
        if is_blank_line(l) {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if let Some(cell) = l.strip_prefix('\t') {
            row.push(cell);
        } else if let Some(last) = row.last_mut() {
            // A continuation: widen the cell above to the end of this line.
            let start = input.offset(last);
            let end = input.offset(l) + l.len();
            *last = &input[start..end];
        } else {
            row.push(l);
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    Ok((rest, rows))
}

/// Blank cells dropped: every non-blank line is a cell. A row is a run of label cells and the
/// value cells that follow them; a label after values starts the next row.
fn blank_dropped(input: &str) -> IResult<&str, Vec<Vec<&str>>> {
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut row: Vec<&str> = Vec::new();
    let mut has_values = false;
    let mut rest = input;
    while let Ok((r, l)) = line(rest) {
        rest = r;
        if trim(l).1.is_empty() {
            continue;
        }
        let is_text = matches!(cell_text(l), CellText::Text);
        if is_text && (has_values || !row.is_empty()) {
            rows.push(std::mem::take(&mut row));
            has_values = false;
        }
        has_values |= !is_text;
        row.push(l);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    Ok((rest, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[RawRow<'_>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.to_string()).collect())
            .collect()
    }

    #[test]
    fn tab_rows() {
        let t = "规章\t0\t0\t0\r\n行政许可\t0\t\t\n";
        assert_eq!(detect(t), Layout::TabSeparated);
        let rows = read(detect(t), t, t);
        assert_eq!(
            texts(&rows),
            vec![vec!["规章", "0", "0", "0"], vec!["行政许可", "0", "", ""]]
        );
        assert_eq!(rows[1][1].offset, t.find("0\t\t").unwrap());
    }

    #[test]
    fn broken_rows_join_continuations() {
        let t = "\t信息内容\n\t本年新\n制作数量\n\n\t规章\n\t\u{3000}0\n";
        assert_eq!(detect(t), Layout::LineBroken);
        let rows = read(detect(t), t, t);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["信息内容", "本年新\n制作数量"],
                vec!["规章", "\u{3000}0"]
            ]
        );
    }

    #[test]
    fn dropped_rows_start_at_labels() {
        let t = "规章\n0\n规范性文件\n行政许可\n1\n2\n3\n";
        assert_eq!(detect(t), Layout::BlankDropped);
        let rows = read(detect(t), t, t);
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
