//! Parses every report under a directory on all cores and prints reports per second and MB/s.
//!
//! ```text
//! cargo run --release --example batch -- DIR               # one thread per core
//! cargo run --release --example batch -- DIR --threads 1
//! cargo run --release --example batch -- DIR --no-progress
//! cargo run --release --example batch -- DIR --all-files   # not only *.txt
//! ```
//!
//! The directory is walked recursively (symbolic links to files are read, links to directories
//! are not followed); every `*.txt` file (any case), or with `--all-files` every regular file,
//! is read with [`zfxxgk::parse_file`] (UTF-8, UTF-16 with BOM, or GB18030/GBK). A file that is not a report, or cannot be read, is counted as a failure
//! and the run goes on; the first few failures are listed on stderr. Files are handed to worker
//! threads from a shared queue (largest first, so that a big file does not finish last alone).
//! While the run lasts longer than half a second, a progress line on stderr is rewritten every
//! 0.5 s (only when stderr is a terminal, unless `--progress` is given).
//!
//! The summary goes to stdout:
//!
//! ```text
//! files 3001, reports 3000, failed 1 (not an annual report 1)
//! 18.2 MB in 1.234 s on 2 threads: 2431 reports/s, 14.8 MB/s
//! ```
//!
//! MB/s counts the bytes of the files as stored (10^6 bytes a second). Exit status: 0 when at
//! least one report was parsed (and on `--help`), 1 otherwise, 2 on bad arguments or an
//! unreadable directory.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often the progress line is rewritten.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);
/// How many failures are listed by path.
const LIST_FAILURES: usize = 10;

/// A file to parse and its size in bytes.
#[derive(Debug, Clone)]
struct Job {
    path: PathBuf,
    bytes: u64,
}

/// What a run (or one worker's share of it) found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    /// Files tried.
    files: usize,
    /// Files parsed into a report.
    reports: usize,
    /// Bytes of all files tried.
    bytes: u64,
    /// Failures by kind (`not an annual report`, `cannot read file` …).
    failed: BTreeMap<String, usize>,
    /// The first failures, by path, with the error.
    examples: Vec<(PathBuf, String)>,
}

impl Tally {
    fn failures(&self) -> usize {
        self.failed.values().sum()
    }

    fn merge(&mut self, other: Tally) {
        self.files += other.files;
        self.reports += other.reports;
        self.bytes += other.bytes;
        for (k, n) in other.failed {
            *self.failed.entry(k).or_default() += n;
        }
        self.examples.extend(other.examples);
        self.examples.sort();
        self.examples.truncate(LIST_FAILURES);
    }
}

/// Which files under the directory are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Files {
    /// `*.txt` (any case), as `to_csv` reads a directory.
    Txt,
    /// Every regular file.
    All,
}

impl Files {
    fn takes(self, path: &Path) -> bool {
        self == Files::All
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    }
}

/// The files under `dir` that `files` takes, recursively, largest first (ties by path). Only an
/// unreadable `dir` is an error; a subdirectory that cannot be read is reported on stderr and
/// skipped.
fn collect(dir: &Path, files: Files) -> std::io::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if d != dir => {
                eprintln!("skipped: {}: {e}", d.display());
                continue;
            }
            Err(e) => return Err(e),
        };
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            let mut meta = None;
            if kind.is_symlink() {
                // Follow links to files; a dangling link is read (and fails) like any file.
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_dir() => continue,
                    Ok(m) => {
                        kind = m.file_type();
                        meta = Some(m);
                    }
                    Err(_) => {
                        if files.takes(&path) {
                            jobs.push(Job { path, bytes: 0 });
                        }
                        continue;
                    }
                }
            }
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_file() && files.takes(&path) {
                let bytes = match meta {
                    Some(m) => m.len(),
                    None => entry.metadata().map_or(0, |m| m.len()),
                };
                jobs.push(Job { path, bytes });
            }
        }
    }
    jobs.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    Ok(jobs)
}

/// Counters the workers bump after every file, read by the progress line.
#[derive(Debug, Default)]
struct Progress {
    files: AtomicUsize,
    bytes: AtomicU64,
}

