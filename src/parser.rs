//! The whole pipeline: text → blocks → tables in their layouts → template → typed model.

use crate::bind::{detect_template, read_tables, TableBinder, TableText};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{
    candidates, check_size, core_in, date_line, find_year, has_text, headings, headings_among,
    is_agency_line, is_furniture, is_heading_like, is_name_like, is_navigation,
    is_page_footer_or_navigation, is_slashed_path, line_heading, lines, may_be_agency_line,
    statistics_year, strip_agency, Heading, Line, Lines,
};
use crate::error::{Error, ErrorKind};
use crate::layout::{self, Layout};
use crate::model::{AnnualReport, Metadata, Section};
use crate::span::{LineIndex, Span, Spanned};
use crate::template::{SectionKind, TableKind, Template};
use crate::text::trim;
use std::sync::OnceLock;

/// Parses the text of an annual report.
///
/// Returns the whole report, with every value's place in `text` and the non-fatal findings in
/// [`AnnualReport::diagnostics`]. Fails only when the text is not a report at all, or is too
/// large to read ([`ErrorKind::TooLarge`]: 4 GiB or more).
///
/// # Examples
///
/// ```
/// let text = include_str!("../tests/fixtures/000.txt");
/// let report = zfxxgk::parse(text)?;
/// assert_eq!(report.metadata.year.as_ref().map(|y| y.value), Some(2020));
/// assert_eq!(report.cell("applications.total.total").map(|c| c.value.to_string()).as_deref(), Some("0"));
/// assert!(zfxxgk::parse("hello").is_err());
/// # Ok::<(), zfxxgk::Error>(())
/// ```
#[inline]
pub fn parse(text: &str) -> Result<AnnualReport, Error> {
    // The report is made in `out` and filled in place. A report built inside a larger function
    // and returned from it is copied whole (some 15 KB) into the caller's place; this function
    // is small and inlined, and the compiler keeps `out` where the caller keeps the result.
    let mut out = Ok(AnnualReport::empty(Template::T2019));
    if let Ok(report) = &mut out {
        if let Err(e) = parse_into(text, report) {
            out = Err(e);
        }
    }
    out
}

