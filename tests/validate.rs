//! Validation (SPEC §7): one report per rule that breaks exactly that rule, a mutation test over
//! every cell of consistent reports, the five corpus reports, rendering, and `examples/validate`.
//!
//! The reports under `tests/fixtures/validate/` were written by hand:
//! - `ok_2019.txt` … `ok_2022.txt`: one agency (示例市商务局) over four years, templates 2019
//!   (2019, 2020) and 2021 (2021, 2022), every cell filled, every rule and every rule across
//!   years holding;
//! - `rN.txt`: `ok_2020.txt` with the change that breaks rule `RN` and nothing else;
//! - `s1_2021.txt`, `s2_2022.txt`, `s3_2020.txt`: consistent on their own, breaking `S1`, `S2`,
//!   `S3` against the report of the year before;
//! - `broken_2020.txt`: corpus 003 with five values changed by hand; `broken_2021.txt`: corpus
//!   002 under 003's agency name, whose carried-over count no longer follows `broken_2020.txt`.

mod common;

use std::process::Command;
use zfxxgk::render_diagnostic::{display_width, render, Source};
use zfxxgk::{
    parse, validate_series, validate_series_with, Amount, AnnualReport, Code, Decimal, Diagnostic,
    Severity, Template, ValidateOptions, Value,
};

fn read(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(name: &str) -> (String, AnnualReport) {
    let text = read(name);
    let report = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, report)
}

fn primary(d: &Diagnostic) -> (u32, u32) {
    let p = d.primary.unwrap_or_else(|| panic!("no primary place: {d}"));
    (p.line, p.column)
}

fn codes(findings: &[Diagnostic]) -> Vec<Code> {
    findings.iter().map(|d| d.code).collect()
}

