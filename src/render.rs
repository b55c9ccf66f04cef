//! Writing a report back as template text, in any of the table layouts of SPEC §6.
//!
//! The text is canonical: the template's own headings, column headers and row labels, one
//! writing for every value (`12`, `-3`, `3.5 万元`, `—` for a blank), the narrative of sections
//! 一, 五 and 六 line by line without indentation or page furniture. Whatever copy a report was
//! parsed from, the rendered text parses back to the same cells.

use crate::document::{is_furniture, is_heading_like};
use crate::layout::Layout;
use crate::model::{AnnualReport, Value};
use crate::template::{Numbering, RowDef, SectionKind, TableKind, GROUPS};
use crate::text::{cell_text, trim, CellText};

/// How a blank cell is written: a dash is a written cell, never taken for padding.
const BLANK: &str = "—";

/// The first header cell of section 三.
const IDENTITY: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// Writes a report as the text of its template, with every table in `layout`.
///
/// The text holds the title (agency and year), the six headings (those of the report's sections
/// in its order, then the others in the template's), the narrative of sections 一, 五 and 六,
/// every table of the report's template with the template's labels, the extra rows
/// that carry a number, and the signature (agency and date) when the date is known. Parsing it
/// gives the same [`AnnualReport::cells`] back, with these limits that follow from the model:
///
/// - a blank cell is written `—`; a row (or section 四's value row) with a missing cell is
///   written with its label only, so all its cells come back missing;
/// - in [`Layout::BlankDropped`] blank cells are left out, as that layout does, so a row with a
///   blank cell comes back missing (never shifted);
/// - text the template has no place for is not written: the narrative of sections 二–四, the
///   title's and headings' own wording, and a line of narrative that may read as a section
///   heading (`二、主动公开政府信息情况`, also `二、主动公开：…` with text after the colon), which
///   could start a section of its own when read back.
///
/// Rendering is idempotent: `render(&parse(&render(r, l))?, l) == render(r, l)`.
///
/// # Examples
///
/// ```
/// use zfxxgk::{render, Layout, Template, Value};
///
/// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
/// let text = render(&report, Layout::TabSeparated);
/// assert!(text.starts_with("石家庄市商务局2020年政府信息公开工作年度报告\n"));
/// assert!(text.contains("\n政府集中采购\t28\t20044679 元\n"));
/// assert!(text.contains("\n一、本年新收政府信息公开申请数量\t—\t—\t—\t—\t—\t—\t0\n"));
///
/// // The text reads back to the same values, in every layout that keeps blank cells.
/// let values = |r: &zfxxgk::AnnualReport| -> Vec<(&str, Value)> {
///     r.cells().into_iter().map(|(k, c)| (k, c.value)).collect()
/// };
/// for layout in [Layout::TabSeparated, Layout::LineBroken] {
///     let again = zfxxgk::parse(&render(&report, layout))?;
///     assert_eq!(values(&again), values(&report));
/// }
/// let dropped = zfxxgk::parse(&render(&report, Layout::BlankDropped))?;
/// let cell = dropped.cell("proactive.penalty.prev_items").unwrap();
/// assert_eq!(cell.value, Value::Count(5));
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn render(report: &AnnualReport, layout: Layout) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(&title(report));
    out.push_str("\n\n");
    for kind in section_order(report) {
        out.push_str(kind.heading());
        out.push('\n');
        let rows = match kind {
            SectionKind::Proactive => Some(proactive(report)),
            SectionKind::Applications => Some(applications(report)),
            SectionKind::ReviewLitigation => Some(review(report)),
            _ => None,
        };
        match rows {
            Some(rows) => write_table(&mut out, &rows, layout),
            None => narrative(&mut out, report, kind),
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    if let Some(date) = &report.metadata.published {
        if let Some(agency) = &report.metadata.agency {
            out.push_str(&one_line(&agency.value));
            out.push('\n');
        }
        let d = date.value;
        out.push_str(&format!("{}年{}月{}日\n", d.year, d.month, d.day));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

impl AnnualReport {
    /// Writes the report as the text of its template, with every table in `layout`: the same
    /// as [`render`](crate::render()).
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::{AnnualReport, Layout, Template, Value};
    ///
    /// let mut report = AnnualReport::empty(Template::T2021);
    /// let row = report.row_mut("proactive.penalty").unwrap();
    /// row.cell_mut(0).unwrap().value = Value::Count(12);
    /// let text = report.render(Layout::BlankDropped);
    /// assert!(text.contains("\n行政处罚\n12\n"));
    /// let again = zfxxgk::parse(&text)?;
    /// assert_eq!(again.cell("proactive.penalty.decisions").unwrap().value, Value::Count(12));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn render(&self, layout: Layout) -> String {
        render(self, layout)
    }
}

/// A row of a table as written: label cells (empty ones hold the place of merged cells) and
/// value cells (`None` for a blank).
struct TableRow {
    labels: Vec<String>,
    values: Vec<Option<String>>,
}

impl TableRow {
    fn header<I: IntoIterator<Item = S>, S: Into<String>>(cells: I) -> TableRow {
        TableRow {
            labels: cells.into_iter().map(Into::into).collect(),
            values: Vec::new(),
        }
    }
}

fn write_table(out: &mut String, rows: &[TableRow], layout: Layout) {
    for row in rows {
        let labels = row.labels.iter().map(String::as_str);
        let values = row.values.iter().map(|v| v.as_deref());
        match layout {
            Layout::TabSeparated => {
                let cells: Vec<&str> = labels.chain(values.map(|v| v.unwrap_or(BLANK))).collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
            Layout::LineBroken => {
                for cell in labels.chain(values.map(|v| v.unwrap_or(BLANK))) {
                    out.push('\t');
                    out.push_str(cell);
                    out.push('\n');
                }
                out.push('\n');
            }
            Layout::BlankDropped => {
                for cell in labels.filter(|l| !l.is_empty()).chain(values.flatten()) {
                    out.push_str(cell);
                    out.push('\n');
                }
            }
        }
    }
}

/// The text of a value; `None` for a blank. A missing cell has no text: see [`row_values`].
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Count(n) => Some(n.to_string()),
        Value::Amount(a) => Some(a.to_string()),
        Value::Blank | Value::Missing => None,
    }
}

/// The value cells of a template row, or none at all when one of them is missing (the row is
/// then written with its label only, and reads back as missing).
fn row_values(report: &AnnualReport, def: &RowDef) -> Vec<Option<String>> {
    let Some(row) = report.row(def.key) else {
        return Vec::new();
    };
    let cells: Vec<&Value> = (0..def.columns.len())
        .filter_map(|i| row.cell(i).map(|c| &c.value))
        .collect();
    if cells.len() != def.columns.len() || cells.iter().any(|v| **v == Value::Missing) {
        return Vec::new();
    }
    cells.into_iter().map(value_text).collect()
}

/// Extra rows of a table that carry a number and a label that reads as a label, at the
/// table's end: a row with no number would read back as the tail of the label above it, a
/// label that reads as a value (nothing, a dash, `0 元`) as values, a sentence as narrative.
fn extra_rows(report: &AnnualReport, table: TableKind) -> impl Iterator<Item = TableRow> + '_ {
    report
        .extra_rows
        .iter()
        .filter(move |e| e.table == table && table != TableKind::ReviewLitigation)
        .filter_map(|e| {
            let label = one_line(&e.label.value);
            let reads_as_label = matches!(cell_text(&label), CellText::Text)
                && label.chars().count() <= 60
                && !label.contains('。');
            let written = e.cells.iter().any(|c| c.value.is_number())
                && e.cells.iter().all(|c| c.value != Value::Missing);
            (reads_as_label && written).then(|| TableRow {
                labels: vec![label],
                values: e.cells.iter().map(|c| value_text(&c.value)).collect(),
            })
        })
}