/// [`parse`] into `report`, an empty report of template 2019 (as [`AnnualReport::empty`] makes
/// it).
fn parse_into(text: &str, report: &mut AnnualReport) -> Result<(), Error> {
    // Before anything reads the text: the line list keeps 32-bit offsets.
    check_size(text.len())?;
    if trim(text).1.is_empty() {
        return Err(Error::new(
            ErrorKind::Empty,
            "no text to read as a 政府信息公开工作年度报告",
        ));
    }
    let list = lines(text)?;
    let lines = list.view();
    let mut end = content_end(lines);
    // The candidates are kept: `report_again` looks for a title only above one of section 一.
    let cands = candidates(lines.slice(..end));
    let mut heads = headings_among(lines.slice(..end), &cands);
    let first_heading = heads.first().map_or(end.min(60), |h| h.line);
    let title = find_title(lines.slice(..first_heading));
    // A second report in the text ends the first at its title; the headings are chosen again
    // from the first report's lines.
    let earlier = title
        .as_ref()
        .and_then(|t| report_again(lines, t.line, end, &cands));
    if let Some(t2) = earlier {
        end = content_end(lines.slice(..report_start(lines, t2)));
        heads = headings(lines.slice(..end));
    }
    let enough = heads.len() >= 3 || (title.is_some() && !heads.is_empty());
    if !enough {
        return Err(not_a_report(title.is_some(), &heads));
    }
    let last_heading = heads.last().map_or(0, |h| h.line);
    // A second report pasted after this one ends it: its signature is looked for before that.
    let second = earlier.or_else(|| second_report(lines.slice(..end), last_heading));
    let end = second.map_or(end, |s| report_start(lines, s).min(end));
    let title_agency = title.as_ref().and_then(|t| t.agency.as_ref());
    let signature = find_signature(
        lines.slice(..end),
        last_heading,
        title_agency.map(|a| a.value.as_str()),
    );
    let body_end = signature.as_ref().map_or(end, |s| s.first_line);

    let sections = sections(text, lines, &heads, body_end);
    // A table section's lines: after its heading line, up to the next heading.
    let region = |kind: SectionKind| -> Option<(usize, Lines<'_, '_>)> {
        let i = heads.iter().position(|h| h.kind == kind)?;
        let start = (heads[i].line + 1).min(lines.len());
        let stop = heads
            .get(i + 1)
            .map_or(body_end, |h| h.line)
            .min(lines.len());
        Some((start, lines.slice(start..stop.max(start))))
    };
    let kinds = [
        SectionKind::Proactive,
        SectionKind::Applications,
        SectionKind::ReviewLitigation,
    ];
    // The three tables' cells go to one grid, sized for their text.
    let table_bytes = kinds
        .iter()
        .filter_map(|&k| region(k))
        .map(|(_, r)| layout::span_of(r))
        .sum();
    let mut texts = layout::Texts::with_capacity(text, table_bytes);
    let mut read = |kind: SectionKind, split: bool| -> Vec<TableText> {
        region(kind)
            .map(|(first, r)| read_tables(&mut texts, r, first, split))
            .unwrap_or_default()
    };
    let proactive = read(SectionKind::Proactive, true);
    let applications = read(SectionKind::Applications, false);
    let review = read(SectionKind::ReviewLitigation, false);
    let grid = texts.into_grid();

    // Metadata.
    let year = title
        .as_ref()
        .and_then(|t| t.year)
        .or_else(|| statistics_year(text))
        .map(|(y, s, e)| Spanned::new(y, Span::bytes(s, e)));
    let mut diagnostics = Vec::new();
    if let Some((i, line)) = second.and_then(|i| Some((i, lines.get(i)?))) {
        let (s, e) = line.trimmed();
        diagnostics.push(
            Diagnostic::new(
                Code::P7,
                Severity::Warning,
                format!(
                    "the text holds a second report from line {} (`{}`); only the first is read",
                    i + 1,
                    trim(line.text).1
                ),
            )
            .at(Some(Span::bytes(s, e))),
        );
    }
    let template = detect_template(&[&proactive, &applications]).unwrap_or_else(|| {
        // The finding points at the year it rests on, else at the title.
        let at = year
            .as_ref()
            .map(|y| y.span)
            .or_else(|| title.as_ref().map(|t| t.text.span));
        let year = year.as_ref().map(|y| y.value);
        let t = match year {
            Some(y) if y >= 2021 => Template::T2021,
            _ => Template::T2019,
        };
        // Say what the guess rests on: the year found, or nothing.
        let why = match year {
            Some(y) => format!("from the year {y}"),
            None => "by default (no year was found)".to_string(),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::P5,
                Severity::Warning,
                format!("the tables do not tell the template; taken as {t} {why}"),
            )
            .at(at),
        );
        t
    });
    // The signature's and the title's parts are moved into the report, not copied.
    let (sig_agency, published) = signature.map_or((None, None), |s| (s.agency, s.date));
    let (title, title_agency) = title.map_or((None, None), |t| (Some(t.text), t.agency));
    let agency = sig_agency.or(title_agency);

    report.set_empty_template(template);
    report.metadata = Metadata {
        agency,
        year,
        template,
        published,
    };
    report.title = title;
    report.sections = sections;
    report.diagnostics = diagnostics;

    for (tables, kind) in [
        (&proactive, TableKind::Proactive),
        (&applications, TableKind::Applications),
    ] {
        let mut b = TableBinder::new(report, kind);
        b.bind(&grid, tables);
        b.finish_table();
    }
    let mut b = TableBinder::new(report, TableKind::ReviewLitigation);
    b.bind(&grid, &review);
    b.bind_review(review.first().map_or(Layout::TabSeparated, |t| t.layout));

    let mut index = LineIndex::new(lines);
    // The tables' spans were located as their cells were read, the sections' as they were
    // made; the rest are located here. A diagnostic's span taken from a cell is located
    // already (its line is never 0 then) and is passed over, unless the lines end in `\r`
    // alone: a cell's padding tells its line ends by `\n`, the index by the lines.
    let b = text.as_bytes();
    let cr_only = !b.contains(&b'\n') && b.contains(&b'\r');
    report.for_each_span_outside_tables_mut(&mut |s| {
        if s.line == 0 || cr_only {
            (s.line, s.column) = index.locate(s.start);
        }
    });
    Ok(())
}

