//! Exports reports to one long CSV table for analysts: one row per template cell.
//!
//! ```text
//! cargo run --example to_csv -- tests/fixtures > cells.csv
//! cargo run --example to_csv -- reports/ 2021/*.htm one-more-report.txt > cells.csv
//! ```
//!
//! Columns, with a header row:
//!
//! | column | holds |
//! | --- | --- |
//! | `file` | the path the report was read from |
//! | `agency`, `year` | the report's metadata (empty when not found) |
//! | `template` | `2019` or `2021` |
//! | `key` | the canonical key of the cell (`applications.denied.third_party.total`) |
//! | `row_label` | the template's row label, numbered, after its group (`（三）不予公开 / 4.保护第三方合法权益`) |
//! | `column_label` | the template's column label (`总计`) |
//! | `value` | the number as written, without unit or thousands separators; empty when blank or missing |
//! | `unit` | `元` or `万元` for an amount that names one; empty otherwise |
//! | `state` | `value`, `blank` (in the text but empty: never 0) or `missing` (not found or not placed) |
//! | `line`, `column` | where the cell stands in the file's text (1-based; column in characters); empty for a missing cell |
//!
//! Every report gives as many rows as its template has cells (198 on template 2019, 200 on
//! template 2021), so a folder of N reports gives about 200 × N rows.
//!
//! Which files are read: each argument that is a file is read whatever its name; each argument
//! that is a directory contributes its `*.txt` files (any case), in name order, without going
//! into subdirectories and without hidden files. So `tests/fixtures` reads the five reports and
//! not the `.tsv` files beside them. Files may be UTF-8, UTF-16 with a byte order mark or
//! GB18030/GBK (see `zfxxgk::parse_file`).
//!
//! A file that cannot be read or is not a report is skipped with a message on stderr and the run
//! goes on. A progress line on stderr says how far a long run is; it ends with a summary. The exit
//! status is 0 when at least one report was written, 1 when none was, 2 on a usage error.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zfxxgk::template::{Numbering, RowDef};
use zfxxgk::{AnnualReport, Value};

/// The CSV header, in column order.
pub const HEADER: [&str; 12] = [
    "file",
    "agency",
    "year",
    "template",
    "key",
    "row_label",
    "column_label",
    "value",
    "unit",
    "state",
    "line",
    "column",
];

/// How progress is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// One line rewritten in place, a few times a second (stderr is a terminal).
    Terminal,
    /// A line every so many files (stderr is a log file or a pipe).
    EveryFiles(usize),
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Reports written.
    pub reports: usize,
    /// CSV rows written, header not counted.
    pub rows: usize,
    /// Files skipped (unreadable, or not a report).
    pub skipped: usize,
}

