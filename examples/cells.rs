//! Prints a report in the flat form of SPEC §8: `key<TAB>value`, metadata first.
//!
//! ```text
//! cargo run --example cells -- tests/fixtures/004.txt
//! ```
//!
//! Exits with status 1 and the error on stderr when the file is not a report or cannot be read.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: cells FILE   (UTF-8, UTF-16 with BOM, or GB18030/GBK)");
        return ExitCode::from(2);
    };
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
