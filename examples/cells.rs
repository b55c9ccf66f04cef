//! Prints a report in the flat form of SPEC §8: `key<TAB>value`, metadata first.
//!
//! ```text
//! cargo run --example cells -- ../shared/corpus/000_4a4455d3a57a23c5.txt
//! ```
//!
//! Exits with status 1 and the error on stderr when the file is not a report.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: cells FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("error: {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match zfxxgk::parse(&text) {
        Ok(report) => {
            print!("{}", report.to_flat());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