/// Section 二: one table per article (`第二十条第（一）项` …), each with its column header.
fn proactive(report: &AnnualReport) -> Vec<TableRow> {
    let mut rows = Vec::new();
    let mut article = "";
    for def in report.template().rows() {
        if def.table != TableKind::Proactive {
            continue;
        }
        if def.article != article {
            article = def.article;
            rows.push(TableRow::header([format!("第二十条第（{article}）项")]));
            rows.push(TableRow::header(
                std::iter::once("信息内容").chain(def.columns.iter().map(|c| c.label)),
            ));
        }
        rows.push(TableRow {
            labels: vec![def.label.to_string()],
            values: row_values(report, def),
        });
    }
    rows.extend(extra_rows(report, TableKind::Proactive));
    rows
}

fn numeral(n: u8) -> char {
    "一二三四五六七八九十"
        .chars()
        .nth(usize::from(n.max(1)) - 1)
        .unwrap_or('十')
}

/// A row label with the template's numbering (`一、…`, `（一）…`, `1.…`).
fn numbered(numbering: Numbering, label: &str) -> String {
    match numbering {
        Numbering::None => label.to_string(),
        Numbering::Top(n) => format!("{}、{label}", numeral(n)),
        Numbering::Paren(n) => format!("（{}）{label}", numeral(n)),
        Numbering::Digit(n) => format!("{n}.{label}"),
    }
}

