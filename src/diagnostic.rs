//! Diagnostics: what parsing and validation found, as plain serialisable data.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing, nothing wrong (a value placed by a documented layout rule).
    Note,
    /// Something is incomplete or unusual (a blank cell, a lost value, an extra row).
    Warning,
    /// A rule of the template is broken (a sum that does not add up).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The stable id of a finding: a validation rule of SPEC §7 (`R1` … `R9`, `S1` … `S3`) or a
/// parse finding (`P1` … `P7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Code {
    /// 一+二 = 三(七)+四, per column.
    R1,
    /// （七）总计 = sum of the outcome rows, per column.
    R2,
    /// Row total = sum of the six applicant columns.
    R3,
    /// Review and litigation: total = upheld + corrected + other + pending.
    R4,
    /// Counts are whole numbers ≥ 0 (`change` may be negative); amounts ≥ 0.
    R5,
    /// Every section 一 … 六 present, in order.
    R6,
    /// Every template cell present and filled.
    R7,
    /// The template matches the year.
    R8,
    /// Template 2019: new_published ≤ total_published.
    R9,
    /// Across years: carried_forward(Y) = carried_over(Y+1).
    S1,
    /// Across years, template 2021: in_force(Y+1) = in_force(Y) + issued(Y+1) − repealed(Y+1).
    S2,
    /// Across years, template 2019: prev_items(Y+1) = prev_items(Y) + change(Y).
    S3,
    /// Parse: values of a table row could not be placed with certainty; those cells are missing.
    P1,
    /// Parse: a row the template does not have, or a template row met a second time, was kept
    /// as an extra row.
    P2,
    /// Parse: a row carried more cells than columns, all equal; each column took that value.
    P3,
    /// Parse: a row's single value at its right end was placed under 总计.
    P4,
    /// Parse: the template could not be told from the tables; it was taken from the year.
    P5,
    /// Parse: a table of the template was not found in the text.
    P6,
    /// Parse: the text holds a second report after this one (its title and headings after the
    /// last section); only the first is read.
    P7,
}

impl Code {
    /// The id as written in SPEC (`R1`, `S2`, `P1`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::R1 => "R1",
            Code::R2 => "R2",
            Code::R3 => "R3",
            Code::R4 => "R4",
            Code::R5 => "R5",
            Code::R6 => "R6",
            Code::R7 => "R7",
            Code::R8 => "R8",
            Code::R9 => "R9",
            Code::S1 => "S1",
            Code::S2 => "S2",
            Code::S3 => "S3",
            Code::P1 => "P1",
            Code::P2 => "P2",
            Code::P3 => "P3",
            Code::P4 => "P4",
            Code::P5 => "P5",
            Code::P6 => "P6",
            Code::P7 => "P7",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding of parsing or validation.
///
/// The message stands alone on one line; `keys` names the canonical cells involved; `primary`
/// is where the finding points, `secondary` the other places involved.
///
/// # Places in several reports
///
/// A finding on one report (`R1` … `R9`, `P1` … `P7`) points into that report's text, and
/// [`Diagnostic::reports`] is empty. A finding across reports (`S1` … `S3`, from
/// [`crate::validate_series`]) points into two texts: `reports[i]` is the index, in the
/// sequence given to `validate_series`, of the report the `i`-th place is in — place 0 being
/// `primary`, place `1 + j` being `secondary[j]`. [`Diagnostic::locations`] pairs them up.
///
/// # Examples
///
/// ```
/// use zfxxgk::{Code, Diagnostic, Severity, Span};
///
/// let at = |start, line, column| Span { start, end: start + 1, line, column };
/// let d = Diagnostic::new(Code::S1, Severity::Error, "二 of 2021 = 四 of 2020 fails")
///     .with_keys(["applications.carried_forward.total", "applications.carried_over.total"])
///     .at_labelled(at(900, 40, 20), "2021 二 · 总计")
///     .in_report(1)
///     .also_at_labelled(at(870, 44, 18), "2020 四 · 总计")
///     .in_report(0);
/// let places: Vec<_> = d.locations().map(|l| (l.report, l.span.line, l.label)).collect();
/// assert_eq!(places, [(Some(1), 40, Some("2021 二 · 总计")), (Some(0), 44, Some("2020 四 · 总计"))]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable id.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// One line that says what is wrong, with the labels and numbers involved.
    pub message: String,
    /// Canonical keys of the cells involved (SPEC order).
    pub keys: Vec<Cow<'static, str>>,
    /// Where it points, when the text has a place for it.
    pub primary: Option<Span>,
    /// Other places involved.
    pub secondary: Vec<Span>,
    /// What each place is, for a reader (`一、本年新收政府信息公开申请数量 · 自然人`): `labels[0]`
    /// belongs to `primary`, `labels[1 + j]` to `secondary[j]`; an empty string, or a place past
    /// the end of the list, has no label. Empty for parse findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Cow<'static, str>>,
    /// For findings across reports, the report each place is in (see the type's documentation);
    /// empty when every place is in the one report the finding is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<usize>,
}