fn main() -> ExitCode {
    const USAGE: &str = "usage: to_csv DIR_OR_FILE... > cells.csv\n  a directory contributes its own *.txt files (not its subdirectories'); a file is read whatever its name";
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    for arg in inputs.iter().filter_map(|p| p.to_str()) {
        match arg {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--") => {
                eprintln!("error: unknown option `{s}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => {}
        }
    }
    if inputs.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let progress = if io::stderr().is_terminal() {
        Progress::Terminal
    } else {
        Progress::EveryFiles(500)
    };
    let result = run(&inputs, io::stdout().lock(), io::stderr().lock(), progress);
    match result {
        Ok(summary) if summary.reports > 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        // `to_csv … | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the CSV: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads every input and writes the CSV to `out`; messages and progress go to `err`.
///
/// Fails only when writing fails; files that cannot be read or parsed are skipped.
pub fn run(
    inputs: &[PathBuf],
    out: impl Write,
    mut err: impl Write,
    progress: Progress,
) -> io::Result<Summary> {
    let files = list_files(inputs, &mut err)?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(HEADER).map_err(io_error)?;
    let mut summary = Summary::default();
    let mut line = ProgressLine::new(progress, files.len());
    for (i, path) in files.iter().enumerate() {
        match zfxxgk::parse_file(path) {
            Ok(doc) => {
                summary.rows += write_report(&mut csv, path, &doc.report)?;
                summary.reports += 1;
            }
            Err(e) => {
                line.clear(&mut err)?;
                // An I/O error names the path itself.
                match e.kind() {
                    zfxxgk::ErrorKind::Io => writeln!(err, "skipped: {e:#}")?,
                    _ => writeln!(err, "skipped: {}: {e:#}", path.display())?,
                }
                summary.skipped += 1;
            }
        }
        line.update(&mut err, i + 1, summary.rows)?;
    }
    csv.flush()?;
    line.clear(&mut err)?;
    writeln!(
        err,
        "to_csv: {} report{}, {} rows; {} file{} skipped",
        summary.reports,
        plural(summary.reports),
        summary.rows,
        summary.skipped,
        plural(summary.skipped)
    )?;
    Ok(summary)
}

/// The I/O error inside a CSV error, so that a closed pipe is seen as one.
fn io_error(e: csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => io::Error::other("CSV writer error"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The files to read: files as given, directories' `*.txt` files in name order.
fn list_files(inputs: &[PathBuf], err: &mut impl Write) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            // A missing file is reported when it is read.
            files.push(input.clone());
            continue;
        }
        let entries = match std::fs::read_dir(input) {
            Ok(entries) => entries,
            Err(e) => {
                writeln!(err, "skipped: {}: {e}", input.display())?;
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| is_report_file(path))
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// A `.txt` file (any case) that is not hidden.
fn is_report_file(path: &Path) -> bool {
    let txt = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"));
    let hidden = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'));
    txt && !hidden && path.is_file()
}

/// Writes one row per template cell of a report; returns how many.
fn write_report<W: Write>(
    csv: &mut csv::Writer<W>,
    path: &Path,
    report: &AnnualReport,
) -> io::Result<usize> {
    let file = path.display().to_string();
    let meta = &report.metadata;
    let agency = meta.agency.as_ref().map_or("", |a| a.value.as_str());
    let year = meta
        .year
        .as_ref()
        .map(|y| y.value.to_string())
        .unwrap_or_default();
    let template = report.template().as_str();
    // `cells()` lists the cells in the order of the template's rows and columns.
    let mut cells = report.cells().into_iter();
    let mut rows = 0;
    for def in report.template().rows() {
        let row_label = row_label(def);
        for column in def.columns {
            let Some((key, cell)) = cells.next() else {
                return Ok(rows);
            };
            let (value, unit, state) = match &cell.value {
                Value::Count(n) => (n.to_string(), "", "value"),
                Value::Amount(a) => (
                    a.value.to_string(),
                    a.unit.map_or("", |u| u.as_str()),
                    "value",
                ),
                Value::Blank => (String::new(), "", "blank"),
                Value::Missing => (String::new(), "", "missing"),
            };
            let (line, col) = match cell.span {
                Some(span) => (span.line.to_string(), span.column.to_string()),
                None => (String::new(), String::new()),
            };
            csv.write_record([
                file.as_str(),
                agency,
                &year,
                template,
                key,
                &row_label,
                column.label,
                &value,
                unit,
                state,
                &line,
                &col,
            ])
            .map_err(io_error)?;
            rows += 1;
        }
    }
    Ok(rows)
}

/// The row's label as the template numbers it, after its group when it has one:
/// `（三）不予公开 / 4.保护第三方合法权益`, `行政诉讼 / 复议后起诉`, `规章`.
fn row_label(def: &RowDef) -> String {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let numeral = |n: u8| NUMERALS.get(usize::from(n).wrapping_sub(1)).copied();
    let number = match def.numbering {
        Numbering::Top(n) => numeral(n).map(|c| format!("{c}、")),
        Numbering::Paren(n) => numeral(n).map(|c| format!("（{c}）")),
        Numbering::Digit(n) => Some(format!("{n}.")),
        Numbering::None => None,
    };
    let label = format!("{}{}", number.unwrap_or_default(), def.label);
    if def.group.is_empty() || def.group == def.label {
        label
    } else {
        format!("{} / {label}", def.group)
    }
}

/// The progress line on stderr.
struct ProgressLine {
    mode: Progress,
    total: usize,
    last: Option<Instant>,
    /// Characters of the line now on a terminal, to erase it.
    shown: usize,
}

impl ProgressLine {
    fn new(mode: Progress, total: usize) -> ProgressLine {
        ProgressLine {
            mode,
            total,
            last: None,
            shown: 0,
        }
    }

    fn update(&mut self, err: &mut impl Write, done: usize, rows: usize) -> io::Result<()> {
        let text = format!("to_csv: {done}/{} files, {rows} rows", self.total);
        match self.mode {
            Progress::EveryFiles(n) => {
                if n > 0 && done.is_multiple_of(n) && done < self.total {
                    writeln!(err, "{text}")?;
                }
            }
            Progress::Terminal => {
                let due = self
                    .last
                    .is_none_or(|t| t.elapsed() >= Duration::from_millis(200));
                if due {
                    self.clear(err)?;
                    write!(err, "{text}")?;
                    err.flush()?;
                    self.shown = text.chars().count();
                    self.last = Some(Instant::now());
                }
            }
        }
        Ok(())
    }

    /// Erases the line on a terminal so that a message can take its place.
    fn clear(&mut self, err: &mut impl Write) -> io::Result<()> {
        if self.shown > 0 {
            write!(err, "\r{}\r", " ".repeat(self.shown))?;
            self.shown = 0;
        }
        Ok(())
    }
}
