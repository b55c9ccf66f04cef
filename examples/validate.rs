//! Checks reports the way a reviewer would: every finding of parsing and validation, shown like
//! a compiler's (`FILE:LINE:COL: error[R1]: …`, the source line, a caret under the cell), then
//! a summary line per file.
//!
//! ```text
//! cargo run --example validate                            # the bundled sample report
//! cargo run --example validate -- FILE...                 # UTF-8, UTF-16 with BOM, GB18030/GBK
//! cargo run --example validate -- --blank-as-zero FILE    # read blank cells as 0
//! cargo run --example validate -- --series A.txt B.txt    # also S1–S3 across the files given
//! ```
//!
//! Exit status: 0 when no error was found, 1 when one was, 2 when a file cannot be read or is
//! not a report (the other files are still checked).

use std::process::ExitCode;
use zfxxgk::render_diagnostic::{render, Source};
use zfxxgk::{AnnualReport, Diagnostic, Severity, ValidateOptions};

/// A real report (石家庄市商务局, 2020), bundled with the crate.
const SAMPLE: &str = include_str!("../tests/fixtures/004.txt");
const SAMPLE_NAME: &str = "tests/fixtures/004.txt";

const USAGE: &str = "usage: validate [--blank-as-zero] [--series] [FILE...]";

/// A file that was read and parsed.
struct Checked {
    name: String,
    text: String,
    report: AnnualReport,
}

fn main() -> ExitCode {
    let mut options = ValidateOptions::new();
    let mut series = false;
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("--blank-as-zero") => {
                options = options.blank_as_zero(true);
            }
            Some("--series") => series = true,
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some(s) if s.starts_with("--") => {
                eprintln!("error: unknown option `{s}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => paths.push(arg),
        }
    }

    let mut unreadable = false;
    let mut checked = Vec::new();
    if paths.is_empty() {
        match zfxxgk::parse(SAMPLE) {
            Ok(report) => checked.push(Checked {
                name: SAMPLE_NAME.to_string(),
                text: SAMPLE.to_string(),
                report,
            }),
            Err(e) => {
                eprintln!("error: {SAMPLE_NAME}: {e:#}");
                unreadable = true;
            }
        }
    }
    for path in &paths {
        let name = path.to_string_lossy().into_owned();
        match zfxxgk::parse_file(path) {
            Ok(doc) => checked.push(Checked {
                name,
                text: doc.text,
                report: doc.report,
            }),
            Err(e) => {
                // An I/O error names the path itself.
                match e.kind() {
                    zfxxgk::ErrorKind::Io => eprintln!("error: {e:#}"),
                    _ => eprintln!("error: {name}: {e:#}"),
                }
                unreadable = true;
            }
        }
    }

    let mut any_error = false;
    for c in &checked {
        let findings = c.report.findings(options);
        let sources = [Source::new(&c.name, &c.text)];
        any_error |= show(&c.name, &findings, &sources);
    }
    if series {
        let reports = || checked.iter().map(|c| &c.report);
        let pairs = zfxxgk::series_pairs(reports()).len();
        if pairs == 0 {
            println!("series: no two reports of one agency on consecutive years; nothing compared");
        } else {
            println!("series: {} of years compared", plural(pairs, "pair"));
        }
        let findings = zfxxgk::validate_series_with(reports(), options);
        let sources: Vec<Source<'_>> = checked
            .iter()
            .map(|c| Source::new(&c.name, &c.text))
            .collect();
        any_error |= show("series", &findings, &sources);
    }

    if unreadable {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the findings and a summary line; says whether any was an error.
fn show(name: &str, findings: &[Diagnostic], sources: &[Source<'_>]) -> bool {
    for d in findings {
        println!("{}", render(d, sources));
    }
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let mut summary = format!(
        "{name}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if notes > 0 {
        summary.push_str(&format!(", {}", plural(notes, "note")));
    }
    println!("{summary}");
    errors > 0
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
