//! proptest strategies for whole reports of both templates.

use proptest::prelude::*;
use proptest::sample::select;
use zfxxgk::template::{ColumnKind, RowDef};
use zfxxgk::{
    Amount, AnnualReport, Cell, Date, Decimal, ExtraRow, Section, SectionKind, Span, Spanned,
    TableKind, Template, Unit, Value,
};

pub const AGENCIES: &[&str] = &[
    "天津市宁河区商务局",
    "石家庄市商务局",
    "利辛县商务局",
    "尧都区商务局",
    "湛河区商务局",
    "北京市西城区人民政府办公室",
    "广州市越秀区政务服务数据管理局",
    "重庆市渝中区市场监督管理局",
];

/// Extra rows a province adds, by table: none of them resembles a template row.
pub const EXTRA_PROACTIVE: &[&str] = &["其他主动公开文件", "政务公开专栏发布信息"];
pub const EXTRA_APPLICATIONS: &[&str] = &["其中：网上申请数量"];

pub fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        span: Span::default(),
    }
}

fn cn(n: u8) -> char {
    "一二三四五六七八九"
        .chars()
        .nth(usize::from(n) - 1)
        .unwrap()
}

/// A count: mostly small, sometimes millions, sometimes blank.
pub fn count() -> impl Strategy<Value = Value> {
    prop_oneof![
        5 => (0i64..20).prop_map(Value::Count),
        3 => (0i64..10_000_000).prop_map(Value::Count),
        2 => Just(Value::Blank),
    ]
}

/// `本年增/减`: may be negative.
pub fn signed_count() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (-5_000i64..5_000).prop_map(Value::Count),
        1 => Just(Value::Blank),
    ]
}

/// Money with up to 6 decimals, with the units a cell of the column can come back with.
pub fn amount(units: &'static [Option<Unit>]) -> impl Strategy<Value = Value> {
    let number =
        (0i128..10_000_000_000_000_000, 0u8..=6, select(units)).prop_map(|(m, scale, unit)| {
            Value::Amount(Amount {
                value: Decimal::new(m, scale),
                unit,
            })
        });
    prop_oneof![4 => number, 1 => Just(Value::Blank)]
}

fn column_value(def: &RowDef, i: usize, template: Template) -> BoxedStrategy<Value> {
    match def.columns[i].kind {
        ColumnKind::Count => count().boxed(),
        ColumnKind::SignedCount => signed_count().boxed(),
        // Template 2021's fee column is in 万元 by its header: a bare number comes back in 万元.
        ColumnKind::Amount if template == Template::T2021 => {
            amount(&[Some(Unit::Yuan), Some(Unit::WanYuan)]).boxed()
        }
        ColumnKind::Amount => amount(&[None, Some(Unit::Yuan), Some(Unit::WanYuan)]).boxed(),
    }
}

/// The values of a row: each column's, or (one time in 25) all missing: a row that was lost.
fn row_values(def: &'static RowDef, template: Template) -> BoxedStrategy<Vec<Value>> {
    let cols: Vec<BoxedStrategy<Value>> = (0..def.columns.len())
        .map(|i| column_value(def, i, template))
        .collect();
    let n = def.columns.len();
    prop_oneof![24 => cols, 1 => Just(vec![Value::Missing; n])].boxed()
}

/// A sentence of narrative, with numbers of its own.
fn sentence() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| format!("全年主动公开政府信息{n}条。")),
        (0u32..1000, 0u32..1000)
            .prop_map(|(a, b)| format!("办理人大代表建议{a}件、政协提案{b}件，按时办结率100%。")),
        (1u32..30).prop_map(|n| format!("召开专题会议{n}次，研究部署政务公开工作。")),
        (2019u32..2025, 1u32..13).prop_map(|(y, m)| format!(
            "{y}年{m}月，我局修订了《政府信息公开工作制度》，明确了公开的内容和方式。"
        )),
        Just("坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。".to_string()),
        Just("一是主动公开的时效性有待加强；二是重点领域公开的内容不够全面。".to_string()),
    ]
}

/// A sub-heading of the narrative's own (`（一）…`, `(二)…`, `3.…`).
fn subheading() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u8..=9).prop_map(|n| format!("（{}）加强组织领导", cn(n))),
        (1u8..=9).prop_map(|n| format!("({})完善工作机制", cn(n))),
        (1u8..=9).prop_map(|n| format!("{n}.推进重点领域信息公开")),
    ]
}

/// Paragraphs: an optional sub-heading, then sentences; a paragraph always ends with a
/// sentence, so the narrative's last line is never taken for a name.
fn narrative() -> impl Strategy<Value = String> {
    let paragraph = (
        proptest::option::weighted(0.4, subheading()),
        proptest::collection::vec(sentence(), 1..3),
    )
        .prop_map(|(head, body)| head.into_iter().chain(body).collect::<Vec<_>>().join("\n"));
    proptest::collection::vec(paragraph, 0..4).prop_map(|ps| ps.join("\n"))
}

