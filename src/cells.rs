//! The flat form of SPEC §8: one `key<TAB>value` line per cell, metadata first.

use crate::model::AnnualReport;
use crate::template::Template;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The canonical keys of every template cell, in SPEC order, and where each row's keys start;
/// built once per template.
fn key_table(template: Template) -> &'static (Vec<String>, Vec<usize>) {
    static K2019: OnceLock<(Vec<String>, Vec<usize>)> = OnceLock::new();
    static K2021: OnceLock<(Vec<String>, Vec<usize>)> = OnceLock::new();
    let cell = match template {
        Template::T2019 => &K2019,
        Template::T2021 => &K2021,
    };
    cell.get_or_init(|| {
        let mut keys = Vec::new();
        let mut starts = Vec::new();
        for r in template.rows() {
            starts.push(keys.len());
            keys.extend(r.cell_keys());
        }
        (keys, starts)
    })
}

/// The canonical keys of every template cell, in SPEC order.
pub(crate) fn keys(template: Template) -> &'static [String] {
    &key_table(template).0
}

/// The canonical keys of the cells of row `row` (an index into `template.rows()`).
pub(crate) fn row_keys(template: Template, row: usize) -> &'static [String] {
    let (keys, starts) = key_table(template);
    let start = starts.get(row).copied().unwrap_or(keys.len());
    let n = template.rows().get(row).map_or(0, |r| r.columns.len());
    &keys[start..start + n]
}

/// The metadata keys of the flat form, in order.
pub const META_KEYS: [&str; 4] = [
    "meta.agency",
    "meta.year",
    "meta.template",
    "meta.published",
];

impl AnnualReport {
    /// The metadata as flat-form values: agency, year, template, publication date (`missing`
    /// when not found), in the order of [`META_KEYS`].
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/000.txt"))?;
    /// assert_eq!(report.meta_values(), ["天津市宁河区商务局", "2020", "2019", "2021-02-18"]);
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn meta_values(&self) -> [String; 4] {
        let m = &self.metadata;
        let missing = || "missing".to_string();
        [
            m.agency.as_ref().map_or_else(missing, |a| a.value.clone()),
            m.year
                .as_ref()
                .map_or_else(missing, |y| y.value.to_string()),
            m.template.to_string(),
            m.published
                .as_ref()
                .map_or_else(missing, |d| d.value.to_string()),
        ]
    }

    /// The whole report in the flat form of SPEC §8: `key<TAB>value` lines, metadata first, then
    /// every cell of the template (`12`, `-3`, `20044679 元`, `blank`, `missing`).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
    /// let flat = report.to_flat();
    /// assert!(flat.starts_with("meta.agency\t石家庄市商务局\nmeta.year\t2020\n"));
    /// assert!(flat.contains("proactive.procurement.amount\t20044679 元\n"));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn to_flat(&self) -> String {
        let mut out = String::with_capacity(8192);
        for (k, v) in META_KEYS.iter().zip(self.meta_values()) {
            let _ = writeln!(out, "{k}\t{v}");
        }
        for (k, c) in self.cells() {
            let _ = writeln!(out, "{k}\t{}", c.value);
        }
        out
    }
}
