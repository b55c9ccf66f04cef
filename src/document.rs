//! The blocks of a report: title, the six sections, the signature, page furniture.

use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::space0;
use nom::combinator::eof;
use nom::{IResult, Parser};

use crate::model::Date;
use crate::template::Numbering;
use crate::template::{SectionKind, FURNITURE, SECTION_PHRASES};
use crate::text::{chinese_numeral, core, fold, numbering, trim};

/// A line of the input: byte range without its line end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    pub fn is_blank(&self) -> bool {
        trim(self.text).1.is_empty()
    }
    /// Byte range of the trimmed text.
    pub fn trimmed(&self) -> (usize, usize) {
        let (off, t) = trim(self.text);
        (self.start + off, self.start + off + t.len())
    }
}

/// Splits the input into lines (without `\n` / `\r\n`).
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let piece = text.get(start..end).unwrap_or("");
        let t = piece.strip_suffix('\r').unwrap_or(piece);
        out.push(Line { start, text: t });
        start = end + 1;
    }
    out
}

/// A section heading found on a line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Heading {
    pub line: usize,
    pub kind: SectionKind,
    score: u32,
    /// Where the heading ends within its line (bytes from the line start): the line's end, or
    /// the end of `一、总体情况：` when the narrative goes on on the same line.
    pub len: usize,
}

/// Recognises a top-level heading by its numeral and its text (`二、主动公开政府信息情况`,
/// `一、工作情况:`), not by its numeral alone; also `一、总体情况：` followed by its narrative on
/// the same line. Returns the section, a score, and the heading's length in bytes within `text`.
fn heading(text: &str) -> Option<(SectionKind, u32, usize)> {
    // Fast rejection: after any spaces, a heading starts with 一…八 (UTF-8 lead byte E4 or E5).
    let lead = text.bytes().find(|b| !matches!(b, b' ' | b'\t'));
    if !matches!(lead, Some(0xE4 | 0xE5 | 0xE3 | 0xC2 | 0xEF | 0xE2)) {
        return None;
    }
    let (off, t) = trim(text);
    let mut cs = t.chars();
    let first = cs.next()?;
    if !matches!(first, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八') {
        return None;
    }
    // A numeral, then its separator (`、`, `.`, `，` …), then a short text.
    if !matches!(
        cs.next(),
        Some('、' | '.' | '．' | ',' | '，' | ' ' | '\u{3000}')
    ) {
        return None;
    }
    // The text after the separator must start as some heading's phrase does.
    let next = cs.find(|c| !crate::text::is_space(*c))?;
    if !SECTION_PHRASES
        .iter()
        .flat_map(|p| p.iter())
        .any(|p| p.starts_with(next))
    {
        return None;
    }
    if t.len() <= 160 {
        if let Some((kind, score)) = heading_text(t, false) {
            return Some((kind, score, off + t.len()));
        }
    }
    // `一、总体情况：2020年，…`: a heading, then the narrative on the same line.
    let stop = t.find(['：', ':', '。'])?;
    let head = &t[..stop];
    if head.len() > 120 {
        return None;
    }
    let colon = t[stop..].chars().next().map_or(0, char::len_utf8);
    heading_text(head, true).map(|(kind, score)| (kind, score, off + stop + colon))
}

/// The section a heading's text names, with a score; `exact`: the text must be a phrase.
fn heading_text(t: &str, exact: bool) -> Option<(SectionKind, u32)> {
    let folded = fold(t);
    let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    let (num, rest) = numbering(&compact);
    let Numbering::Top(n) = num else { return None };
    let c = core(rest);
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

/// Picks the headings: the best-scoring chain of candidates in strictly increasing section order.
pub(crate) fn headings(lines: &[Line<'_>]) -> Vec<Heading> {
    let cands: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            heading(l.text).map(|(kind, score, len)| Heading {
                line: i,
                kind,
                score,
                len,
            })
        })
        .collect();
    // best[k]: best chain ending with section k so far: (score, index of its last candidate).
    let mut best: [Option<(u32, usize)>; 6] = [None; 6];
    let mut prev: Vec<Option<usize>> = vec![None; cands.len()];
    for (ci, c) in cands.iter().enumerate() {
        let k = c.kind as usize;
        let before = best[..k].iter().flatten().max_by_key(|(s, _)| *s).copied();
        let total = before.map_or(0, |(s, _)| s) + c.score;
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
    let mut chain = Vec::new();
    while let Some(i) = end {
        chain.push(cands[i]);
        end = prev[i];
    }
    chain.reverse();
    chain
}

/// `2021年2月18日`, `2021 年 2 月 18 日`, `二〇二一年二月十八日`, alone on a line.
pub(crate) fn date_line(text: &str) -> Option<Date> {
    let folded = fold(trim(text).1);
    let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
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
        .parse(compact.as_str());
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

/// A year written as four digits followed by 年 (`2020年`, `2020 年`, `２０２０年度`): its value and
/// the byte range of the digits within `text`.
pub(crate) fn find_year(text: &str) -> Option<(u16, usize, usize)> {
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

/// Whether a line is page furniture (share buttons, menus).
pub(crate) fn is_furniture(text: &str) -> bool {
    let c = core(text);
    !c.is_empty() && FURNITURE.contains(&c.as_str())
}

/// Whether a short line could be an agency name (no sentence punctuation, not a heading).
pub(crate) fn is_name_like(text: &str) -> bool {
    let (_, t) = trim(text);
    let n = t.chars().count();
    (2..=40).contains(&n)
        && !t.contains(['。', '，', ',', '：', ':', '；', ';'])
        && heading(t).is_none()
        && !is_furniture(t)
        && t != "无"
}

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

    #[test]
    fn headings_by_text() {
        assert_eq!(
            heading("一、工作情况:").map(|h| h.0),
            Some(SectionKind::General)
        );
        assert_eq!(
            heading("二、主动公开政府信息情况").map(|h| h.0),
            Some(SectionKind::Proactive)
        );
        assert_eq!(heading("四、结转下年度继续办理").map(|h| h.0), None);
        assert_eq!(heading("（二）主动公开政府信息情况").map(|h| h.0), None);
        assert_eq!(heading("一、本年新收政府信息公开申请数量"), None);
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
        assert_eq!(find_year("石家庄市2020 年政府").map(|y| y.0), Some(2020));
        assert_eq!(find_year("（国办公开办函〔2019〕60号）"), None);
    }
}