fn extra_row(template: Template) -> impl Strategy<Value = ExtraRow> {
    let table = select(vec![TableKind::Proactive, TableKind::Applications]);
    (
        table,
        0usize..8,
        proptest::collection::vec(count(), 1..5),
        0i64..100,
    )
        .prop_map(move |(table, k, mut cells, n)| {
            let labels = match table {
                TableKind::Proactive => EXTRA_PROACTIVE,
                _ => EXTRA_APPLICATIONS,
            };
            // At least one number: a row of blanks would read as the tail of the label above.
            if !cells.iter().any(Value::is_number) {
                cells[0] = Value::Count(n);
            }
            let _ = template;
            ExtraRow {
                table,
                label: spanned(labels[k % labels.len()].to_string()),
                cells: cells.into_iter().map(Cell::new).collect(),
            }
        })
}

/// A whole report of a template: metadata, narrative, every cell, maybe extra rows.
pub fn report(template: Template) -> BoxedStrategy<AnnualReport> {
    let rows: Vec<BoxedStrategy<Vec<Value>>> = template
        .rows()
        .iter()
        .map(|def| row_values(def, template))
        .collect();
    let years = match template {
        Template::T2019 => 2019u16..=2020,
        Template::T2021 => 2021u16..=2025,
    };
    let meta = (
        proptest::option::weighted(0.85, select(AGENCIES)),
        years,
        proptest::option::weighted(0.7, (1u8..=3, 1u8..=28)),
    );
    let text = (
        narrative(),
        narrative(),
        prop_oneof![1 => Just("无".to_string()), 3 => narrative()],
    );
    let review_lost = proptest::bool::weighted(0.04);
    let extras = proptest::collection::vec(extra_row(template), 0..3);
    (rows, meta, text, review_lost, extras)
        .prop_map(
            move |(rows, (agency, year, date), (one, five, six), review_lost, extras)| {
                let mut r = AnnualReport::empty(template);
                for (def, values) in template.rows().iter().zip(rows) {
                    let lost = review_lost && def.table == TableKind::ReviewLitigation;
                    let row = r.row_mut(def.key).expect("template row");
                    for (i, v) in values.into_iter().enumerate() {
                        row.cell_mut(i).expect("column").value =
                            if lost { Value::Missing } else { v };
                    }
                }
                r.metadata.agency = agency.map(|a| spanned(a.to_string()));
                r.metadata.year = Some(spanned(year));
                r.metadata.published = date.map(|(month, day)| {
                    spanned(Date {
                        year: year + 1,
                        month,
                        day,
                    })
                });
                r.sections = SectionKind::ALL
                    .iter()
                    .map(|&kind| Section {
                        kind,
                        heading: spanned(kind.heading().to_string()),
                        text: spanned(match kind {
                            SectionKind::General => one.clone(),
                            SectionKind::Problems => five.clone(),
                            SectionKind::Other => six.clone(),
                            _ => String::new(),
                        }),
                    })
                    .collect();
                r.extra_rows = extras;
                r
            },
        )
        .boxed()
}

/// A report of either template.
pub fn any_report() -> BoxedStrategy<AnnualReport> {
    prop_oneof![report(Template::T2019), report(Template::T2021)].boxed()
}

/// The values a report's text can give back: a row with a missing cell is written with its
/// label only, so the whole row comes back missing; section 四 is one row of values.
pub fn expected(r: &AnnualReport) -> Vec<(&'static str, Value)> {
    let mut out = super::values(r);
    let mut start = 0;
    let mut review_lost = false;
    for def in r.template().rows() {
        let n = def.columns.len();
        let lost = out[start..start + n]
            .iter()
            .any(|(_, v)| *v == Value::Missing);
        if lost {
            out[start..start + n]
                .iter_mut()
                .for_each(|(_, v)| *v = Value::Missing);
            review_lost |= def.table == TableKind::ReviewLitigation;
        }
        start += n;
    }
    if review_lost {
        let n: usize = r
            .template()
            .rows()
            .iter()
            .filter(|d| d.table == TableKind::ReviewLitigation)
            .map(|d| d.columns.len())
            .sum();
        let len = out.len();
        out[len - n..]
            .iter_mut()
            .for_each(|(_, v)| *v = Value::Missing);
    }
    out
}

/// The narrative of a section as the renderer writes it: trimmed lines, no blank ones.
pub fn narrative_lines(r: &AnnualReport, kind: SectionKind) -> Vec<String> {
    r.section(kind)
        .map(|s| {
            s.text
                .value
                .lines()
                .map(|l| {
                    l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                        .to_string()
                })
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}
