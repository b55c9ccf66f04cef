//! Validation: the rules of SPEC §7 on one report (`R1` … `R9`) and across the reports of one
//! agency (`S1` … `S3`).
//!
//! Every rule runs to the end: all findings come back, never only the first. A rule whose
//! operands are blank or missing is not evaluated; the row's blank and missing cells are
//! reported once under `R7` instead (unless blanks are read as 0, see
//! [`ValidateOptions::blank_as_zero`]). A report on which nothing fires costs no allocation.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{AnnualReport, Cell, Row, Value};
use crate::span::Span;
use crate::template::{self, ColumnKind, Numbering, RowDef, SectionKind, TableKind, Template};
use std::borrow::Cow;
use std::fmt::Write as _;

/// The validation rules of SPEC §7, in order: `R1` … `R9` on one report, `S1` … `S3` across
/// years.
pub const RULES: [Code; 12] = [
    Code::R1,
    Code::R2,
    Code::R3,
    Code::R4,
    Code::R5,
    Code::R6,
    Code::R7,
    Code::R8,
    Code::R9,
    Code::S1,
    Code::S2,
    Code::S3,
];

/// The severity SPEC §7 gives a rule.
fn severity(code: Code) -> Severity {
    match code {
        Code::R6 | Code::R7 | Code::R8 | Code::R9 | Code::S2 | Code::S3 => Severity::Warning,
        _ => Severity::Error,
    }
}

fn bit(code: Code) -> u16 {
    RULES.iter().position(|c| *c == code).map_or(0, |i| 1 << i)
}

const ALL_RULES: u16 = (1 << RULES.len()) - 1;

/// How to validate: which rules run, and what a blank cell means.
///
/// The default runs every rule of SPEC §7 and reads a blank cell as "nothing reported": a rule
/// with a blank operand is not evaluated and the blank is reported under `R7`.
///
/// # Examples
///
/// ```
/// use zfxxgk::{Code, ValidateOptions};
///
/// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
/// // 004 leaves its applicant cells blank: 23 rows reported under R7, no sum checked.
/// assert_eq!(report.validate().len(), 23);
///
/// // Read blanks as 0: the sums are checked (and hold), nothing is reported.
/// let findings = report.validate_with(ValidateOptions::new().blank_as_zero(true));
/// assert!(findings.is_empty());
///
/// // Run only the sums of section 三. The options are a small `Copy` value: each method returns
/// // them changed, so they can be built in one expression and kept in a `let`.
/// let options = ValidateOptions::new().only([Code::R1, Code::R2, Code::R3]);
/// assert!(options.runs(Code::R2) && !options.runs(Code::R7));
/// assert!(report.validate_with(options).is_empty());
/// # Ok::<(), zfxxgk::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidateOptions {
    blank_as_zero: bool,
    rules: u16,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            blank_as_zero: false,
            rules: ALL_RULES,
        }
    }
}

impl ValidateOptions {
    /// Every rule, blanks not read as 0 (the default).
    pub fn new() -> ValidateOptions {
        ValidateOptions::default()
    }

    /// Returns the options with blank cells read as 0, or not (off by default). Then the rules
    /// with blank operands are evaluated, and `R7` reports only missing cells (a blank is taken
    /// as a written 0). Missing cells are never read as 0.
    #[must_use = "returns the changed options and leaves `self` as it was: assign the result \
                  (`options = options.blank_as_zero(true)`)"]
    pub fn blank_as_zero(mut self, yes: bool) -> ValidateOptions {
        self.blank_as_zero = yes;
        self
    }

    /// Returns the options with rule `code` run or not. Codes that are not rules (`P1` …) are
    /// ignored.
    #[must_use = "returns the changed options and leaves `self` as it was: assign the result \
                  (`options = options.rule(Code::R7, false)`)"]
    pub fn rule(mut self, code: Code, run: bool) -> ValidateOptions {
        if run {
            self.rules |= bit(code);
        } else {
            self.rules &= !bit(code);
        }
        self
    }

    /// Returns the options with only the rules given run. Codes that are not rules (`P1` …)
    /// are ignored.
    #[must_use = "returns the changed options and leaves `self` as it was: assign the result \
                  (`options = options.only([Code::R1])`)"]
    pub fn only<I: IntoIterator<Item = Code>>(mut self, codes: I) -> ValidateOptions {
        self.rules = codes.into_iter().fold(0, |m, c| m | bit(c));
        self
    }

    /// Whether blank cells are read as 0.
    pub fn blanks_are_zero(&self) -> bool {
        self.blank_as_zero
    }

