//! Prints a report in the flat form of SPEC §8: `key<TAB>value`, metadata first.
//!
//! ```text
//! cargo run --example cells -- tests/fixtures/004.txt
//! ```
//!
//! Exits with status 1 and the error on stderr when the file is not a report or cannot be read,
//! 2 without a file or on an unknown option (`--help` prints the usage).

use std::process::ExitCode;

const USAGE: &str = "usage: cells FILE   (UTF-8, UTF-16 with BOM, or GB18030/GBK)";

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match path.to_str() {
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
    match zfxxgk::parse_file(&path) {
        Ok(doc) => {
            print!("{}", doc.report.to_flat());
            ExitCode::SUCCESS
        }
        Err(e) => {
            // An I/O error names the path itself.
            match e.kind() {
                zfxxgk::ErrorKind::Io => eprintln!("error: {e:#}"),
                _ => eprintln!("error: {}: {e:#}", path.to_string_lossy()),
            }
            ExitCode::FAILURE
        }
    }
}