/// Parses `jobs` on `threads` threads taking files from one queue. `tick` is called from the
/// calling thread every [`PROGRESS_EVERY`] until the work is done, with the progress so far and
/// the time since the start. Returns the tally and the wall time of the parsing.
fn run(
    jobs: &[Job],
    threads: usize,
    mut tick: impl FnMut(&Progress, Duration),
) -> (Tally, Duration) {
    let threads = threads.clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let progress = Progress::default();
    let start = Instant::now();
    let mut total = Tally::default();
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, progress) = (&next, &progress);
            s.spawn(move || {
                let mut tally = Tally::default();
                while let Some(job) = jobs.get(next.fetch_add(1, Relaxed)) {
                    parse_one(job, &mut tally);
                    progress.files.fetch_add(1, Relaxed);
                    progress.bytes.fetch_add(job.bytes, Relaxed);
                }
                // The receiver outlives every worker.
                let _ = tx.send(tally);
            });
        }
        drop(tx);
        let mut done = 0;
        while done < threads {
            match rx.recv_timeout(PROGRESS_EVERY) {
                Ok(tally) => {
                    total.merge(tally);
                    done += 1;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => tick(&progress, start.elapsed()),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    (total, start.elapsed())
}

fn parse_one(job: &Job, tally: &mut Tally) {
    tally.files += 1;
    tally.bytes += job.bytes;
    match zfxxgk::parse_file(&job.path) {
        Ok(doc) => {
            drop(doc);
            tally.reports += 1;
        }
        Err(e) => {
            *tally.failed.entry(e.kind().to_string()).or_default() += 1;
            if tally.examples.len() < LIST_FAILURES {
                tally
                    .examples
                    .push((job.path.clone(), failure(&job.path, &e)));
            }
        }
    }
}

/// What went wrong with a file: the path, then the error with its reason (an I/O error names
/// the path itself).
fn failure(path: &Path, e: &zfxxgk::Error) -> String {
    match e.kind() {
        zfxxgk::ErrorKind::Io => format!("{e:#}"),
        _ => format!("{}: {e:#}", path.display()),
    }
}

fn mb_per_s(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64().max(1e-9)
}

fn per_s(n: usize, t: Duration) -> f64 {
    n as f64 / t.as_secs_f64().max(1e-9)
}

/// The summary printed on stdout.
fn summary(tally: &Tally, elapsed: Duration, threads: usize) -> String {
    let kinds: Vec<String> = tally
        .failed
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let mut s = format!(
        "files {}, reports {}, failed {}",
        tally.files,
        tally.reports,
        tally.failures()
    );
    if !kinds.is_empty() {
        s += &format!(" ({})", kinds.join(", "));
    }
    s += &format!(
        "\n{:.1} MB in {:.3} s on {threads} thread{}: {:.0} reports/s, {:.1} MB/s\n",
        tally.bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        if threads == 1 { "" } else { "s" },
        per_s(tally.reports, elapsed),
        mb_per_s(tally.bytes, elapsed),
    );
    s
}

struct Args {
    dir: PathBuf,
    threads: usize,
    progress: bool,
    files: Files,
}

const USAGE: &str = "usage: batch DIR [--threads N] [--progress | --no-progress] [--all-files]";

fn args() -> Result<Args, String> {
    let mut dir = None;
    let mut threads = None;
    let mut progress = std::io::stderr().is_terminal();
    let mut files = Files::Txt;
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--threads" | "-j") => {
                let n = it.next().ok_or("--threads needs a number")?;
                let n = n.to_str().and_then(|n| n.parse::<usize>().ok());
                threads = Some(n.filter(|&n| n > 0).ok_or("--threads needs a number ≥ 1")?);
            }
            Some("--progress") => progress = true,
            Some("--no-progress") => progress = false,
            Some("--all-files") => files = Files::All,
            Some("-h" | "--help") => return Err(String::new()),
            Some(s) if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return Err("one directory only".into()),
        }
    }
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    Ok(Args {
        dir: dir.ok_or("no directory given")?,
        threads,
        progress,
        files,
    })
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(a) => a,
        // `--help`: the usage on stdout, and success.
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let jobs = match collect(&args.dir, args.files) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    let (files, bytes) = (jobs.len(), jobs.iter().map(|j| j.bytes).sum::<u64>());
    let mut shown = false;
    let tick = |p: &Progress, t: Duration| {
        if !args.progress {
            return;
        }
        let (done, b) = (p.files.load(Relaxed), p.bytes.load(Relaxed));
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{done}/{files} files ({:.0}%), {:.1} s, {:.0} files/s, {:.1} MB/s ",
            100.0 * b as f64 / bytes.max(1) as f64,
            t.as_secs_f64(),
            per_s(done, t),
            mb_per_s(b, t),
        );
        let _ = err.flush();
        shown = true;
    };
    let threads = args.threads.clamp(1, files.max(1));
    let (tally, elapsed) = run(&jobs, threads, tick);
    if shown {
        // Clear the progress line.
        eprint!("\r\x1b[K");
    }
    for (_, e) in &tally.examples {
        eprintln!("failed: {e}");
    }
    if tally.failures() > tally.examples.len() {
        eprintln!("… and {} more", tally.failures() - tally.examples.len());
    }
    print!("{}", summary(&tally, elapsed, threads));
    if tally.reports > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: [&str; 5] = ["000", "001", "002", "003", "004"];

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let dir = std::env::temp_dir().join(format!(
                "zfxxgk-batch-{name}-{}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.txt"));
        std::fs::read(path).unwrap()
    }

    /// Five reports (two of them one level down, one re-encoded as GB18030), one text that is
    /// not a report, one empty file.
    fn corpus(dir: &Path) -> u64 {
        let mut bytes = 0;
        let sub = dir.join("sub/deeper");
        std::fs::create_dir_all(&sub).unwrap();
        for (i, name) in FIXTURES.iter().enumerate() {
            let mut data = fixture(name);
            if i == 4 {
                let text = String::from_utf8(data).unwrap();
                data = encoding_rs::GB18030.encode(&text).0.into_owned();
            }
            let at = if i < 3 {
                dir.to_path_buf()
            } else {
                sub.clone()
            };
            std::fs::write(at.join(format!("{name}.txt")), &data).unwrap();
            bytes += data.len() as u64;
        }
        let other = "会议通知\n\n请各单位于下周一上午九时参加会议。\n".as_bytes();
        std::fs::write(dir.join("notice.txt"), other).unwrap();
        std::fs::write(sub.join("empty.txt"), b"").unwrap();
        // Not read unless all files are: a table beside the reports.
        std::fs::write(dir.join("cells.tsv"), b"key\tvalue\n").unwrap();
        bytes + other.len() as u64
    }

    #[test]
    fn counts_reports_and_failures_on_one_and_two_threads() {
        let dir = TempDir::new("counts");
        let bytes = corpus(&dir.0);
        let jobs = collect(&dir.0, Files::Txt).unwrap();
        assert_eq!(jobs.len(), 7);
        let all = collect(&dir.0, Files::All).unwrap();
        assert_eq!(all.len(), 8);
        assert!(all.iter().any(|j| j.path == dir.0.join("cells.tsv")));
        for threads in [1, 2, 8] {
            let (tally, _) = run(&jobs, threads, |_, _| {});
            assert_eq!(tally.files, 7, "{threads} threads");
            assert_eq!(tally.reports, 5, "{threads} threads");
            assert_eq!(tally.failures(), 2, "{threads} threads");
            assert_eq!(tally.bytes, bytes, "{threads} threads");
            let failed: Vec<_> = tally.failed.iter().map(|(k, n)| (k.as_str(), *n)).collect();
            assert_eq!(
                failed,
                [("empty input", 1), ("not an annual report", 1)],
                "{threads} threads"
            );
            let paths: Vec<_> = tally.examples.iter().map(|(p, _)| p.clone()).collect();
            assert_eq!(
                paths,
                [dir.0.join("notice.txt"), dir.0.join("sub/deeper/empty.txt")]
            );
            let s = summary(&tally, Duration::from_secs(1), threads);
            assert!(
                s.starts_with(
                    "files 7, reports 5, failed 2 (empty input 1, not an annual report 1)\n"
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn empty_directory_and_unreadable_file() {
        let dir = TempDir::new("empty");
        let (tally, _) = run(&collect(&dir.0, Files::Txt).unwrap(), 2, |_, _| {});
        assert_eq!(tally, Tally::default());

        // A file listed but gone by the time it is read is a failure, not a stop.
        let jobs = vec![Job {
            path: dir.0.join("gone.txt"),
            bytes: 0,
        }];
        let (tally, _) = run(&jobs, 1, |_, _| {});
        assert_eq!((tally.files, tally.reports, tally.failures()), (1, 0, 1));
        assert_eq!(tally.failed.get("cannot read file"), Some(&1));
        // The failure is listed with the operating system's reason, and the path, once.
        let gone = dir.0.join("gone.txt");
        let reason = std::fs::read(&gone).unwrap_err().to_string();
        assert_eq!(
            tally.examples,
            [(
                gone.clone(),
                format!("cannot read file: {}: {reason}", gone.display())
            )]
        );
    }
}