    /// Whether rule `code` runs.
    pub fn runs(&self, code: Code) -> bool {
        self.rules & bit(code) != 0
    }
}

impl AnnualReport {
    /// Checks every rule of SPEC §7 that applies to one report (`R1` … `R9`) with the default
    /// options, and returns every finding (empty when the report is consistent).
    ///
    /// Findings come in rule order, and within a rule in SPEC order of the cells. Each has the
    /// rule's id and severity, a message that names the cells by their Chinese labels and
    /// gives the numbers on each side, the canonical keys of the cells, and their spans: the
    /// primary place and the secondary ones (a cell with no span is located by its row label).
    /// Parse findings (`P1` … `P7`) stay in [`AnnualReport::diagnostics`]; see
    /// [`AnnualReport::findings`] for both in one list.
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::{Code, Severity};
    ///
    /// let text = include_str!("../tests/fixtures/validate/r1.txt");
    /// let report = zfxxgk::parse(text)?;
    /// let findings = report.validate();
    /// assert_eq!(findings.len(), 2);
    /// let d = &findings[0];
    /// assert_eq!((d.code, d.severity), (Code::R1, Severity::Error));
    /// assert_eq!(d.message, "一+二 = 三(七)+四 fails in column 自然人: 24 + 2 ≠ 22 + 3");
    /// assert_eq!(d.keys[0], "applications.new_received.natural_person");
    /// let at = d.primary.unwrap();
    /// assert_eq!((at.line, at.column, &text[at.range()]), (33, 18, "24"));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_with(ValidateOptions::default())
    }

    /// [`AnnualReport::validate`] with options: which rules run, and whether blanks read as 0.
    pub fn validate_with(&self, options: ValidateOptions) -> Vec<Diagnostic> {
        Check::new(self, &options).run(&options)
    }

    /// Everything found on the report in one list: what parsing noticed
    /// ([`AnnualReport::diagnostics`], `P1` … `P7`), then what [`AnnualReport::validate_with`]
    /// finds.
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::{Code, ValidateOptions};
    ///
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/002.txt"))?;
    /// let codes: Vec<Code> = report.findings(ValidateOptions::new()).iter().map(|d| d.code).collect();
    /// assert_eq!(codes, [Code::P3, Code::P4, Code::R7, Code::R7, Code::R7]);
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn findings(&self, options: ValidateOptions) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        all.extend(self.validate_with(options));
        all
    }
}

/// Checks the rules across years (`S1` … `S3`) with the default options.
///
/// The reports are paired by agency ([`crate::Metadata::agency`], compared without white
/// space) and consecutive years: every report on year Y with every report of the same agency
/// on Y+1. Reports without an agency or a year are not paired. `S1` compares the applications
/// carried forward by Y with those carried over by Y+1, column by column; `S2` (both reports on
/// template 2021) the documents in force; `S3` (both on template 2019) the items of the year
/// before.
///
/// Each finding points into both reports: its primary place is the cell of year Y+1, its
/// secondary places the cells it is compared with; [`Diagnostic::reports`] says which report
/// (by its index in `reports`) each place is in, and each place's label starts with its year.
///
/// # Examples
///
/// ```
/// use zfxxgk::Code;
///
/// let y2020 = zfxxgk::parse(include_str!("../tests/fixtures/validate/ok_2020.txt"))?;
/// let y2021 = zfxxgk::parse(include_str!("../tests/fixtures/validate/s1_2021.txt"))?;
/// let findings = zfxxgk::validate_series([&y2021, &y2020]);
/// assert_eq!(findings.len(), 2);
/// let d = &findings[0];
/// assert_eq!(d.code, Code::S1);
/// assert_eq!(d.message, "示例市商务局: 二、上年结转政府信息公开申请数量 of 2021 = \
///     四、结转下年度继续办理 of 2020 fails in column 自然人: 4 ≠ 3");
/// // The primary place is in the report on 2021 (index 0), the other in 2020's (index 1).
/// let places: Vec<_> = d.locations().map(|l| (l.report, l.span.line)).collect();
/// assert_eq!(places, [(Some(0), 30), (Some(1), 55)]);
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn validate_series<'a, I>(reports: I) -> Vec<Diagnostic>
where
    I: IntoIterator<Item = &'a AnnualReport>,
{
    validate_series_with(reports, ValidateOptions::default())
}

