//! The CSV export of `examples/to_csv.rs`, read back with a CSV reader.
//!
//! The example's code is compiled into this test (so it is never stale), and the built example
//! is run as a user would run it.

#[allow(dead_code)]
#[path = "../examples/to_csv.rs"]
mod to_csv;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use to_csv::{Progress, Summary, HEADER};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A CSV row by column name.
type Row = HashMap<String, String>;

fn read_back(csv_text: &[u8]) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(csv_text);
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, HEADER);
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV record");
            assert_eq!(r.len(), HEADER.len());
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn export(inputs: &[PathBuf], progress: Progress) -> (Summary, Vec<Row>, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let summary = to_csv::run(inputs, &mut out, &mut err, progress).expect("writing to memory");
    let rows = read_back(&out);
    (
        summary,
        rows,
        String::from_utf8(err).expect("UTF-8 messages"),
    )
}

fn find<'a>(rows: &'a [Row], file: &str, key: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["file"].ends_with(file) && r["key"] == key)
        .unwrap_or_else(|| panic!("no row for {file} {key}"))
}

fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures")
}

#[test]
fn the_corpus_gives_one_row_per_cell() {
    let (summary, rows, messages) = export(&[fixtures()], Progress::EveryFiles(2));
    // Four reports on template 2019 (198 cells), one on template 2021 (200).
    assert_eq!(rows.len(), 4 * 198 + 200);
    assert_eq!(
        summary,
        Summary {
            reports: 5,
            rows: 992,
            skipped: 0
        }
    );
    assert_eq!(
        messages,
        "to_csv: 2/5 files, 396 rows\nto_csv: 4/5 files, 794 rows\nto_csv: 5 reports, 992 rows; 0 files skipped\n"
    );
    let per_file = |name: &str| rows.iter().filter(|r| r["file"].ends_with(name)).count();
    assert_eq!(
        ["000.txt", "001.txt", "002.txt", "003.txt", "004.txt"].map(per_file),
        [198, 198, 200, 198, 198]
    );
    // Files in name order, cells in SPEC order.
    assert!(rows[0]["file"].ends_with("000.txt"));
    assert_eq!(rows[0]["key"], "proactive.rules.new_made");
    assert!(rows[991]["file"].ends_with("004.txt"));
    assert_eq!(rows[991]["key"], "litigation_after_review.total");
}

