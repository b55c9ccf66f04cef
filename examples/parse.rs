//! Parses a report and prints it as pretty JSON, then a short summary.
//!
//! ```text
//! cargo run --example parse                 # the bundled sample report
//! cargo run --example parse -- report.txt   # a file (UTF-8, UTF-16 with BOM, or GB18030/GBK)
//! ```
//!
//! The JSON goes to stdout, the summary to stderr (`… > report.json` keeps the JSON alone).
//! Exit status: 0 when the report was parsed, 1 when the file is not a report or cannot be read,
//! 2 on an unknown option.

use std::process::ExitCode;
use zfxxgk::{Document, Value};

/// A real report (石家庄市商务局, 2020), bundled with the crate.
const SAMPLE: &str = include_str!("../tests/fixtures/004.txt");

const USAGE: &str = "usage: parse [FILE]   (UTF-8, UTF-16 with BOM, or GB18030/GBK; without FILE, the bundled sample)";

fn main() -> ExitCode {
    let arg = std::env::args_os().nth(1);
    match arg.as_ref().and_then(|a| a.to_str()) {
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(s) if s.starts_with("--") => {
            eprintln!("error: unknown option `{s}`\n{USAGE}");
            return ExitCode::from(2);
        }
        _ => {}
    }
    let (name, doc) = match arg {
        Some(path) => match zfxxgk::parse_file(&path) {
            Ok(doc) => (path.to_string_lossy().into_owned(), doc),
            Err(e) => {
                // An I/O error names the path itself.
                match e.kind() {
                    zfxxgk::ErrorKind::Io => eprintln!("error: {e:#}"),
                    _ => eprintln!("error: {}: {e:#}", path.to_string_lossy()),
                }
                return ExitCode::FAILURE;
            }
        },
        None => match zfxxgk::parse_bytes(SAMPLE.as_bytes()) {
            Ok(doc) => ("bundled sample (tests/fixtures/004.txt)".to_string(), doc),
            Err(e) => {
                eprintln!("error: bundled sample: {e:#}");
                return ExitCode::FAILURE;
            }
        },
    };
    match serde_json::to_string_pretty(&doc.report) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            return ExitCode::FAILURE;
        }
    }
    summary(&name, &doc);
    ExitCode::SUCCESS
}

fn summary(name: &str, doc: &Document) {
    let r = &doc.report;
    let [agency, year, template, published] = r.meta_values();
    let cells = r.cells();
    let count = |f: fn(&Value) -> bool| cells.iter().filter(|(_, c)| f(&c.value)).count();
    eprintln!("--- {name} ({})", doc.encoding.name());
    eprintln!("agency {agency}, year {year}, template {template}, published {published}");
    eprintln!(
        "sections: {}",
        r.sections
            .iter()
            .map(|s| s.heading.value.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    eprintln!(
        "cells: {} numbers, {} blank, {} missing, {} extra rows",
        count(Value::is_number),
        count(|v| *v == Value::Blank),
        count(|v| *v == Value::Missing),
        r.extra_rows.len()
    );
    for d in &r.diagnostics {
        eprintln!("{d}");
    }
}