/// The pairs of reports [`validate_series`] compares, as indices into `reports`: (year Y, year
/// Y+1) of one agency ([`crate::Metadata::agency`], compared without white space), in order.
/// Reports without an agency or a year are in no pair; none at all means nothing is compared.
///
/// # Examples
///
/// ```
/// let y2020 = zfxxgk::parse(include_str!("../tests/fixtures/validate/ok_2020.txt"))?;
/// let y2021 = zfxxgk::parse(include_str!("../tests/fixtures/validate/s1_2021.txt"))?;
/// assert_eq!(zfxxgk::series_pairs([&y2021, &y2020]), [(1, 0)]);
/// assert!(zfxxgk::series_pairs([&y2021, &y2021]).is_empty());
/// # Ok::<(), zfxxgk::Error>(())
/// ```
pub fn series_pairs<'a, I>(reports: I) -> Vec<(usize, usize)>
where
    I: IntoIterator<Item = &'a AnnualReport>,
{
    let mut keyed: Vec<(String, u16, usize)> = reports
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let agency = r.metadata.agency.as_ref()?;
            let year = r.metadata.year.as_ref()?;
            let name: String = agency
                .value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            Some((name, year.value, i))
        })
        .collect();
    keyed.sort();
    let mut pairs = Vec::new();
    for (a, (agency, year, i)) in keyed.iter().enumerate() {
        for (agency2, year2, j) in &keyed[a + 1..] {
            if agency2 != agency || u32::from(*year2) > u32::from(*year) + 1 {
                break;
            }
            if u32::from(*year2) == u32::from(*year) + 1 {
                pairs.push((*i, *j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// [`validate_series`] with options (which of `S1` … `S3` run, whether blanks read as 0).
pub fn validate_series_with<'a, I>(reports: I, options: ValidateOptions) -> Vec<Diagnostic>
where
    I: IntoIterator<Item = &'a AnnualReport>,
{
    let reports: Vec<&AnnualReport> = reports.into_iter().collect();
    let mut out = Vec::new();
    for (i, j) in series_pairs(reports.iter().copied()) {
        let pair = Pair {
            prev: Side::new(reports[i], i),
            next: Side::new(reports[j], j),
            blank_as_zero: options.blank_as_zero,
        };
        pair.run(&options, &mut out);
    }
    out
}

/// The most rows a template has (34 in both).
const MAX_ROWS: usize = 34;
const _: () = assert!(template::ROWS_2019.len() <= MAX_ROWS);
const _: () = assert!(template::ROWS_2021.len() <= MAX_ROWS);

/// The column of the applicant tables that holds the row total.
const TOTAL: usize = 6;

/// The value of a cell as an operand: a whole number, or `None` when the rule cannot use it
/// (blank unless read as 0, missing, a fraction or an amount of money).
fn operand(cell: &Cell, blank_as_zero: bool) -> Option<i64> {
    match &cell.value {
        Value::Count(n) => Some(*n),
        Value::Blank if blank_as_zero => Some(0),
        Value::Amount(a) if a.unit.is_none() => a.value.to_integer(),
        _ => None,
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(n: u8) -> &'static str {
    NUMERALS
        .get(usize::from(n).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// A row's name as a reader knows it from the table: `一、本年新收政府信息公开申请数量`,
/// `（二）部分公开`, `（三）不予公开 1.属于国家秘密`, `规章`, `行政诉讼·复议后起诉`.
fn row_name(def: &RowDef) -> String {
    let label = def.label.split('（').next().unwrap_or(def.label);
    match def.numbering {
        Numbering::Top(n) => format!("{}、{label}", numeral(n)),
        Numbering::Paren(n) => format!("（{}）{label}", numeral(n)),
        Numbering::Digit(n) => format!("{} {n}.{label}", def.group),
        Numbering::None if def.table == TableKind::ReviewLitigation && def.group != label => {
            format!("{}·{label}", def.group)
        }
        Numbering::None => label.to_string(),
    }
}

/// The names of a template's rows and cells, built once: what the places of findings are
/// labelled with.
struct Names {
    rows: Vec<String>,
    /// `row name · column label`, in the order of the template's keys.
    cells: Vec<String>,
}

fn names(template: Template) -> &'static Names {
    static N2019: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    static N2021: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    let cell = match template {
        Template::T2019 => &N2019,
        Template::T2021 => &N2021,
    };
    cell.get_or_init(|| Names {
        rows: template.rows().iter().map(row_name).collect(),
        cells: template
            .rows()
            .iter()
            .flat_map(|d| (0..d.columns.len()).map(move |c| cell_name(d, c)))
            .collect(),
    })
}

/// `row name · column label`, the label of a cell's place.
fn cell_name(def: &RowDef, column: usize) -> String {
    let col = def.columns.get(column).map_or("", |c| c.label);
    format!("{} · {col}", row_name(def))
}

/// `a + b + c`.
fn joined(values: impl IntoIterator<Item = i128>) -> String {
    let mut s = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            s.push_str(" + ");
        }
        let _ = write!(s, "{v}");
    }
    s
}

/// The checks on one report, with its rows looked up once.
struct Check<'r> {
    report: &'r AnnualReport,
    blank_as_zero: bool,
    defs: &'static [RowDef],
    rows: [Option<&'r dyn Row>; MAX_ROWS],
    /// Where each row's cells start in the template's list of keys.
    first_key: [usize; MAX_ROWS],
    out: Vec<Diagnostic>,
}

impl<'r> Check<'r> {
    fn new(report: &'r AnnualReport, options: &ValidateOptions) -> Check<'r> {
        let defs = report.template().rows();
        let mut first_key = [0; MAX_ROWS];
        let mut n = 0;
        for (slot, def) in first_key.iter_mut().zip(defs) {
            *slot = n;
            n += def.columns.len();
        }
        Check {
            report,
            blank_as_zero: options.blank_as_zero,
            defs,
            rows: {
                let mut rows = report.rows().into_iter();
                std::array::from_fn(|_| rows.next())
            },
            first_key,
            out: Vec::new(),
        }
    }

    /// Runs the rules `options` asks for and returns the findings.
    fn run(mut self, options: &ValidateOptions) -> Vec<Diagnostic> {
        let rules = [
            (Code::R1, Check::r1 as fn(&mut Self)),
            (Code::R2, Check::r2),
            (Code::R3, Check::r3),
            (Code::R4, Check::r4),
            (Code::R5, Check::r5),
            (Code::R6, Check::r6),
            (Code::R7, Check::r7),
            (Code::R8, Check::r8),
            (Code::R9, Check::r9),
        ];
        for (code, rule) in rules {
            if options.runs(code) {
                rule(&mut self);
            }
        }
        self.out
    }

    /// The canonical key of a cell.
    fn key(&self, row: usize, column: usize) -> Cow<'static, str> {
        let keys = crate::cells::keys(self.report.template());
        match self.first_key.get(row).and_then(|k| keys.get(k + column)) {
            Some(key) => Cow::Borrowed(key.as_str()),
            None => Cow::Owned(
                self.defs
                    .get(row)
                    .and_then(|d| d.cell_key(column))
                    .unwrap_or_default(),
            ),
        }
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.defs.iter().position(|d| d.key == key)
    }

    fn cell(&self, row: usize, column: usize) -> Option<&'r Cell> {
        self.rows.get(row).copied().flatten()?.cell(column)
    }

    fn value(&self, row: usize, column: usize) -> Option<i64> {
        operand(self.cell(row, column)?, self.blank_as_zero)
    }

    /// A finding on `cells` (row, column): the first with a place is the primary one.
    fn push(&mut self, code: Code, message: String, cells: &[(usize, usize)]) {
        let mut sorted = cells.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut d = Diagnostic::new(code, severity(code), message);
        d.keys = sorted.iter().map(|&(r, c)| self.key(r, c)).collect();
        let names = names(self.report.template());
        d.secondary.reserve(cells.len());
        d.labels.reserve(cells.len());
        for &(r, c) in cells {
            let (Some(row), Some(def)) = (self.rows.get(r).copied().flatten(), self.defs.get(r))
            else {
                continue;
            };
            let Some((span, own)) = place(self.report, def, row, c) else {
                continue;
            };
            if d.primary.iter().chain(&d.secondary).any(|&s| s == span) {
                continue;
            }
            let name = if own {
                self.first_key.get(r).and_then(|k| names.cells.get(k + c))
            } else {
                names.rows.get(r)
            };
            let label = Cow::Borrowed(name.map_or("", String::as_str));
            if d.primary.is_none() {
                d.set_primary(span, label);
            } else {
                d.add_secondary(span, label);
            }
        }
        self.out.push(d);
    }

    /// `R1`: 一 + 二 = 三(七) + 四, per column.
    fn r1(&mut self) {
        let (Some(nr), Some(co), Some(tt), Some(cf)) = (
            self.index("applications.new_received"),
            self.index("applications.carried_over"),
            self.index("applications.total"),
            self.index("applications.carried_forward"),
        ) else {
            return;
        };
        for (c, col) in template::APPLICANT_COLUMNS.iter().enumerate() {
            let (Some(a), Some(b), Some(t), Some(f)) = (
                self.value(nr, c),
                self.value(co, c),
                self.value(tt, c),
                self.value(cf, c),
            ) else {
                continue;
            };
            if i128::from(a) + i128::from(b) != i128::from(t) + i128::from(f) {
                let msg = format!(
                    "一+二 = 三(七)+四 fails in column {}: {a} + {b} ≠ {t} + {f}",
                    col.label
                );
                self.push(Code::R1, msg, &[(nr, c), (co, c), (tt, c), (cf, c)]);
            }
        }
    }

    /// The rows of outcomes (（一）予以公开 … （六）其他处理) as a range of row indices, and
    /// the row of （七）总计.
    fn outcomes(&self) -> Option<(std::ops::Range<usize>, usize)> {
        let first = self.index("applications.granted")?;
        let total = self.index("applications.total")?;
        (first < total).then_some((first..total, total))
    }

    /// `R2`: （七）总计 = sum of the outcome rows, per column.
    fn r2(&mut self) {
        let Some((rows, total)) = self.outcomes() else {
            return;
        };
        const GROUPS: usize = 6;
        let mut sums = [[0i128; GROUPS]; 7];
        let mut known = [true; 7];
        for r in rows.clone() {
            let group = outcome_group(&self.defs[r]);
            for (c, ok) in known.iter_mut().enumerate() {
                match self.value(r, c) {
                    Some(v) if *ok => sums[c][group] += i128::from(v),
                    _ => *ok = false,
                }
            }
        }
        for (c, col) in template::APPLICANT_COLUMNS.iter().enumerate() {
            let Some(t) = self.value(total, c).filter(|_| known[c]) else {
                continue;
            };
            if i128::from(t) != sums[c].iter().sum::<i128>() {
                let msg = format!(
                    "（七）总计 = （一）+（二）+（三）+（四）+（五）+（六） fails in column {}: {t} ≠ {}",
                    col.label,
                    joined(sums[c])
                );
                let cells: Vec<(usize, usize)> = std::iter::once((total, c))
                    .chain(rows.clone().map(|r| (r, c)))
                    .collect();
                self.push(Code::R2, msg, &cells);
            }
        }
    }

    /// `R3`: each row of section 三, 总计 = the six applicant columns.
    fn r3(&mut self) {
        for r in 0..self.defs.len() {
            if self.defs[r].table != TableKind::Applications {
                continue;
            }
            let Some(t) = self.value(r, TOTAL) else {
                continue;
            };
            let mut parts = [0i64; TOTAL];
            if !(0..TOTAL).all(|c| self.value(r, c).map(|v| parts[c] = v).is_some()) {
                continue;
            }
            if i128::from(t) != parts.iter().map(|&v| i128::from(v)).sum::<i128>() {
                let msg = format!(
                    "{}: 总计 = 自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 fails: {t} ≠ {}",
                    row_name(&self.defs[r]),
                    joined(parts.map(i128::from))
                );
                let cells: Vec<(usize, usize)> = std::iter::once((r, TOTAL))
                    .chain((0..TOTAL).map(|c| (r, c)))
                    .collect();
                self.push(Code::R3, msg, &cells);
            }
        }
    }

    /// `R4`: each group of section 四, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    fn r4(&mut self) {
        for r in 0..self.defs.len() {
            if self.defs[r].table != TableKind::ReviewLitigation {
                continue;
            }
            let mut v = [0i64; 5];
            if !(0..5).all(|c| self.value(r, c).map(|x| v[c] = x).is_some()) {
                continue;
            }
            let [upheld, corrected, other, pending, total] = v.map(i128::from);
            if total != upheld + corrected + other + pending {
                let msg = format!(
                    "{}: 总计 = 结果维持+结果纠正+其他结果+尚未审结 fails: {total} ≠ {upheld} + {corrected} + {other} + {pending}",
                    row_name(&self.defs[r])
                );
                self.push(Code::R4, msg, &[(r, 4), (r, 0), (r, 1), (r, 2), (r, 3)]);
            }
        }
    }

    /// `R5`: counts are whole numbers ≥ 0 (`change` may be negative); amounts are ≥ 0.
    fn r5(&mut self) {
        for r in 0..self.defs.len() {
            for (c, col) in self.defs[r].columns.iter().enumerate() {
                let Some(cell) = self.cell(r, c) else {
                    continue;
                };
                const NEGATIVE_COUNT: &str = "a count cannot be negative";
                const NEGATIVE_AMOUNT: &str = "an amount cannot be negative";
                let why = match (&cell.value, col.kind) {
                    (Value::Count(n), ColumnKind::Count) if *n < 0 => NEGATIVE_COUNT,
                    (Value::Count(n), ColumnKind::Amount) if *n < 0 => NEGATIVE_AMOUNT,
                    (Value::Amount(a), ColumnKind::Amount) if a.value.is_negative() => {
                        NEGATIVE_AMOUNT
                    }
                    (Value::Amount(a), ColumnKind::Count | ColumnKind::SignedCount) => {
                        match (a.unit, a.value.to_integer()) {
                            (Some(_), _) => "a count, not an amount of money",
                            // Whole, but past what a count holds (`i64`).
                            (None, None) if a.value.scale() == 0 => "too large for a count",
                            (None, None) => "a count is a whole number",
                            (None, Some(n)) if n < 0 && col.kind == ColumnKind::Count => {
                                NEGATIVE_COUNT
                            }
                            (None, Some(_)) => continue,
                        }
                    }
                    _ => continue,
                };
                let msg = format!("{} is {}: {why}", cell_name(&self.defs[r], c), cell.value);
                self.push(Code::R5, msg, &[(r, c)]);
            }
        }
    }

    /// `R6`: every section 一 … 六 present, once, in order.
    fn r6(&mut self) {
        let sections = &self.report.sections;
        let mut last: Option<&crate::model::Section> = None;
        for s in sections {
            if let Some(prev) = last.filter(|p| p.kind >= s.kind) {
                let what = if prev.kind == s.kind {
                    "appears twice".to_string()
                } else {
                    format!("stands after {}", prev.kind.heading())
                };
                let d = Diagnostic::new(
                    Code::R6,
                    severity(Code::R6),
                    format!(
                        "section {} {what}; the template has sections 一 … 六 once each, in order",
                        s.kind.heading()
                    ),
                )
                .at_labelled(s.heading.span, s.heading.value.clone())
                .also_at_labelled(prev.heading.span, prev.heading.value.clone());
                self.out.push(d);
            } else {
                last = Some(s);
            }
        }
        for kind in SectionKind::ALL {
            if sections.iter().any(|s| s.kind == kind) {
                continue;
            }
            let next = sections.iter().find(|s| s.kind > kind);
            let prev = sections.iter().rev().find(|s| s.kind < kind);
            let mut msg = format!("section {} is missing", kind.heading());
            let mut d = Diagnostic::new(Code::R6, severity(Code::R6), String::new());
            if let Some(n) = next {
                let _ = write!(msg, " before {}", n.heading.value);
                d = d.at_labelled(n.heading.span, n.heading.value.clone());
            } else if let Some(p) = prev {
                let _ = write!(msg, " after {}", p.heading.value);
                d = d.at_labelled(p.heading.span, p.heading.value.clone());
            }
            d.message = msg;
            self.out.push(d);
        }
    }

    /// `R7`: every template cell present and filled; one finding per row.
    fn r7(&mut self) {
        for r in 0..self.defs.len() {
            let columns = self.defs[r].columns;
            // Vectors allocate on their first push only: nothing for a filled row.
            let mut blank = Vec::new();
            let mut missing = Vec::new();
            for c in 0..columns.len() {
                match self.cell(r, c).map(|cell| &cell.value) {
                    Some(Value::Blank) if !self.blank_as_zero => blank.push(c),
                    Some(Value::Missing) | None => missing.push(c),
                    _ => {}
                }
            }
            if blank.is_empty() && missing.is_empty() {
                continue;
            }
            let n = columns.len();
            let name = names(self.report.template())
                .rows
                .get(r)
                .map_or("", String::as_str);
            let mut msg = String::with_capacity(160);
            msg.push_str(name);
            msg.push_str(": ");
            let unfilled = [(&blank, "blank"), (&missing, "missing")];
            for (i, (cells, word)) in unfilled.iter().filter(|(c, _)| !c.is_empty()).enumerate() {
                let _ = match i {
                    0 if n == 1 => write!(msg, "{} of 1 cell {word} (", cells.len()),
                    0 => write!(msg, "{} of {n} cells {word} (", cells.len()),
                    _ => write!(msg, " and {} {word} (", cells.len()),
                };
                for (k, &c) in cells.iter().enumerate() {
                    if k > 0 {
                        msg.push_str(", ");
                    }
                    msg.push_str(columns[c].label);
                }
                msg.push(')');
            }
            let mut cells: Vec<(usize, usize)> =
                blank.iter().chain(&missing).map(|&c| (r, c)).collect();
            cells.sort_unstable();
            self.push(Code::R7, msg, &cells);
        }
    }

    /// `R8`: the template matches the year.
    fn r8(&mut self) {
        let Some(year) = &self.report.metadata.year else {
            return;
        };
        let template = self.report.template();
        let want = if year.value >= 2021 {
            Template::T2021
        } else {
            Template::T2019
        };
        if template == want {
            return;
        }
        let rule = match want {
            Template::T2021 => {
                "reports on 2021 and later use template 2021 (国办公开办函〔2021〕30号)"
            }
            Template::T2019 => {
                "reports on 2020 and before use template 2019 (国办公开办函〔2019〕60号)"
            }
        };
        let mut d = Diagnostic::new(
            Code::R8,
            severity(Code::R8),
            format!(
                "the report on {} is written on template {template}; {rule}",
                year.value
            ),
        )
        .with_keys(["meta.year", "meta.template"])
        .at_labelled(year.span, format!("year {}", year.value));
        if let Some(s) = self.report.section(SectionKind::Proactive) {
            d = d.also_at_labelled(s.heading.span, format!("tables of template {template}"));
        }
        self.out.push(d);
    }

    /// `R9`: template 2019, （一）: 本年新公开数量 ≤ 对外公开总数量.
    fn r9(&mut self) {
        if self.report.template() != Template::T2019 {
            return;
        }
        for key in ["proactive.rules", "proactive.normative_docs"] {
            let Some(r) = self.index(key) else {
                continue;
            };
            let (Some(new), Some(all)) = (self.value(r, 1), self.value(r, 2)) else {
                continue;
            };
            if new > all {
                let msg = format!(
                    "{}: 本年新公开数量 ≤ 对外公开总数量 fails: {new} > {all}",
                    row_name(&self.defs[r])
                );
                self.push(Code::R9, msg, &[(r, 1), (r, 2)]);
            }
        }
    }
}

/// Where a cell stands: its span (`true`: the cell's own), else its row's label, else the
/// heading of its table's section (`false`).
fn place(
    report: &AnnualReport,
    def: &RowDef,
    row: &dyn Row,
    column: usize,
) -> Option<(Span, bool)> {
    if let Some(span) = row.cell(column).and_then(|c| c.span) {
        return Some((span, true));
    }
    let span = row
        .label()
        .map(|l| l.span)
        .or_else(|| report.section(def.table.section()).map(|s| s.heading.span))?;
    Some((span, false))
}

/// Which of （一） … （六） an outcome row adds to (0 … 5): its own numbering, or its group's.
fn outcome_group(def: &RowDef) -> usize {
    let paren = match def.numbering {
        Numbering::Paren(n) => n,
        _ => template::GROUPS
            .iter()
            .find(|g| g.id == def.group)
            .and_then(|g| match g.numbering {
                Numbering::Paren(n) => Some(n),
                _ => None,
            })
            .unwrap_or(6),
    };
    usize::from(paren).clamp(1, 6) - 1
}

/// One report of a pair across years.
struct Side<'r> {
    report: &'r AnnualReport,
    index: usize,
    year: u16,
}

impl<'r> Side<'r> {
    fn new(report: &'r AnnualReport, index: usize) -> Side<'r> {
        Side {
            report,
            index,
            year: report.metadata.year.as_ref().map_or(0, |y| y.value),
        }
    }

    /// The row `key` and its template definition.
    fn row(&self, key: &str) -> Option<(&'r dyn Row, &'static RowDef)> {
        let def = self
            .report
            .template()
            .rows()
            .iter()
            .find(|d| d.key == key)?;
        Some((self.report.row(key)?, def))
    }
}

/// Two reports of one agency on consecutive years.
struct Pair<'r> {
    prev: Side<'r>,
    next: Side<'r>,
    blank_as_zero: bool,
}

/// A cell of one side of a pair: its value and where it stands.
struct At {
    value: i64,
    key: String,
    span: Option<Span>,
    label: String,
    report: usize,
}

impl<'r> Pair<'r> {
    /// Runs the rules across years `options` asks for.
    fn run(&self, options: &ValidateOptions, out: &mut Vec<Diagnostic>) {
        let rules = [
            (Code::S1, Pair::s1 as fn(&Self, &mut Vec<Diagnostic>)),
            (Code::S2, Pair::s2),
            (Code::S3, Pair::s3),
        ];
        for (code, rule) in rules {
            if options.runs(code) {
                rule(self, out);
            }
        }
    }

    fn at(&self, side: &Side<'r>, key: &str, column: &str) -> Option<At> {
        let (row, def) = side.row(key)?;
        let c = def.columns.iter().position(|col| col.key == column)?;
        let value = operand(row.cell(c)?, self.blank_as_zero)?;
        let (span, own) = place(side.report, def, row, c).unzip();
        let name = if own == Some(true) {
            cell_name(def, c)
        } else {
            row_name(def)
        };
        Some(At {
            value,
            key: def.cell_key(c).unwrap_or_default(),
            span,
            label: format!("{} {name}", side.year),
            report: side.index,
        })
    }

    fn agency(&self) -> &str {
        self.next
            .report
            .metadata
            .agency
            .as_ref()
            .map_or("", |a| a.value.as_str())
    }

    /// A finding whose primary place is `cells[0]`; keys in SPEC order.
    fn push(&self, out: &mut Vec<Diagnostic>, code: Code, message: String, cells: &[&At]) {
        let order = crate::cells::keys(self.next.report.template());
        let rank = |k: &str| order.iter().position(|o| o == k).unwrap_or(usize::MAX);
        let mut keys: Vec<&str> = cells.iter().map(|a| a.key.as_str()).collect();
        keys.sort_by_key(|k| rank(k));
        keys.dedup();
        let mut d = Diagnostic::new(code, severity(code), message)
            .with_keys(keys.into_iter().map(|k| Cow::Owned(k.to_string())));
        for a in cells {
            let Some(span) = a.span else {
                continue;
            };
            d = if d.primary.is_none() {
                d.at_labelled(span, a.label.clone())
            } else {
                d.also_at_labelled(span, a.label.clone())
            }
            .in_report(a.report);
        }
        out.push(d);
    }

    /// `S1`: 四 (carried forward) of Y = 二 (carried over) of Y+1, per column.
    fn s1(&self, out: &mut Vec<Diagnostic>) {
        for col in template::APPLICANT_COLUMNS {
            let (Some(over), Some(forward)) = (
                self.at(&self.next, "applications.carried_over", col.key),
                self.at(&self.prev, "applications.carried_forward", col.key),
            ) else {
                continue;
            };
            if over.value != forward.value {
                let msg = format!(
                    "{}: 二、上年结转政府信息公开申请数量 of {} = 四、结转下年度继续办理 of {} fails in column {}: {} ≠ {}",
                    self.agency(),
                    self.next.year,
                    self.prev.year,
                    col.label,
                    over.value,
                    forward.value
                );
                self.push(out, Code::S1, msg, &[&over, &forward]);
            }
        }
    }

    /// `S2`: template 2021, in_force(Y+1) = in_force(Y) + issued(Y+1) − repealed(Y+1).
    fn s2(&self, out: &mut Vec<Diagnostic>) {
        if self.prev.report.template() != Template::T2021
            || self.next.report.template() != Template::T2021
        {
            return;
        }
        for key in ["proactive.rules", "proactive.normative_docs"] {
            let (Some(now), Some(before), Some(issued), Some(repealed)) = (
                self.at(&self.next, key, "in_force"),
                self.at(&self.prev, key, "in_force"),
                self.at(&self.next, key, "issued"),
                self.at(&self.next, key, "repealed"),
            ) else {
                continue;
            };
            let want =
                i128::from(before.value) + i128::from(issued.value) - i128::from(repealed.value);
            if i128::from(now.value) != want {
                let row = self
                    .next
                    .row(key)
                    .map_or(String::new(), |(_, d)| row_name(d));
                let msg = format!(
                    "{}: {row} 现行有效件数 of {} = 现行有效件数 of {} + 本年制发件数 − 本年废止件数 of {} fails: {} ≠ {} + {} − {}",
                    self.agency(),
                    self.next.year,
                    self.prev.year,
                    self.next.year,
                    now.value,
                    before.value,
                    issued.value,
                    repealed.value
                );
                self.push(out, Code::S2, msg, &[&now, &before, &issued, &repealed]);
            }
        }
    }

    /// `S3`: template 2019, prev_items(Y+1) = prev_items(Y) + change(Y).
    fn s3(&self, out: &mut Vec<Diagnostic>) {
        if self.prev.report.template() != Template::T2019
            || self.next.report.template() != Template::T2019
        {
            return;
        }
        let keys = self
            .next
            .report
            .template()
            .rows()
            .iter()
            .filter(|d| d.columns.iter().any(|c| c.key == "change"));
        for def in keys {
            let (Some(now), Some(before), Some(change)) = (
                self.at(&self.next, def.key, "prev_items"),
                self.at(&self.prev, def.key, "prev_items"),
                self.at(&self.prev, def.key, "change"),
            ) else {
                continue;
            };
            if i128::from(now.value) != i128::from(before.value) + i128::from(change.value) {
                let sign = if change.value < 0 { '−' } else { '+' };
                let msg = format!(
                    "{}: {} 上一年项目数量 of {} = 上一年项目数量 + 本年增/减 of {} fails: {} ≠ {} {sign} {}",
                    self.agency(),
                    row_name(def),
                    self.next.year,
                    self.prev.year,
                    now.value,
                    before.value,
                    change.value.unsigned_abs()
                );
                self.push(out, Code::S3, msg, &[&now, &before, &change]);
            }
        }
    }
}