/// One place a [`Diagnostic`] points at, as [`Diagnostic::locations`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location<'a> {
    /// Where, in the text of its report.
    pub span: Span,
    /// Whether this is the primary place (else a secondary one).
    pub primary: bool,
    /// What the place is, when the finding says.
    pub label: Option<&'a str>,
    /// For a finding across reports: the index of the report the span is in. `None` when the
    /// finding is about one report.
    pub report: Option<usize>,
}

impl Diagnostic {
    /// A finding with no keys and no place yet.
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            keys: Vec::new(),
            primary: None,
            secondary: Vec::new(),
            labels: Vec::new(),
            reports: Vec::new(),
        }
    }

    /// Sets the canonical keys involved.
    pub fn with_keys<I, S>(mut self, keys: I) -> Diagnostic
    where
        I: IntoIterator<Item = S>,
        S: Into<Cow<'static, str>>,
    {
        self.keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the primary place.
    pub fn at(mut self, span: Option<Span>) -> Diagnostic {
        self.primary = span;
        self
    }

    /// Adds secondary places.
    pub fn also_at(mut self, spans: impl IntoIterator<Item = Span>) -> Diagnostic {
        self.secondary.extend(spans);
        self
    }

    /// Sets the primary place and its label.
    pub fn at_labelled(mut self, span: Span, label: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.set_primary(span, label.into());
        self
    }

    /// Adds one secondary place with its label.
    pub fn also_at_labelled(
        mut self,
        span: Span,
        label: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        self.add_secondary(span, label.into());
        self
    }

    /// [`Diagnostic::at_labelled`] in place.
    pub(crate) fn set_primary(&mut self, span: Span, label: Cow<'static, str>) {
        self.primary = Some(span);
        match self.labels.first_mut() {
            Some(first) => *first = label,
            None => self.labels.push(label),
        }
    }

    /// [`Diagnostic::also_at_labelled`] in place.
    pub(crate) fn add_secondary(&mut self, span: Span, label: Cow<'static, str>) {
        self.secondary.push(span);
        self.labels.resize(self.secondary.len(), Cow::Borrowed(""));
        self.labels.push(label);
    }

    /// Says which report the place added last is in, for findings across reports (see the
    /// type's documentation). Places added before it without a report are given the same one.
    pub fn in_report(mut self, report: usize) -> Diagnostic {
        self.reports.resize(1 + self.secondary.len(), report);
        if let Some(last) = self.reports.last_mut() {
            *last = report;
        }
        self
    }

    /// Every place, primary first, then the secondary ones in order, each with its label and
    /// report.
    pub fn locations(&self) -> impl Iterator<Item = Location<'_>> + '_ {
        let offset = usize::from(self.primary.is_none());
        self.primary
            .iter()
            .map(|s| (true, s))
            .chain(self.secondary.iter().map(|s| (false, s)))
            .enumerate()
            .map(move |(i, (primary, span))| {
                let i = i + offset;
                Location {
                    span: *span,
                    primary,
                    label: self
                        .labels
                        .get(i)
                        .map(|l| l.as_ref())
                        .filter(|l| !l.is_empty()),
                    report: self.reports.get(i).copied(),
                }
            })
    }

    pub(crate) fn for_each_span_mut(&mut self, f: &mut dyn FnMut(&mut Span)) {
        if let Some(p) = &mut self.primary {
            f(p);
        }
        for s in &mut self.secondary {
            f(s);
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `LINE:COL: severity[CODE]: message` (without a line when there is no place).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.primary {
            write!(f, "{}:{}: ", p.line, p.column)?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}