/// `applications.granted.natural_person` for each column of a section 三 row.
fn row_keys(row: &str) -> Vec<String> {
    [
        "natural_person",
        "business",
        "research",
        "social_org",
        "legal_service",
        "other_org",
        "total",
    ]
    .iter()
    .map(|c| format!("applications.{row}.{c}"))
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Consistent reports

#[test]
fn consistent_reports_have_no_findings() {
    let mut reports = Vec::new();
    for year in 2019..=2022 {
        let (_, report) = load(&format!("validate/ok_{year}.txt"));
        assert_eq!(report.diagnostics, [], "parse of ok_{year}");
        assert_eq!(report.validate(), [], "ok_{year}");
        let template = if year >= 2021 {
            Template::T2021
        } else {
            Template::T2019
        };
        assert_eq!(report.template(), template);
        assert!(report.cells().iter().all(|(_, c)| c.value.is_number()));
        reports.push(report);
    }
    assert_eq!(validate_series(&reports), []);
    // Order does not matter: the reports are paired by agency and year.
    assert_eq!(validate_series(reports.iter().rev()), []);
}

// ---------------------------------------------------------------------------------------------
// One report per rule

#[test]
fn r1_carried_identity() {
    let (text, report) = load("validate/r1.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R1, Code::R1]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(
        f[0].message,
        "一+二 = 三(七)+四 fails in column 自然人: 24 + 2 ≠ 22 + 3"
    );
    assert_eq!(
        f[0].keys,
        [
            "applications.new_received.natural_person",
            "applications.carried_over.natural_person",
            "applications.total.natural_person",
            "applications.carried_forward.natural_person",
        ]
    );
    assert_eq!(primary(&f[0]), (33, 18));
    let p = f[0].primary.unwrap();
    assert_eq!(&text[p.range()], "24");
    let others: Vec<(u32, u32)> = f[0].secondary.iter().map(|s| (s.line, s.column)).collect();
    assert_eq!(others, [(34, 18), (54, 8), (55, 13)]);
    assert_eq!(
        f[0].labels,
        [
            "一、本年新收政府信息公开申请数量 · 自然人",
            "二、上年结转政府信息公开申请数量 · 自然人",
            "（七）总计 · 自然人",
            "四、结转下年度继续办理 · 自然人",
        ]
    );
    assert_eq!(
        f[1].message,
        "一+二 = 三(七)+四 fails in column 总计: 35 + 3 ≠ 33 + 4"
    );
    assert_eq!(
        f[1].keys,
        [
            "applications.new_received.total",
            "applications.carried_over.total",
            "applications.total.total",
            "applications.carried_forward.total",
        ]
    );
    assert_eq!(primary(&f[1]), (33, 31));
}

#[test]
fn r2_outcomes_add_up_to_the_total() {
    let (_, report) = load("validate/r2.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R2, Code::R2]);
    assert_eq!(
        f[0].message,
        "（七）总计 = （一）+（二）+（三）+（四）+（五）+（六） fails in column 自然人: 22 ≠ 6 + 2 + 3 + 7 + 4 + 1"
    );
    assert_eq!(f[0].keys.len(), 20);
    assert_eq!(f[0].keys[0], "applications.granted.natural_person");
    assert_eq!(f[0].keys[18], "applications.other.natural_person");
    assert_eq!(f[0].keys[19], "applications.total.natural_person");
    assert_eq!(primary(&f[0]), (54, 8));
    assert_eq!(f[0].secondary.len(), 19);
    assert_eq!(
        f[1].message,
        "（七）总计 = （一）+（二）+（三）+（四）+（五）+（六） fails in column 总计: 33 ≠ 9 + 3 + 6 + 9 + 5 + 2"
    );
    assert_eq!(primary(&f[1]), (54, 21));
}

#[test]
fn r3_row_total_is_the_sum_of_applicants() {
    let (_, report) = load("validate/r3.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R3, Code::R3]);
    assert_eq!(
        f[0].message,
        "（一）予以公开: 总计 = 自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 fails: 8 ≠ 6 + 2 + 0 + 0 + 1 + 0"
    );
    assert_eq!(f[0].keys, row_keys("granted"));
    assert_eq!(primary(&f[0]), (35, 31));
    assert_eq!(
        f[1].message,
        "（二）部分公开: 总计 = 自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 fails: 3 ≠ 1 + 1 + 0 + 0 + 0 + 0"
    );
    assert_eq!(f[1].keys, row_keys("partly_granted"));
    assert_eq!(primary(&f[1]), (36, 43));
}

#[test]
fn r4_review_total() {
    let (_, report) = load("validate/r4.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R4]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(
        f[0].message,
        "行政复议: 总计 = 结果维持+结果纠正+其他结果+尚未审结 fails: 4 ≠ 1 + 1 + 0 + 1"
    );
    assert_eq!(
        f[0].keys,
        [
            "review.upheld",
            "review.corrected",
            "review.other",
            "review.pending",
            "review.total"
        ]
    );
    assert_eq!(primary(&f[0]), (62, 9));
}

/// A whole number past what a count holds is named so, not as a fraction.
#[test]
fn r5_a_count_too_large() {
    let (text, _) = load("validate/r5.txt");
    let text = text.replacen("2.5", "99999999999999999999", 1);
    let report = zfxxgk::parse(&text).unwrap();
    let f: Vec<_> = report
        .validate()
        .into_iter()
        .filter(|d| d.keys[0] == "proactive.other_services.decisions")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].message,
        "其他对外管理服务事项 · 处理决定数量 is 99999999999999999999: too large for a count"
    );
}

#[test]
fn r5_counts_and_amounts() {
    let (_, report) = load("validate/r5.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R5, Code::R5, Code::R5]);
    let got: Vec<(&str, &str, (u32, u32))> = f
        .iter()
        .map(|d| (&*d.keys[0], d.message.as_str(), primary(d)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "proactive.licensing.decisions",
                "行政许可 · 处理决定数量 is -30: a count cannot be negative",
                (15, 11)
            ),
            (
                "proactive.other_services.decisions",
                "其他对外管理服务事项 · 处理决定数量 is 2.5: a count is a whole number",
                (16, 16)
            ),
            (
                "proactive.procurement.amount",
                "政府集中采购 · 采购总金额 is -125.5 万元: an amount cannot be negative",
                (26, 10)
            ),
        ]
    );
    // `change` may be negative: ok_2020 has -1 and -2 there, and no finding.
    assert_eq!(
        report.cell("proactive.penalty.change").unwrap().value,
        Value::Count(-1)
    );
}

#[test]
fn r6_sections_present_in_order() {
    let (_, report) = load("validate/r6.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R6]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        f[0].message,
        "section 五、存在的主要问题及改进情况 is missing before 六、其他需要报告的事项"
    );
    assert!(f[0].keys.is_empty());
    assert_eq!(primary(&f[0]), (64, 1));

    // Out of order and twice: a report whose sections were put together by hand.
    let (_, mut report) = load("validate/ok_2020.txt");
    report.sections.swap(2, 3);
    let dup = report.sections[1].clone();
    report.sections.push(dup);
    let f = report.validate();
    let got: Vec<(&str, (u32, u32))> = f.iter().map(|d| (d.message.as_str(), primary(d))).collect();
    assert_eq!(
        got,
        [
            ("section 三、收到和处理政府信息公开申请情况 stands after 四、政府信息公开行政复议、行政诉讼情况; the template has sections 一 … 六 once each, in order", (28, 1)),
            ("section 二、主动公开政府信息情况 stands after 六、其他需要报告的事项; the template has sections 一 … 六 once each, in order", (7, 1)),
        ]
    );
}

#[test]
fn r7_blank_cells_once_per_row() {
    let (text, report) = load("validate/r7.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R7, Code::R7]);
    assert_eq!(
        f[0].message,
        "其他对外管理服务事项: 1 of 3 cells blank (处理决定数量)"
    );
    assert_eq!(f[0].keys, ["proactive.other_services.decisions"]);
    assert_eq!(primary(&f[0]), (16, 16));
    assert_eq!(&text[f[0].primary.unwrap().range()], "—");
    assert_eq!(
        f[1].message,
        "（三）不予公开 3.危及“三安全一稳定”: 6 of 7 cells blank (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)"
    );
    assert_eq!(
        f[1].keys,
        row_keys("denied.security_stability")[..6].to_vec()
    );
    assert_eq!(primary(&f[1]), (39, 16));
    assert_eq!(f[1].secondary.len(), 5);

    // Blanks read as 0: the sums hold with them, and nothing is reported.
    assert_eq!(
        report.validate_with(ValidateOptions::new().blank_as_zero(true)),
        []
    );

    // Blank and missing in one row; a row of one cell.
    let (_, mut report) = load("validate/ok_2021.txt");
    set(&mut report, "review.upheld", Value::Blank);
    set(&mut report, "review.total", Value::Missing);
    set(&mut report, "proactive.fees.amount", Value::Blank);
    let messages: Vec<String> = report.validate().into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "行政事业性收费: 1 of 1 cell blank (本年收费金额（单位：万元）)",
            "行政复议: 1 of 5 cells blank (结果维持) and 1 missing (总计)",
        ]
    );
}