#[test]
fn values_labels_and_places_read_back_exactly() {
    let (_, rows, _) = export(&[fixtures()], Progress::EveryFiles(0));

    let amount = find(&rows, "004.txt", "proactive.procurement.amount");
    let expected: Row = [
        ("file", fixtures().join("004.txt").display().to_string()),
        ("agency", "石家庄市商务局".into()),
        ("year", "2020".into()),
        ("template", "2019".into()),
        ("key", "proactive.procurement.amount".into()),
        ("row_label", "政府集中采购".into()),
        ("column_label", "采购总金额".into()),
        ("value", "20044679".into()),
        ("unit", "元".into()),
        ("state", "value".into()),
        ("line", "52".into()),
        ("column", "11".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(amount, &expected);

    // A blank cell is blank, not 0, and keeps its place.
    let blank = find(&rows, "004.txt", "applications.new_received.natural_person");
    assert_eq!(
        (&blank["value"], &blank["state"], &blank["unit"]),
        (&String::new(), &"blank".to_string(), &String::new())
    );
    assert_eq!(blank["row_label"], "一、本年新收政府信息公开申请数量");
    assert_eq!(blank["column_label"], "自然人");

    // A count, with its group in the row label.
    let denied = find(&rows, "000.txt", "applications.denied.third_party.total");
    assert_eq!(denied["row_label"], "（三）不予公开 / 4.保护第三方合法权益");
    assert_eq!(denied["column_label"], "总计");
    assert_eq!(
        (denied["value"].as_str(), denied["state"].as_str()),
        ("0", "value")
    );
    assert_eq!(denied["agency"], "天津市宁河区商务局");

    // Corpus 001's tables cannot be placed: every cell is missing, with no place.
    let missing = find(&rows, "001.txt", "proactive.rules.new_made");
    assert_eq!(missing["state"], "missing");
    assert_eq!(
        (missing["value"].as_str(), missing["line"].as_str()),
        ("", "")
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r["file"].ends_with("001.txt") && r["state"] == "missing")
            .count(),
        198
    );

    // Template 2021: the fee column states 万元 in its header.
    let fees = find(&rows, "002.txt", "proactive.fees.amount");
    assert_eq!(fees["template"], "2021");
    assert_eq!(fees["column_label"], "本年收费金额（单位：万元）");
    assert_eq!(
        (fees["value"].as_str(), fees["unit"].as_str()),
        ("0", "万元")
    );
    let review = find(&rows, "002.txt", "litigation_direct.total");
    assert_eq!(review["row_label"], "行政诉讼 / 未经复议直接起诉");
    let other = find(&rows, "002.txt", "applications.other.fee_unpaid.total");
    assert!(other["row_label"].starts_with("（六）其他处理 / 2.申请人逾期未按收费通知"));
}

#[test]
fn every_value_matches_the_flat_form() {
    let (_, rows, _) = export(&[fixtures()], Progress::EveryFiles(0));
    for name in ["000", "001", "002", "003", "004"] {
        let flat = std::fs::read_to_string(fixtures().join(format!("{name}.tsv"))).unwrap();
        let expected: Vec<String> = flat
            .lines()
            .filter(|l| !l.starts_with("meta."))
            .map(str::to_string)
            .collect();
        let got: Vec<String> = rows
            .iter()
            .filter(|r| r["file"].ends_with(&format!("{name}.txt")))
            .map(|r| {
                let value = match r["state"].as_str() {
                    "value" if r["unit"].is_empty() => r["value"].clone(),
                    "value" => format!("{} {}", r["value"], r["unit"]),
                    state => state.to_string(),
                };
                format!("{}\t{value}", r["key"])
            })
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn files_that_are_not_reports_are_skipped_and_the_run_goes_on() {
    let dir = std::env::temp_dir().join(format!("zfxxgk-to-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a_notes.txt"), "会议纪要\n今天开会。\n").unwrap();
    std::fs::write(dir.join("b_binary.TXT"), b"\xD0\xCF\x11\xE0\x00\x00").unwrap();
    std::fs::write(dir.join("c_ignored.html"), "not read: not a .txt file").unwrap();
    #[cfg(feature = "encoding")]
    {
        let text = std::fs::read_to_string(fixtures().join("004.txt")).unwrap();
        let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
        std::fs::write(dir.join("d_gbk.txt"), gbk).unwrap();
    }
    let inputs = [
        dir.clone(),
        dir.join("no_such_file.txt"),
        fixtures().join("000.txt"),
    ];
    let (summary, rows, messages) = export(&inputs, Progress::EveryFiles(0));
    std::fs::remove_dir_all(&dir).unwrap();

    let lines: Vec<&str> = messages.lines().collect();
    assert!(lines[0].starts_with(&format!(
        "skipped: {}: not an annual report: ",
        dir.join("a_notes.txt").display()
    )));
    assert_eq!(
        lines[1],
        format!(
            "skipped: {}: invalid encoding: NUL byte at offset 4: this is not a text file (a Word or PDF file?), or it is UTF-16 without a byte order mark",
            dir.join("b_binary.TXT").display()
        )
    );
    // What failed, then why (the I/O error, the source of the crate's error), once.
    let missing = dir.join("no_such_file.txt");
    let reason = std::fs::read(&missing).unwrap_err().to_string();
    assert_eq!(
        lines[2],
        format!("skipped: cannot read file: {}: {reason}", missing.display())
    );
    #[cfg(feature = "encoding")]
    {
        assert_eq!(lines[3], "to_csv: 2 reports, 396 rows; 3 files skipped");
        assert_eq!(summary.reports, 2);
        // The GBK copy gives the same cells as the UTF-8 file.
        let amount = find(&rows, "d_gbk.txt", "proactive.procurement.amount");
        assert_eq!(
            [
                &amount["value"],
                &amount["unit"],
                &amount["line"],
                &amount["column"]
            ],
            ["20044679", "元", "52", "11"]
        );
    }
    #[cfg(not(feature = "encoding"))]
    {
        assert_eq!(lines[3], "to_csv: 1 report, 198 rows; 3 files skipped");
        assert_eq!(summary.reports, 1);
    }
    assert_eq!(rows.len(), summary.rows);
    assert!(rows.last().unwrap()["file"].ends_with("000.txt"));
}

/// Runs the built example as a user would (`cargo test` builds every example first).
#[test]
fn the_built_example_runs_on_the_corpus() {
    let exe = std::env::current_exe().expect("the test's path");
    let target = exe
        .parent()
        .and_then(Path::parent)
        .expect("the target directory");
    let example = target
        .join("examples")
        .join(format!("to_csv{}", std::env::consts::EXE_SUFFIX));
    assert!(
        example.exists(),
        "{} is not built: run `cargo test` (which builds the examples) or `cargo build --examples`",
        example.display()
    );
    let out = std::process::Command::new(&example)
        .arg("tests/fixtures")
        .current_dir(ROOT)
        .output()
        .expect("the example runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "to_csv: 5 reports, 992 rows; 0 files skipped\n");
    let rows = read_back(&out.stdout);
    assert_eq!(rows.len(), 992);
    let amount = find(&rows, "004.txt", "proactive.procurement.amount");
    assert_eq!(amount["file"], "tests/fixtures/004.txt");

    // No argument: usage, status 2.
    let out = std::process::Command::new(&example).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("usage: to_csv DIR_OR_FILE..."));
    // Nothing but a non-report: status 1.
    let out = std::process::Command::new(&example)
        .arg("tests/fixtures/000.tsv")
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read_back(&out.stdout).len(), 0);
}