fn not_a_report(title: bool, heads: &[Heading]) -> Error {
    let found: Vec<&str> = heads.iter().map(|h| h.kind.heading()).collect();
    Error::new(
        ErrorKind::NotAReport,
        format!(
            "looked for a title (…年…政府信息公开工作…报告) and the section headings (一、总体情况 … 六、其他需要报告的事项); found {} and {} of 6 headings{}",
            if title { "a title" } else { "no title" },
            heads.len(),
            if found.is_empty() { String::new() } else { format!(" ({})", found.join(", ")) }
        ),
    )
}

/// Where the report's text ends: before trailing page furniture (`收起`, `政务微信` …).
fn content_end(lines: Lines<'_, '_>) -> usize {
    let mut end = lines.len();
    // Whether a signature (an agency's line, or a date under one) stands below: a footer's or a
    // menu's line above it is the report's, not the page's.
    let mut signed = false;
    for (i, l) in lines.iter().enumerate().rev() {
        let (_, t) = trim(l.text);
        // Known furniture first: some of it is long (用微信扫描二维码分享至好友和朋友圈). Short
        // lines and headings are passed over: a page's links to the report's sections
        // (相关链接 and the six headings) are furniture too, and end where it starts. A longer
        // line ends the search, unless it is a page's footer or menu below any signature.
        if is_furniture(t) {
            end = i;
            signed = false;
        } else if !t.is_empty() && t.len() <= 120 && (may_be_agency_line(t) || signs(lines, i, t)) {
            signed = true;
        } else if !t.is_empty()
            && (t.chars().count() > 12 || t.contains('。'))
            && !is_heading_like(t)
        {
            if !signed && is_page_footer_or_navigation(t) {
                end = i;
            } else {
                break;
            }
        }
    }
    let blank = |i: Option<usize>| i.and_then(|i| lines.get(i)).is_some_and(|l| l.is_blank());
    while blank(end.checked_sub(1)) {
        end -= 1;
    }
    end
}

/// Whether line `i` (its text `t`) may be a signature's date: a date alone on its line, under
/// a line that may name an agency. (Where the page's furniture ends, a line taken for a
/// signature keeps the lines above it in the report: the safe side.)
fn signs(lines: Lines<'_, '_>, i: usize, t: &str) -> bool {
    date_line(t).is_some()
        && line_above(lines, i)
            .and_then(|j| lines.get(j))
            .is_some_and(|l| may_be_agency_line(trim(l.text).1) || is_name_like(l.text))
}

struct Title {
    /// The line the title stands on (0-based).
    line: usize,
    text: Spanned<String>,
    agency: Option<Spanned<String>>,
    year: Option<(u16, usize, usize)>,
}

/// Whether a line may be a report's title: it names 政府信息公开 and 报告 (or 年报), whatever the
/// spacing, and is no site navigation (a breadcrumb `首页 > 政务公开 > 政府信息公开年报`). `c` is
/// room for the line's core.
fn is_title_like(text: &str, c: &mut String) -> bool {
    // 报 stands in 报告 and 年报 whatever the spacing: only such lines are reduced to a core.
    text.len() < 720
        && text.contains('报')
        && {
            core_in(text, c);
            c.contains("政府信息公开") && (c.contains("报告") || c.contains("年报"))
        }
        && !is_navigation(text)
        && !is_slashed_path(text)
}

/// The nearest line above line `i` that is not blank, however many blank lines stand between.
/// The year a line names when it is a title of its own ([`is_next_title`]; `c` is scratch).
fn title_year(text: &str, c: &mut String) -> Option<(u16, usize, usize)> {
    is_next_title(text, c).then(|| find_year(text))?
}