#[test]
fn r8_template_matches_the_year() {
    let (text, report) = load("validate/r8.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R8]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        f[0].message,
        "the report on 2021 is written on template 2019; reports on 2021 and later use template 2021 (国办公开办函〔2021〕30号)"
    );
    assert_eq!(f[0].keys, ["meta.year", "meta.template"]);
    assert_eq!(primary(&f[0]), (1, 7));
    assert_eq!(&text[f[0].primary.unwrap().range()], "2021");
}

#[test]
fn r9_new_published_within_total_published() {
    let (_, report) = load("validate/r9.txt");
    let f = report.validate();
    assert_eq!(codes(&f), [Code::R9]);
    assert_eq!(
        f[0].message,
        "规范性文件: 本年新公开数量 ≤ 对外公开总数量 fails: 6 > 4"
    );
    assert_eq!(
        f[0].keys,
        [
            "proactive.normative_docs.new_published",
            "proactive.normative_docs.total_published"
        ]
    );
    assert_eq!(primary(&f[0]), (12, 9));
}

#[test]
fn s1_carried_forward_is_carried_over() {
    let (_, y2020) = load("validate/ok_2020.txt");
    let (_, y2021) = load("validate/s1_2021.txt");
    assert_eq!(y2021.validate(), [], "s1_2021 is consistent on its own");
    let f = validate_series([&y2020, &y2021]);
    assert_eq!(codes(&f), [Code::S1, Code::S1]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(
        f[0].message,
        "示例市商务局: 二、上年结转政府信息公开申请数量 of 2021 = 四、结转下年度继续办理 of 2020 fails in column 自然人: 4 ≠ 3"
    );
    assert_eq!(
        f[0].keys,
        [
            "applications.carried_over.natural_person",
            "applications.carried_forward.natural_person"
        ]
    );
    // The primary place is in the report on 2021 (index 1), the other in 2020's (index 0).
    let places: Vec<(Option<usize>, u32, u32)> = f[0]
        .locations()
        .map(|l| (l.report, l.span.line, l.span.column))
        .collect();
    assert_eq!(places, [(Some(1), 30, 18), (Some(0), 55, 13)]);
    assert_eq!(f[0].reports, [1, 0]);
    assert_eq!(
        f[1].message,
        "示例市商务局: 二、上年结转政府信息公开申请数量 of 2021 = 四、结转下年度继续办理 of 2020 fails in column 总计: 5 ≠ 4"
    );
    assert_eq!(primary(&f[1]), (30, 30));

    // Another agency, or years that do not follow, are not paired.
    let mut other = y2021.clone();
    if let Some(a) = other.metadata.agency.as_mut() {
        a.value = "另一个局".to_string();
    }
    assert_eq!(validate_series([&y2020, &other]), []);
    let (_, y2022) = load("validate/ok_2022.txt");
    assert_eq!(validate_series([&y2020, &y2022]), []);
}

#[test]
fn s2_documents_in_force() {
    let (_, y2021) = load("validate/ok_2021.txt");
    let (_, y2022) = load("validate/s2_2022.txt");
    assert_eq!(y2022.validate(), []);
    let f = validate_series([&y2022, &y2021]);
    assert_eq!(codes(&f), [Code::S2]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        f[0].message,
        "示例市商务局: 规章 现行有效件数 of 2022 = 现行有效件数 of 2021 + 本年制发件数 − 本年废止件数 of 2022 fails: 6 ≠ 5 + 0 − 1"
    );
    assert_eq!(
        f[0].keys,
        [
            "proactive.rules.issued",
            "proactive.rules.repealed",
            "proactive.rules.in_force"
        ]
    );
    assert_eq!(primary(&f[0]), (11, 8));
    assert_eq!(f[0].reports, [0, 1, 0, 0]);
}

#[test]
fn s3_items_of_the_year_before() {
    let (_, y2019) = load("validate/ok_2019.txt");
    let (_, y2020) = load("validate/s3_2020.txt");
    assert_eq!(y2020.validate(), []);
    let f = validate_series([&y2019, &y2020]);
    assert_eq!(codes(&f), [Code::S3]);
    assert_eq!(
        f[0].message,
        "示例市商务局: 行政许可 上一年项目数量 of 2020 = 上一年项目数量 + 本年增/减 of 2019 fails: 11 ≠ 10 + 2"
    );
    assert_eq!(
        f[0].keys,
        [
            "proactive.licensing.prev_items",
            "proactive.licensing.change"
        ]
    );
    assert_eq!(primary(&f[0]), (15, 6));
    assert_eq!(f[0].reports, [1, 0, 0]);
}

// ---------------------------------------------------------------------------------------------
// Mutation: every cell of a consistent report

/// The rules of SPEC §7 that involve a cell, written from the table of §7 independently of the
/// validator.
fn rules_involving(template: Template, key: &str) -> Vec<Code> {
    let (row, column) = key.rsplit_once('.').unwrap();
    if let Some(row) = row.strip_prefix("applications.") {
        let mut rules = match row {
            "new_received" | "carried_over" | "carried_forward" => vec![Code::R1],
            "total" => vec![Code::R1, Code::R2],
            _ => vec![Code::R2],
        };
        rules.push(Code::R3);
        return rules;
    }
    if matches!(
        row,
        "review" | "litigation_direct" | "litigation_after_review"
    ) {
        return vec![Code::R4];
    }
    if template == Template::T2019 && matches!(column, "new_published" | "total_published") {
        return vec![Code::R9];
    }
    Vec::new()
}

fn set(report: &mut AnnualReport, key: &str, value: Value) {
    let (row, column) = key.rsplit_once('.').unwrap();
    let row = report.row_mut(row).unwrap();
    let i = row.columns().iter().position(|c| c.key == column).unwrap();
    row.cell_mut(i).unwrap().value = value;
}

/// Another valid number: one more (one less for 对外公开总数量, so that R9 can break).
fn changed(key: &str, value: Value) -> Value {
    match value {
        Value::Count(n) if key.ends_with(".total_published") => Value::Count(n - 1),
        Value::Count(n) => Value::Count(n + 1),
        Value::Amount(a) => Value::Amount(Amount {
            value: Decimal::new(
                a.value.mantissa() + 10i128.pow(u32::from(a.value.scale())),
                a.value.scale(),
            ),
            unit: a.unit,
        }),
        other => panic!("{key}: not a number: {other}"),
    }
}

#[test]
fn changing_one_number_fires_exactly_the_rules_on_it() {
    for name in ["validate/ok_2020.txt", "validate/ok_2021.txt"] {
        let (_, report) = load(name);
        assert_eq!(report.validate(), []);
        let cells: Vec<(&str, zfxxgk::Cell)> = report
            .cells()
            .into_iter()
            .map(|(k, c)| (k, c.clone()))
            .collect();
        assert!(cells.len() >= 198);
        let mut fired_somewhere = 0;
        for (key, cell) in &cells {
            let mut mutated = report.clone();
            set(&mut mutated, key, changed(key, cell.value));
            let findings = mutated.validate();
            assert_eq!(
                codes(&findings),
                rules_involving(report.template(), key),
                "{name}: changing {key}"
            );
            let span = cell.span.unwrap();
            for d in &findings {
                assert!(d.keys.iter().any(|k| k == key), "{key} not in keys of {d}");
                assert!(
                    d.locations().any(|l| l.span == span),
                    "{key} not among the places of {d}"
                );
            }
            fired_somewhere += usize::from(!findings.is_empty());
        }
        // 161 or 175 cells of section 三, 15 of section 四, 4 of （一） on template 2019.
        let expected = match report.template() {
            Template::T2019 => 161 + 15 + 4,
            Template::T2021 => 175 + 15,
        };
        assert_eq!(fired_somewhere, expected, "{name}");
    }
}

#[test]
fn blanking_one_cell_gives_one_r7_and_nothing_else() {
    let (_, report) = load("validate/ok_2021.txt");
    for (key, cell) in report.cells() {
        let mut mutated = report.clone();
        set(&mut mutated, key, Value::Blank);
        let findings = mutated.validate();
        assert_eq!(codes(&findings), [Code::R7], "blanking {key}");
        assert_eq!(findings[0].keys, [key]);
        assert_eq!(findings[0].primary, cell.span);

        // Read as 0, the blank is a 0: exactly the rules on the cell fire, unless it was 0.
        let zero = mutated.validate_with(ValidateOptions::new().blank_as_zero(true));
        let want = if cell.value == Value::Count(0) {
            Vec::new()
        } else {
            rules_involving(Template::T2021, key)
                .into_iter()
                .filter(|c| *c != Code::R9)
                .collect()
        };
        assert_eq!(codes(&zero), want, "blanking {key}, blanks as 0");

        // Missing is never read as 0.
        set(&mut mutated, key, Value::Missing);
        let missing = mutated.validate_with(ValidateOptions::new().blank_as_zero(true));
        assert_eq!(codes(&missing), [Code::R7], "{key} missing");
    }
}

// ---------------------------------------------------------------------------------------------
// Options

#[test]
fn options_choose_the_rules() {
    let (_, report) = load("validate/broken_2020.txt");
    let all = codes(&report.validate());
    assert_eq!(
        all,
        [
            Code::R1,
            Code::R1,
            Code::R2,
            Code::R2,
            Code::R3,
            Code::R3,
            Code::R4
        ]
    );
    let options = ValidateOptions::new()
        .rule(Code::R1, false)
        .rule(Code::R3, false);
    assert_eq!(
        codes(&report.validate_with(options)),
        [Code::R2, Code::R2, Code::R4]
    );
    let options = options.only([Code::R3]);
    assert_eq!(codes(&report.validate_with(options)), [Code::R3, Code::R3]);
    assert!(!options.runs(Code::R1) && options.runs(Code::R3));
    assert!(!options.blanks_are_zero());
    // A rule switched off and on again runs.
    assert!(options
        .rule(Code::R1, false)
        .rule(Code::R1, true)
        .runs(Code::R1));
    assert_eq!(report.validate_with(options.only([])), []);
    assert_eq!(ValidateOptions::default(), ValidateOptions::new());
    assert!(zfxxgk::RULES
        .iter()
        .all(|c| ValidateOptions::new().runs(*c)));
}

// ---------------------------------------------------------------------------------------------
// The corpus

/// `CODE LINE:COL ROW (N keys)`, or `CODE - …` for a finding without a place.
fn brief(d: &Diagnostic) -> String {
    let at = d
        .primary
        .map_or("-".to_string(), |p| format!("{}:{}", p.line, p.column));
    let row = d
        .keys
        .first()
        .and_then(|k| k.rsplit_once('.'))
        .map_or("", |(r, _)| r);
    format!("{} {at} {row} ({})", d.code, d.keys.len())
}

fn briefs(findings: &[Diagnostic]) -> Vec<String> {
    findings.iter().map(brief).collect()
}

/// R7 on every row of section 三 with blank applicant cells, at the places given (the first
/// blank cell, or the row's label when the blanks have no place).
fn r7_rows(rows: &[&str], places: &[&str]) -> Vec<String> {
    rows.iter()
        .zip(places)
        .map(|(r, at)| format!("R7 {at} applications.{r} (6)"))
        .collect()
}

const ROWS_2019: [&str; 23] = [
    "new_received",
    "carried_over",
    "granted",
    "partly_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.query_matter",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear",
    "not_processed.complaint",
    "not_processed.repeated",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reissue",
    "other",
    "total",
    "carried_forward",
];

#[test]
fn corpus_000_blank_applicant_cells() {
    // Line-broken layout; every applicant cell of section 三 is blank (spaces), every 总计 0.
    let (_, report) = load("000.txt");
    assert_eq!(report.diagnostics, []);
    let f = report.validate();
    // The first blank cell of each row: the line after its label (two after, for rows whose
    // label is cut in two: 三、本年度办理结果 / （一）予以公开 and the like).
    let places = [
        "104:2", "113:2", "123:2", "133:2", "144:2", "155:2", "166:2", "177:2", "188:2", "199:2",
        "210:2", "221:2", "232:2", "243:2", "254:2", "265:2", "276:2", "287:2", "298:2", "309:2",
        "319:2", "329:2", "338:2",
    ];
    assert_eq!(briefs(&f), r7_rows(&ROWS_2019, &places));
    assert!(f.iter().all(|d| d.severity == Severity::Warning));
    // With blanks as 0 the sums are checked, and hold.
    assert_eq!(
        report.validate_with(ValidateOptions::new().blank_as_zero(true)),
        []
    );
}

#[test]
fn corpus_001_lost_values_and_nothing_else() {
    // Blank cells dropped: every value is missing (P1), section 六 absent, nothing can be summed.
    let (_, report) = load("001.txt");
    let f = report.findings(ValidateOptions::new());
    let mut want = vec![
        "P1 17:1 proactive.rules (22)".to_string(),
        "P1 46:1 applications.new_received (161)".to_string(),
        "P1 74:1 review (15)".to_string(),
        "R6 82:1  (0)".to_string(),
    ];
    // One R7 per row, at the row's label (section 四 has no row labels: at its heading).
    let proactive = [
        ("rules", "17:1", 3),
        ("normative_docs", "19:1", 3),
        ("licensing", "24:1", 3),
        ("other_services", "25:1", 3),
        ("penalty", "27:1", 3),
        ("enforcement", "28:1", 3),
        ("fees", "30:1", 2),
        ("procurement", "34:1", 2),
    ];
    for (row, at, n) in proactive {
        want.push(format!("R7 {at} proactive.{row} ({n})"));
    }
    let lines = [
        46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 61, 62, 63, 65, 66, 67, 68, 69, 70, 71, 72,
    ];
    for (row, line) in ROWS_2019.iter().zip(lines) {
        want.push(format!("R7 {line}:1 applications.{row} (7)"));
    }
    for row in ["review", "litigation_direct", "litigation_after_review"] {
        want.push(format!("R7 73:1 {row} (5)"));
    }
    assert_eq!(briefs(&f), want);
    assert_eq!(
        f[3].message,
        "section 六、其他需要报告的事项 is missing after 五、存在的主要问题及改进情况"
    );
    assert_eq!(
        f[4].message,
        "规章: 3 of 3 cells missing (本年新制作数量, 本年新公开数量, 对外公开总数量)"
    );
    // Nothing it cannot know: no sum, no count, no year rule.
    assert!(f.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        report.validate_with(ValidateOptions::new().blank_as_zero(true)),
        report.validate()
    );
}

#[test]
fn corpus_002_three_rows_of_blanks() {
    let (_, report) = load("002.txt");
    let f = report.findings(ValidateOptions::new());
    assert_eq!(
        briefs(&f),
        [
            "P3 46:3 applications.denied.prohibited_by_law (140)",
            "P4 41:11 applications.granted (14)",
            // The blank cells of P4 rows have no place: at the row label.
            "R7 41:11 applications.granted (6)",
            "R7 42:2 applications.partly_granted (6)",
            "R7 44:1 applications.denied.state_secret (6)",
        ]
    );
    assert_eq!(
        f[2].message,
        "（一）予以公开: 6 of 7 cells blank (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)"
    );
    assert!(!f.iter().any(|d| d.severity == Severity::Error));
    assert_eq!(
        report.validate_with(ValidateOptions::new().blank_as_zero(true)),
        []
    );
}

#[test]
fn corpus_003_consistent() {
    let (_, report) = load("003.txt");
    assert_eq!(report.findings(ValidateOptions::new()), []);
}

#[test]
fn corpus_004_blank_applicant_cells() {
    let (_, report) = load("004.txt");
    let f = report.validate();
    let places = [
        "59:18", "60:18", "61:11", "62:2", "63:11", "64:3", "65:3", "66:3", "67:3", "68:3", "69:3",
        "70:3", "71:11", "72:3", "73:3", "74:11", "75:3", "76:3", "77:3", "78:3", "81:2", "82:2",
        "83:1",
    ];
    assert_eq!(briefs(&f), r7_rows(&ROWS_2019, &places));
    assert_eq!(codes(&report.diagnostics), [Code::P4, Code::P3]);
    let options = ValidateOptions::new().blank_as_zero(true);
    assert_eq!(report.validate_with(options), []);

    // Blanks as 0 really evaluates the sums: a total changed by hand now breaks R1, R2 and R3,
    // where without the option only the 总计 column can be checked (R1, R2 on 总计).
    let mut changed = report.clone();
    set(&mut changed, "applications.total.total", Value::Count(1));
    let without: Vec<Code> = codes(&changed.validate())
        .into_iter()
        .filter(|c| *c != Code::R7)
        .collect();
    assert_eq!(without, [Code::R1, Code::R2]);
    let f = changed.validate_with(options);
    assert_eq!(codes(&f), [Code::R1, Code::R2, Code::R3]);
    assert_eq!(
        f[2].message,
        "（七）总计: 总计 = 自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 fails: 1 ≠ 0 + 0 + 0 + 0 + 0 + 0"
    );
}

// ---------------------------------------------------------------------------------------------
// Rendering

#[test]
fn rendering_points_under_the_cell() {
    let (text, report) = load("validate/r1.txt");
    let f = report.validate();
    let shown = render(&f[0], &[Source::new("r1.txt", &text)]);
    assert_eq!(
        shown,
        "\
r1.txt:33:18: error[R1]: 一+二 = 三(七)+四 fails in column 自然人: 24 + 2 ≠ 22 + 3
   |
33 | 一、本年新收政府信息公开申请数量    24    5    1    2    2    1    35
   |                                     ^^ 一、本年新收政府信息公开申请数量 · 自然人
34 | 二、上年结转政府信息公开申请数量    2    1    0    0    0    0    3
   |                                     - 二、上年结转政府信息公开申请数量 · 自然人
54 |     （七）总计    22    6    1    1    2    1    33
   |                   -- （七）总计 · 自然人
55 | 四、结转下年度继续办理    3    0    0    1    0    0    4
   |                           - 四、结转下年度继续办理 · 自然人
"
    );
    // The caret stands under the cell: 16 CJK characters (32 columns) and a tab (4).
    let line = shown.lines().nth(3).unwrap();
    let caret = line.find('^').unwrap();
    assert_eq!(display_width(&line[..caret]), 5 + 32 + 4);
    let source = shown.lines().nth(2).unwrap();
    let cell = source.find("24").unwrap();
    assert_eq!(
        display_width(&source[..cell]),
        display_width(&line[..caret])
    );
}

#[test]
fn rendering_across_reports_and_without_places() {
    let (t2020, y2020) = load("validate/broken_2020.txt");
    let (t2021, y2021) = load("validate/broken_2021.txt");
    let f = validate_series([&y2020, &y2021]);
    assert_eq!(briefs(&f), ["S1 40:18 applications.carried_over (2)"]);
    let sources = [Source::new("a.txt", &t2020), Source::new("b.txt", &t2021)];
    assert_eq!(
        render(&f[0], &sources),
        "\
b.txt:40:18: error[S1]: 尧都区商务局: 二、上年结转政府信息公开申请数量 of 2021 = 四、结转下年度继续办理 of 2020 fails in column 自然人: 0 ≠ 1
    |
 40 | 二、上年结转政府信息公开申请数量    0    0    0    0    0    0    0
    |                                     ^ 2021 二、上年结转政府信息公开申请数量 · 自然人
   --> a.txt:342:2
    |
342 |     1
    |     - 2020 四、结转下年度继续办理 · 自然人
"
    );
    // A source not given is left out, never a panic.
    assert!(render(&f[0], &sources[..1]).starts_with("a.txt:342:2: error[S1]: "));
    assert!(render(&f[0], &[]).starts_with("error[S1]: "));

    // A parse finding placed at the table's first header (corpus 001, section 四) …
    let (t001, r001) = load("001.txt");
    let p1 = &r001.diagnostics[2];
    assert_eq!(
        render(p1, &[Source::new("001.txt", &t001)]),
        "001.txt:74:1: warning[P1]: section 四 (行政复议、行政诉讼): values of 3 rows could not be placed with certainty; 15 cells are missing\n   |\n74 | 行政复议\n   | ^^^^^^^^\n"
    );
    // … and a finding with no place at all.
    let bare = zfxxgk::Diagnostic::new(
        zfxxgk::Code::P6,
        zfxxgk::Severity::Warning,
        "section 四: table not found",
    );
    assert_eq!(
        render(&bare, &[Source::new("001.txt", &t001)]),
        "001.txt: warning[P6]: section 四: table not found\n"
    );
    // Spans that do not fit the text are left out.
    let mut odd = f[0].clone();
    if let Some(p) = odd.primary.as_mut() {
        p.start = usize::MAX;
    }
    assert!(render(&odd, &sources).starts_with("a.txt:342:2: "));
}

#[test]
fn findings_are_plain_data() {
    let (_, y2020) = load("validate/ok_2020.txt");
    let (_, y2021) = load("validate/s1_2021.txt");
    let f = validate_series([&y2020, &y2021]);
    let json = serde_json::to_string(&f).unwrap();
    let back: Vec<Diagnostic> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
    assert!(json.contains(r#""reports":[1,0]"#));
    // A finding on one report has no `reports`.
    let (_, r4) = load("validate/r4.txt");
    let json = serde_json::to_string(&r4.validate()[0]).unwrap();
    assert!(!json.contains("reports"));
    assert!(json.contains(r#""code":"R4","severity":"error""#));
}

#[test]
fn series_options() {
    let (_, y2020) = load("validate/broken_2020.txt");
    let (_, y2021) = load("validate/broken_2021.txt");
    let options = ValidateOptions::new().rule(Code::S1, false);
    assert_eq!(validate_series_with([&y2020, &y2021], options), []);
    // Reports without agency or year are not paired.
    let mut anonymous = y2021.clone();
    anonymous.metadata.year = None;
    assert_eq!(validate_series([&y2020, &anonymous]), []);
}

// ---------------------------------------------------------------------------------------------
// examples/validate

fn example(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "validate", "--"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The header lines of the findings printed (`FILE:LINE:COL: severity[CODE]: …`), cut after
/// the code, and the summary lines.
fn headers(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| {
            !l.starts_with(' ')
                && !l.is_empty()
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| match l.find("]: ") {
            Some(i) => l[..i + 1].to_string(),
            None => l.to_string(),
        })
        .collect()
}

/// With `--series`, files that make no pair of years say that nothing was compared.
#[test]
fn example_series_says_when_nothing_is_compared() {
    let (status, stdout, stderr) = example(&[
        "--series",
        "tests/fixtures/validate/broken_2020.txt",
        "tests/fixtures/validate/broken_2020.txt",
    ]);
    assert_eq!(status, 1, "{stderr}");
    let series: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("series:"))
        .collect();
    assert_eq!(
        series,
        [
            "series: no two reports of one agency on consecutive years; nothing compared",
            "series: 0 errors, 0 warnings"
        ]
    );
}

#[test]
fn example_reports_broken_rows_and_exits_1() {
    let (status, stdout, stderr) = example(&[
        "--series",
        "tests/fixtures/validate/broken_2020.txt",
        "tests/fixtures/validate/broken_2021.txt",
    ]);
    assert_eq!(status, 1, "{stderr}");
    let a = "tests/fixtures/validate/broken_2020.txt";
    let b = "tests/fixtures/validate/broken_2021.txt";
    let want: Vec<String> = [
        format!("{a}:108:3: error[R1]"),
        format!("{a}:114:2: error[R1]"),
        format!("{a}:333:3: error[R2]"),
        format!("{a}:339:2: error[R2]"),
        format!("{a}:114:2: error[R3]"),
        format!("{a}:348:2: error[R3]"),
        format!("{a}:383:2: error[R4]"),
        format!("{a}: 7 errors, 0 warnings"),
        format!("{b}:46:3: note[P3]"),
        format!("{b}:41:11: note[P4]"),
        format!("{b}:41:11: warning[R7]"),
        format!("{b}:42:2: warning[R7]"),
        format!("{b}:44:1: warning[R7]"),
        format!("{b}: 0 errors, 3 warnings, 2 notes"),
        "series: 1 pair of years compared".to_string(),
        format!("{b}:40:18: error[S1]"),
        "series: 1 error, 0 warnings".to_string(),
    ]
    .to_vec();
    assert_eq!(headers(&stdout), want);
    assert!(stdout.contains(&format!("   --> {a}:342:2\n")));
    // What was changed by hand in corpus 003, each under its caret.
    assert!(stdout.contains("114 |     5\n    |     ^ 一、本年新收政府信息公开申请数量 · 总计\n"));
    assert!(stdout.contains("383 |     1\n    |     ^ 行政复议 · 总计\n"));
}

#[test]
fn example_exit_status() {
    // The bundled sample: warnings only.
    let (status, stdout, _) = example(&[]);
    assert_eq!(status, 0);
    assert!(stdout.ends_with("tests/fixtures/004.txt: 0 errors, 23 warnings, 2 notes\n"));
    let (status, stdout, _) = example(&["--blank-as-zero"]);
    assert_eq!(status, 0);
    assert_eq!(
        headers(&stdout).last().map(String::as_str),
        Some("tests/fixtures/004.txt: 0 errors, 0 warnings, 2 notes")
    );
    // A file that is not there, and one that is not a report: 2, the others still checked.
    let (status, stdout, stderr) = example(&[
        "tests/fixtures/validate/no_such_file.txt",
        "Cargo.toml",
        "tests/fixtures/validate/r4.txt",
    ]);
    assert_eq!(status, 2);
    let missing = "tests/fixtures/validate/no_such_file.txt";
    let reason = std::fs::read(missing).unwrap_err().to_string();
    assert!(
        stderr.contains(&format!("error: cannot read file: {missing}: {reason}\n")),
        "{stderr}"
    );
    assert!(stderr.contains("error: Cargo.toml: "));
    assert!(stdout.contains("tests/fixtures/validate/r4.txt: 1 error, 0 warnings\n"));
}

#[test]
fn hand_built_report_without_places() {
    let mut report = AnnualReport::empty(Template::T2021);
    let keys: Vec<&'static str> = report.cells().iter().map(|(k, _)| *k).collect();
    assert_eq!(keys.len(), 200);
    let f = report.validate();
    // No sections, every cell missing: six R6 and one R7 per row, none with a place.
    assert_eq!(f.iter().filter(|d| d.code == Code::R6).count(), 6);
    assert_eq!(f.iter().filter(|d| d.code == Code::R7).count(), 34);
    assert_eq!(f.len(), 40);
    assert!(f
        .iter()
        .all(|d| d.primary.is_none() && d.secondary.is_empty()));
    for d in &f {
        let shown = format!("{}[{}]: {}\n", d.severity, d.code, d.message);
        assert_eq!(render(d, &[]), shown);
    }

    for key in &keys {
        set(&mut report, key, Value::Count(0));
    }
    report.metadata.year = Some(zfxxgk::Spanned {
        value: 2019,
        span: zfxxgk::Span::default(),
    });
    let amount = |m: i128, unit| {
        Value::Amount(Amount {
            value: Decimal::new(m, 0),
            unit,
        })
    };
    set(
        &mut report,
        "proactive.licensing.decisions",
        amount(3, Some(zfxxgk::Unit::Yuan)),
    );
    set(&mut report, "proactive.fees.amount", Value::Count(-1));
    set(&mut report, "proactive.penalty.decisions", amount(-2, None));
    let f: Vec<(Code, String)> = report
        .validate()
        .into_iter()
        .filter(|d| d.code != Code::R6)
        .map(|d| (d.code, d.message))
        .collect();
    assert_eq!(
        f,
        [
            (
                Code::R5,
                "行政许可 · 本年处理决定数量 is 3 元: a count, not an amount of money".to_string()
            ),
            (
                Code::R5,
                "行政处罚 · 本年处理决定数量 is -2: a count cannot be negative".to_string()
            ),
            (
                Code::R5,
                "行政事业性收费 · 本年收费金额（单位：万元） is -1: an amount cannot be negative"
                    .to_string()
            ),
            (
                Code::R8,
                "the report on 2019 is written on template 2021; reports on 2020 and before use template 2019 (国办公开办函〔2019〕60号)".to_string()
            ),
        ]
    );
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;
    use zfxxgk::Span;

    proptest! {
        #![proptest_config(common::proptest_config(48, "proptest-regressions/validate.txt"))]

        /// Any span, even one that does not fit the text or cuts a character, renders.
        #[test]
        fn rendering_any_span(start in 0usize..5000, len in 0usize..400, line in 0u32..500, column in 0u32..80) {
            let text = read("validate/r1.txt");
            let span = Span { start, end: start.saturating_add(len), line, column };
            let d = Diagnostic::new(Code::R1, Severity::Error, "x")
                .at_labelled(span, "a")
                .also_at_labelled(span, "b")
                .in_report(3);
            let shown = render(&d, &[Source::new("r1.txt", &text)]);
            prop_assert!(shown.contains("error[R1]: x"));
        }

        /// A report with lines cut, doubled or dropped validates and renders.
        #[test]
        fn validating_damaged_reports(cuts in proptest::collection::vec((0usize..110, 0u8..3), 1..8)) {
            let text = read("validate/ok_2020.txt");
            let mut lines: Vec<&str> = text.lines().collect();
            for (at, what) in cuts {
                let i = at % lines.len();
                match what {
                    0 => { lines.remove(i); }
                    1 => lines.insert(i, lines[i]),
                    _ => lines[i] = lines[i].get(..lines[i].len() / 2).unwrap_or(""),
                }
                if lines.is_empty() { break; }
            }
            let damaged = lines.join("\n");
            if let Ok(report) = parse(&damaged) {
                let options = ValidateOptions::new().blank_as_zero(true);
                for d in report.findings(ValidateOptions::new()).iter().chain(&report.validate_with(options)) {
                    let shown = render(d, &[Source::new("damaged.txt", &damaged)]);
                    prop_assert!(shown.contains(d.code.as_str()));
                }
                let (_, y2021) = load("validate/ok_2021.txt");
                let _ = validate_series([&report, &y2021]);
            }
        }
    }
}
