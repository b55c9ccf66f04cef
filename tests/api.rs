//! API hygiene: public types are `Send + Sync + Debug`, and no public function panics on
//! input it is handed.

mod common;

use proptest::prelude::*;
use zfxxgk::template::{ColumnDef, ColumnKind, Numbering, RowDef};
use zfxxgk::*;

fn send_sync_debug<T: Send + Sync + std::fmt::Debug>() {}

#[test]
fn public_types_are_send_sync_and_debug() {
    send_sync_debug::<Amount>();
    send_sync_debug::<AnnualReport>();
    send_sync_debug::<ApplicantCounts>();
    send_sync_debug::<Applications>();
    send_sync_debug::<Cell>();
    send_sync_debug::<Code>();
    send_sync_debug::<ColumnDef>();
    send_sync_debug::<ColumnKind>();
    send_sync_debug::<Date>();
    send_sync_debug::<Decimal>();
    send_sync_debug::<DecimalError>();
    send_sync_debug::<Decisions>();
    send_sync_debug::<Denied>();
    send_sync_debug::<Diagnostic>();
    send_sync_debug::<Document>();
    send_sync_debug::<DocumentCounts>();
    send_sync_debug::<Encoding>();
    send_sync_debug::<Error>();
    send_sync_debug::<ErrorKind>();
    send_sync_debug::<ExtraRow>();
    send_sync_debug::<FeeAmount>();
    send_sync_debug::<FeeItems>();
    send_sync_debug::<ItemCounts>();
    send_sync_debug::<Label>();
    send_sync_debug::<Metadata>();
    send_sync_debug::<NotProcessed>();
    send_sync_debug::<Numbering>();
    send_sync_debug::<OtherItemized>();
    send_sync_debug::<OtherProcessing>();
    send_sync_debug::<Outcomes>();
    send_sync_debug::<Proactive>();
    send_sync_debug::<Proactive2019>();
    send_sync_debug::<Proactive2021>();
    send_sync_debug::<Procurement>();
    send_sync_debug::<PublishedCounts>();
    send_sync_debug::<ReviewLitigation>();
    send_sync_debug::<RowDef>();
    send_sync_debug::<Section>();
    send_sync_debug::<SectionKind>();
    send_sync_debug::<Severity>();
    send_sync_debug::<Span>();
    send_sync_debug::<Spanned<u16>>();
    send_sync_debug::<TableKind>();
    send_sync_debug::<Template>();
    send_sync_debug::<Unavailable>();
    send_sync_debug::<Unit>();
    send_sync_debug::<Value>();
    // Errors box into the usual error types.
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(parse("").unwrap_err());
    assert_eq!(
        boxed.to_string(),
        "empty input: no text to read as a 政府信息公开工作年度报告"
    );
}

#[test]
fn a_report_can_be_parsed_on_one_thread_and_read_on_another() {
    let text = include_str!("fixtures/004.txt");
    let report = std::thread::spawn(move || parse(text))
        .join()
        .expect("the parsing thread")
        .expect("a report");
    // A row seen through the trait prints with Debug.
    let row = report.row("proactive.procurement").expect("the row");
    let debug = format!("{row:?}");
    assert!(debug.starts_with("Procurement { label: Some("), "{debug}");
    assert!(debug.contains("20044679"), "{debug}");
}

#[test]
fn out_of_range_lookups_are_none_not_panics() {
    let report = parse(include_str!("fixtures/000.txt")).unwrap();
    assert!(report.cell("").is_none());
    assert!(report.cell(".").is_none());
    assert!(report.cell("applications.total.nonsense").is_none());
    assert!(report.row("proactive.fees.amount").is_none());
    let row = report.row("review").unwrap();
    assert_eq!(row.columns().len(), 5);
    assert!(row.cell(5).is_none());
    let def = &Template::T2021.rows()[0];
    assert_eq!(def.cell_key(2).as_deref(), Some("proactive.rules.in_force"));
    assert_eq!(def.cell_key(3), None);
    let span = Span {
        start: 9,
        end: 3,
        line: 1,
        column: 1,
    };
    assert_eq!((span.len(), span.is_empty()), (0, true));
    assert_eq!(Decimal::new(5, 255).to_integer(), None);
    assert_eq!(Decimal::new(i128::MIN, 0).to_string().len(), 40);
    assert_eq!(Decimal::new(-5, 3).to_string(), "-0.005");
    assert!("99999999999999999999999999999999999999"
        .parse::<Decimal>()
        .is_err());
    assert!("-".parse::<Decimal>().is_err());
    assert!("1.".parse::<Decimal>().is_err());
}

#[test]
fn metadata_shortcuts_give_the_values_without_spans() {
    let report = parse(include_str!("fixtures/002.txt")).unwrap();
    assert_eq!(
        (report.agency(), report.year(), report.published()),
        (Some("湛河区商务局"), Some(2021), None)
    );
    let mut anonymous = report.clone();
    anonymous.metadata.agency = None;
    anonymous.metadata.year = None;
    assert_eq!((anonymous.agency(), anonymous.year()), (None, None));
}

/// Lines of a real report, to build inputs that get far into the parser.
fn lines() -> Vec<&'static str> {
    include_str!("fixtures/004.txt")
        .lines()
        .chain(include_str!("fixtures/002.txt").lines())
        .collect()
}

proptest! {
    #![proptest_config(common::proptest_config(256, "proptest-regressions/api.txt"))]

    #[test]
    fn decode_and_parse_never_panic_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode(&bytes);
        let _ = parse_bytes(&bytes);
    }

    #[test]
    fn parse_never_panics_on_text(text in "[一二三四五六、（）()0-9 \\t\\n\\r年月日总计其他规章元万.—-]{0,300}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_on_reshuffled_reports(
        picks in proptest::collection::vec((0usize..2000, 0u8..6), 0..300),
    ) {
        let pool = lines();
        let mut text = String::new();
        for (i, how) in picks {
            let line = pool[i % pool.len()];
            match how {
                0 => text.push_str(line),
                1 => text.push_str(&line.replace('\t', "\n\t")),
                2 => text.push_str(&line.replace('\t', "\n")),
                3 => text.push_str(line.trim()),
                4 => text.push('\t'),
                _ => text.push('\r'),
            }
            text.push('\n');
        }
        if let Ok(report) = parse(&text) {
            // Every span of a cell slices the input.
            for (_, cell) in report.cells() {
                if let Some(s) = cell.span {
                    prop_assert!(text.get(s.range()).is_some());
                }
            }
        }
    }
}