fn line_above(lines: Lines<'_, '_>, i: usize) -> Option<usize> {
    lines.slice(..i).iter().rposition(|l| !l.is_blank())
}

/// At most this many blank lines stand between a title and the agency's name above it (a copy
/// that doubled its line ends has three).
const BLANK_ABOVE_TITLE: usize = 4;

/// The nearest line above a title (line `i`) that is not blank, over at most
/// [`BLANK_ABOVE_TITLE`] blank lines: where the agency's name may stand.
fn line_above_title(lines: Lines<'_, '_>, i: usize) -> Option<usize> {
    let from = i.saturating_sub(BLANK_ABOVE_TITLE + 1);
    line_above(lines.slice(from..i), i - from).map(|j| from + j)
}

/// Whether a line may be the title of a report that follows another: short, no sentence, no
/// tab (no table cell), and like a title. Most lines fail at once (too long, or no 报, or no 息
/// or 开 of 信息公开).
fn is_next_title(text: &str, c: &mut String) -> bool {
    let t = trim(text).1;
    // The length first: a long line (a paragraph) is not searched.
    if t.len() > 180 || !(t.contains('报') && t.contains('开') && t.contains('息')) {
        return false;
    }
    // Each character looked for on its own: a search for one byte, or for the last byte of
    // `。`, costs less than testing every character against both.
    !text.as_bytes().contains(&b'\t')
        && !text.contains('。')
        && t.chars().count() <= 60
        && is_title_like(t, c)
}

/// The first line of a report whose title stands on line `title`: the title's, or the line
/// above it when that names the agency the title does not (as [`find_title`] reads it).
fn report_start(lines: Lines<'_, '_>, title: usize) -> usize {
    let above = line_above_title(lines, title).unwrap_or(title);
    find_title(lines.slice(above..=title))
        .and_then(|t| lines.starting_by(t.text.span.start).checked_sub(1))
        .map_or(title, |line| line.clamp(above, title))
}

/// A second report after the last heading (line `after`): the line of its title, a short line
/// like a title and no sentence, with a section heading below it.
fn second_report(lines: Lines<'_, '_>, after: usize) -> Option<usize> {
    let mut c = String::new();
    let rest = lines.slice(after + 1..);
    let title = rest.iter().position(|l| is_next_title(l.text, &mut c))?;
    let below = rest.slice(title + 1..);
    below
        .iter()
        .any(|l| is_heading_like(l.text))
        .then_some(after + 1 + title)
}