/// Section 三: the three header rows, then the rows with their group labels in the cells
/// before them, as the template merges them.
fn applications(report: &AnnualReport) -> Vec<TableRow> {
    let mut rows = vec![
        TableRow::header([IDENTITY, "申请人情况"]),
        TableRow::header(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        TableRow::header([
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]),
    ];
    let mut seen: Vec<&'static str> = Vec::new();
    for def in report.template().rows() {
        if def.table != TableKind::Applications {
            continue;
        }
        let mut labels = Vec::new();
        // The group a row stands under, and for a `1.` row the group of its group.
        let group = |id: &str| GROUPS.iter().find(|g| g.id == id);
        let mut first = |id: &'static str| {
            if seen.contains(&id) {
                String::new()
            } else {
                seen.push(id);
                id.to_string()
            }
        };
        if let Some(g) = group(def.group) {
            if let Numbering::Paren(_) = g.numbering {
                // A `1.` row: its group stands under 三、本年度办理结果.
                let top = GROUPS
                    .iter()
                    .find(|t| matches!(t.numbering, Numbering::Top(_)));
                labels.push(top.map_or_else(String::new, |t| first(t.id)));
            }
            labels.push(first(g.id));
        }
        labels.push(numbered(def.numbering, def.label));
        rows.push(TableRow {
            labels,
            values: row_values(report, def),
        });
    }
    rows.extend(extra_rows(report, TableKind::Applications));
    rows
}

/// Section 四: the three header rows and one row of fifteen values.
fn review(report: &AnnualReport) -> Vec<TableRow> {
    let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut rows = vec![
        TableRow::header(["行政复议", "", "", "", "", "行政诉讼"]),
        TableRow::header(outcomes.iter().copied().chain([
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
        ])),
        TableRow::header(
            [""; 5]
                .into_iter()
                .chain(outcomes.iter().copied())
                .chain(outcomes.iter().copied()),
        ),
    ];
    let mut values = Vec::new();
    for def in report.template().rows() {
        if def.table == TableKind::ReviewLitigation {
            let v = row_values(report, def);
            if v.is_empty() {
                values.clear();
                break;
            }
            values.extend(v);
        }
    }
    if !values.is_empty() {
        rows.push(TableRow {
            labels: Vec::new(),
            values,
        });
    }
    rows
}

/// The narrative of a section, a line per paragraph, without indentation, blank lines or page
/// furniture.
fn narrative(out: &mut String, report: &AnnualReport, kind: SectionKind) {
    let Some(section) = report.section(kind) else {
        return;
    };
    for line in section.text.value.lines() {
        let t = trim(line).1;
        // A line that reads as a heading would start a section of its own when read back.
        if !t.is_empty() && !is_furniture(t) && !is_heading_like(t) {
            out.push_str(t);
            out.push('\n');
        }
    }
}

/// The six sections: those the report has, in its order (a section that stood out of order in
/// the text stays where it stood, so that the text reads back the same), then those it lacks,
/// in the template's order.
fn section_order(report: &AnnualReport) -> Vec<SectionKind> {
    let mut order: Vec<SectionKind> = Vec::with_capacity(6);
    let has = report.sections.iter().map(|s| s.kind);
    for kind in has.chain(SectionKind::ALL) {
        if !order.contains(&kind) {
            order.push(kind);
        }
    }
    order
}

/// `<agency><year>年政府信息公开工作年度报告`, with whatever of the two is known.
fn title(report: &AnnualReport) -> String {
    let m = &report.metadata;
    let mut t = String::new();
    if let Some(a) = &m.agency {
        t.push_str(&one_line(&a.value));
    }
    if let Some(y) = &m.year {
        t.push_str(&format!("{}年", y.value));
    }
    t.push_str("政府信息公开工作年度报告");
    t
}

/// A name or label on one line: line ends and tabs become spaces, the ends are trimmed.
fn one_line(s: &str) -> String {
    let joined: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    trim(&joined).1.to_string()
}