/// A second report that starts again at section 一 after the first report's 一 and one more
/// section (with text under their headings, not a table of contents): the line of its title,
/// between the title (line `title`) and line `end`. The second report's headings may read
/// better than the first one's and be chosen in their place, so this is looked for before the
/// headings are chosen for good. A title repeated as a page header is followed by the next
/// section, not by 一, and is passed over. `cands` are the [`candidates`] of the lines up to
/// `end`.
///
/// A title that opens a report has section 一's heading at most [`PREAMBLE_SCAN`] lines below
/// it ([`opens_report`]): only the lines above such a candidate are searched.
fn report_again(
    lines: Lines<'_, '_>,
    title: usize,
    end: usize,
    cands: &[Heading],
) -> Option<usize> {
    let end = end.min(lines.len());
    let mut c = String::new();
    // The headings below the title, found once (when a title below it opens a report), and the
    // sections with text among those before the title being tried: the work stays linear in
    // the text however many titles it holds.
    let below = lines.slice(title + 1..end);
    let mut below_cands: Option<Vec<Heading>> = None;
    let (mut folded, mut kinds) = (0, [false; 6]);
    // Only a line with 报 in it may be a title: one pass over the bytes finds them. The
    // searcher is built once for all parses (building it costs more than most searches).
    static BAO: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let bao = BAO.get_or_init(|| memchr::memmem::Finder::new("报"));
    let mut tried = title;
    let mut try_line = |i: usize| -> Option<usize> {
        if i <= tried {
            return None;
        }
        tried = i;
        if !(lines.get(i).is_some_and(|l| is_next_title(l.text, &mut c))
            && opens_report(lines.slice(i + 1..end)))
        {
            return None;
        }
        let cands = below_cands.get_or_insert_with(|| candidates(below));
        // Lines are counted from the title's next one here.
        let r = i - (title + 1);
        while let (Some(h), Some(next)) = (cands.get(folded), cands.get(folded + 1)) {
            if next.line > r {
                break;
            }
            if has_text(below.slice(h.line + 1..next.line)) {
                kinds[h.kind as usize] = true;
            }
            folded += 1;
        }
        // The last section before the title has its text up to it.
        let mut so_far = kinds;
        if let Some(h) = cands.get(folded).filter(|h| h.line < r) {
            if has_text(below.slice(h.line + 1..r)) {
                so_far[h.kind as usize] = true;
            }
        }
        went_through_one(so_far).then_some(i)
    };
    // The lines above each heading of section 一 below the title, in order, each once: those
    // with 报 in them.
    let text = lines.text().as_bytes();
    for g in cands
        .iter()
        .filter(|h| h.kind == SectionKind::General)
        .map(|h| h.line)
    {
        if g <= title + 1 || g >= end {
            continue;
        }
        let first = g.saturating_sub(PREAMBLE_SCAN).max(title + 1);
        let (Some(from), Some(last)) = (lines.start(first), lines.get(g - 1)) else {
            continue;
        };
        let Some(window) = text.get(from..last.end()) else {
            continue;
        };
        let found = bao.find_iter(window).find_map(|at| {
            let i = lines.starting_by(from + at).checked_sub(1)?;
            try_line(i)
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether a report's sections read so far are a report's that has been through section 一 and
/// one more: a title followed by 一 after them starts another.
fn went_through_one(kinds: [bool; 6]) -> bool {
    kinds[SectionKind::General as usize] && kinds.iter().filter(|&&k| k).count() >= 2
}

/// At most this many lines stand between a report's title and its first heading (the agency,
/// the date, a preamble), blank lines not counted; at most [`PREAMBLE_SCAN`] in all.
const PREAMBLE_LINES: usize = 12;
/// At most this many lines, blank or not, are looked at below a title for its first heading.
const PREAMBLE_SCAN: usize = 64;

/// Whether `lines`, below a title, open a report: a preamble of a few lines (no table cell, no
/// number alone), then section 一's heading.
fn opens_report(lines: Lines<'_, '_>) -> bool {
    let mut n = 0;
    for l in lines.iter().take(PREAMBLE_SCAN) {
        if let Some(kind) = line_heading(l.text) {
            return kind == SectionKind::General;
        }
        let t = trim(l.text).1;
        if t.is_empty() {
            continue;
        }
        n += 1;
        if n > PREAMBLE_LINES || l.text.contains('\t') || t.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    false
}

/// The title: a line naming 政府信息公开 and 报告 with a year, before the first heading; the
/// agency before the year, or on the line above when the title starts with the year.
///
/// The first line like a title is taken, unless a later one names a year and is no sentence
/// (short, no `。`, no table cell): a real title has its year, a line above it naming the
/// subject without one (a page's heading, a link) is none.
fn find_title(lines: Lines<'_, '_>) -> Option<Title> {
    let mut c = String::new();
    let mut like = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_title_like(l.text, &mut c));
    let first = like.next()?;
    // The year each line names is read once, and handed on to `title_at`.
    let ((i, line), year) = match find_year(first.1.text) {
        Some(y) => (first, Some(y)),
        None => {
            let mut c = String::new();
            like.find_map(|(j, l)| Some(((j, l), Some(title_year(l.text, &mut c)?))))
                .unwrap_or((first, None))
        }
    };
    let title = title_at(lines, i, line, year);
    if title.agency.is_some() {
        return Some(title);
    }
    // A title that names no agency may be a page's header over the report's own title, which
    // has its agency above it: the first later title with a year and an agency is taken.
    let mut c = String::new();
    let agency_titled = lines
        .iter()
        .enumerate()
        .skip(i + 1)
        .filter_map(|(j, l)| Some(title_at(lines, j, l, Some(title_year(l.text, &mut c)?))))
        .find(|t| t.agency.as_ref().is_some_and(|a| is_name_like(&a.value)));
    Some(agency_titled.unwrap_or(title))
}

/// The title on line `i`: its text (from the agency's line above when the agency stands there),
/// its year and its agency. `year` is what [`find_year`] reads in the line (its offsets within
/// the line).
fn title_at(
    lines: Lines<'_, '_>,
    i: usize,
    line: Line<'_>,
    year: Option<(u16, usize, usize)>,
) -> Title {
    let (ts, te) = line.trimmed();
    let year = year.map(|(y, s, e)| (y, line.start + s, line.start + e));
    let mut first = ts;
    let mut agency = None;
    if let Some((_, ys, _)) = year {
        let before = strip_agency(&line.text[..ys - line.start]);
        if !before.is_empty() {
            // `before` lies within the line's text (its start trimmed): where, its address tells.
            let s = line.start + (before.as_ptr() as usize - line.text.as_ptr() as usize);
            agency = Some(Spanned::new(
                before.to_string(),
                Span::bytes(s, s + before.len()),
            ));
        }
    }
    if let (None, Some((_, _, ye))) = (&agency, year) {
        // `2020年度某某局政府信息公开工作年度报告`: the agency between the year and the subject.
        let after = &line.text[ye - line.start..];
        let after = after.trim_start_matches([' ', '\u{3000}']);
        let after = after
            .strip_prefix("年度")
            .or_else(|| after.strip_prefix('年'))
            .unwrap_or(after);
        // The searcher is built once for all parses (building it costs more than the search).
        static SUBJECT: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
        let subject = SUBJECT.get_or_init(|| memchr::memmem::Finder::new("政府信息公开"));
        if let Some(k) = subject.find(after.as_bytes()) {
            let name = trim(&after[..k]).1;
            if !name.is_empty() && is_name_like(name) {
                let s = line.start + (name.as_ptr() as usize - line.text.as_ptr() as usize);
                agency = Some(Spanned::new(
                    name.to_string(),
                    Span::bytes(s, s + name.len()),
                ));
            }
        }
    }
    if agency.is_none() {
        // The line above, over a few blank lines; no navigation or date (see `is_name_like`).
        let above = line_above_title(lines, i).and_then(|j| lines.get(j));
        if let Some(l) = above.filter(|l| is_name_like(l.text)) {
            let (s, e) = l.trimmed();
            agency = Some(Spanned::new(trim(l.text).1.to_string(), Span::bytes(s, e)));
            first = s;
        }
    }
    Title {
        line: i,
        text: Spanned::new(lines_text(lines, first, te), Span::bytes(first, te)),
        agency,
        year,
    }
}

/// The text between two byte offsets of the lines' source.
fn lines_text(lines: Lines<'_, '_>, start: usize, end: usize) -> String {
    // The lines' parts, one line end between two, take no more room than the source between.
    let mut out = String::with_capacity(end.saturating_sub(start));
    for l in lines {
        if l.end() < start || l.start > end {
            continue;
        }
        let s = start.max(l.start) - l.start;
        let e = end.min(l.end()) - l.start;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&l.text[s..e]);
    }
    out
}

struct Signature {
    first_line: usize,
    agency: Option<Spanned<String>>,
    date: Option<Spanned<crate::model::Date>>,
}

/// The signature: a date alone on one of the last lines, with the agency's name above it; or,
/// with no date, an agency's name alone on the last line (see [`agency_alone`]).
fn find_signature(
    lines: Lines<'_, '_>,
    after: usize,
    title_agency: Option<&str>,
) -> Option<Signature> {
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate().skip(after + 1).rev() {
        if l.is_blank() {
            continue;
        }
        seen += 1;
        if seen > 4 {
            break;
        }
        let Some(date) = date_line(l.text) else {
            continue;
        };
        let (s, e) = l.trimmed();
        let date = Some(Spanned::new(date, Span::bytes(s, e)));
        let mut above = lines.slice(..i).iter().enumerate().skip(after + 1);
        let above = above.rfind(|(_, l)| !l.is_blank());
        if let Some((j, name)) = above.filter(|(_, l)| is_name_like(l.text)) {
            let (s, e) = name.trimmed();
            return Some(Signature {
                first_line: j,
                agency: Some(Spanned::new(
                    trim(name.text).1.to_string(),
                    Span::bytes(s, e),
                )),
                date,
            });
        }
        return Some(Signature {
            first_line: i,
            agency: None,
            date,
        });
    }
    agency_alone(lines, after, title_agency)
}

/// A signature with no date: the last line after line `after` (the last heading), when it is
/// an agency's name ([`is_agency_line`]) standing apart from the section's text: below another
/// line of it that ends a sentence or is short (`无`), and naming the title's agency, when the
/// title names one (`天津市宁河区商务局` under `商务局2020年度…`). A line that may end the text
/// (`特此报告。`, `无其他需要报告的事项`, a line broken off a sentence) is none.
fn agency_alone(
    lines: Lines<'_, '_>,
    after: usize,
    title_agency: Option<&str>,
) -> Option<Signature> {
    let last = line_above(lines, lines.len())?;
    let prev = line_above(lines, last)?;
    if prev <= after {
        return None;
    }
    let line = lines.get(last)?;
    let text = trim(line.text).1;
    let prev = trim(lines.get(prev)?.text).1;
    let ends = prev.ends_with(['。', '！', '？', '；', '!', '?', ';', '）', ')', '”', '…']);
    let apart = ends || prev.chars().count() <= 12;
    let names_title = title_agency.is_none_or(|a| text.contains(a));
    (apart && names_title && is_agency_line(text)).then(|| {
        let (s, e) = line.trimmed();
        Signature {
            first_line: last,
            agency: Some(Spanned::new(text.to_string(), Span::bytes(s, e))),
            date: None,
        }
    })
}

/// The sections: heading line and the verbatim text up to the next heading, their spans located
/// (line and column).
fn sections(text: &str, lines: Lines<'_, '_>, heads: &[Heading], body_end: usize) -> Vec<Section> {
    // Room for one section a heading (a collected `filter_map` would start small and grow).
    let mut out = Vec::with_capacity(heads.len());
    out.extend(heads.iter().enumerate().filter_map(|(i, h)| {
        let hl = lines.get(h.line)?;
        let hs = (hl.start + h.start).min(hl.end());
        let he = (hl.start + h.len).min(hl.end());
        // The narrative may go on on the heading's own line (`一、总体情况：2020年，…`).
        let rest = &text[he..hl.end()];
        let stop = heads
            .get(i + 1)
            .map_or(body_end, |n| n.line)
            .max(h.line + 1);
        let body = lines.slice(h.line + 1..stop.min(lines.len()));
        // The body from its first line to its last that is not blank (none when all are).
        let first = body.iter().enumerate().find(|(_, l)| !l.is_blank());
        let last = body.iter().rfind(|l| !l.is_blank());
        // The text's span, and its line (0-based) and where that starts.
        let (s, e, line, line_start) = match (trim(rest).1.is_empty(), first.zip(last)) {
            (true, Some(((j, f), k))) => (f.start, k.end(), h.line + 1 + j, f.start),
            (true, None) => (hl.end(), hl.end(), h.line, hl.start),
            (false, _) => (
                he + trim(rest).0,
                last.map_or(hl.end() - (rest.len() - rest.trim_end().len()), |k| k.end()),
                h.line,
                hl.start,
            ),
        };
        // The heading's text: without the marks around it (`**一、总体情况**`).
        let he = (hl.start + h.end).clamp(hs, hl.end());
        // Both spans are located here, on lines known (no search for them afterwards).
        Some(Section {
            kind: h.kind,
            heading: Spanned::new(
                text[hs..he].to_string(),
                Span::on_line(text, hs, he, h.line, hl.start),
            ),
            text: Spanned::new(
                text[s..e].to_string(),
                Span::on_line(text, s, e, line, line_start),
            ),
        })
    }));
    out
}
