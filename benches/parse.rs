//! Speed and memory of `zfxxgk::parse`, measured against two baselines in the same run.
//!
//! ```text
//! cargo bench --bench parse                 # everything, then the summary table
//! cargo bench --bench parse -- parse/       # criterion filter: only the parse group
//! ```
//!
//! Groups (throughput in bytes of the input report, so every MB/s figure is comparable):
//!
//! - `from_utf8/*`: `str::from_utf8` over the report bytes, the cost of merely reading them;
//! - `nfkc/*`: `nfkc().collect::<String>()` over the whole text, the first step of any
//!   normalise-everything-then-regex pipeline;
//! - `parse/*`: `zfxxgk::parse`;
//! - `cells/*`, `to_flat/*`: `AnnualReport::cells()` and `to_flat()` on a report parsed beforehand;
//! - `validate/*`: reserved (see [`bench_validate`]).
//!
//! Each group has one bench per corpus report (`000` … `004`, ~6 KB each) and `all`, the five
//! reports one after the other.
//!
//! After criterion has run, the bench prints a summary: every figure measured in this run as
//! MB/s (criterion's estimate: the regression slope, else the mean) and as a ratio to
//! `from_utf8` over the same input, then the memory figures from a counting global allocator
//! (the heap a parsed report holds as a ratio to the input size, allocations per parse, per
//! input cell and per KB). The speed table reads `new/estimates.json` files written by criterion
//! during this run (so benches left out by a filter show `-`); the memory table is always
//! printed. Defaults: 1 s warm-up, 3 s measurement per bench; `--warm-up-time` and
//! `--measurement-time` override them.

use criterion::{BenchmarkGroup, Criterion, Throughput};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, SystemTime};
use unicode_normalization::UnicodeNormalization;
use zfxxgk::AnnualReport;

// ---------------------------------------------------------------------------------------------
// Counting allocator

/// Counts allocations while [`COUNTING`] is on; when off it costs one relaxed load per call,
/// so the timed benches run on the plain system allocator.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// `alloc` and `alloc_zeroed` calls.
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
/// `realloc` calls (a growing `Vec` or `String`).
static REALLOCS: AtomicUsize = AtomicUsize::new(0);
/// `dealloc` calls.
static FREES: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated minus bytes freed since counting was switched on.
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Highest value of [`LIVE`] since counting was switched on.
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grow(by: isize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            grow(layout.size() as isize);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            grow(layout.size() as isize);
        }
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            REALLOCS.fetch_add(1, Relaxed);
            grow(new_size as isize - layout.size() as isize);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Relaxed) {
            FREES.fetch_add(1, Relaxed);
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What the allocator counted during one call of `f`, and what `f` returned.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    allocs: usize,
    reallocs: usize,
    frees: usize,
    /// Bytes still allocated when `f` returned (held by its result).
    held: isize,
    /// Highest heap use above the starting point while `f` ran.
    peak: isize,
}

fn counted<T>(f: impl FnOnce() -> T) -> (T, Counts) {
    for c in [&ALLOCS, &REALLOCS, &FREES] {
        c.store(0, Relaxed);
    }
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let out = black_box(f());
    COUNTING.store(false, Relaxed);
    let counts = Counts {
        allocs: ALLOCS.load(Relaxed),
        reallocs: REALLOCS.load(Relaxed),
        frees: FREES.load(Relaxed),
        held: LIVE.load(Relaxed),
        peak: PEAK.load(Relaxed),
    };
    (out, counts)
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// The corpus reports: bench name and text.
const REPORTS: [(&str, &str); 5] = [
    ("000", include_str!("../tests/fixtures/000.txt")),
    ("001", include_str!("../tests/fixtures/001.txt")),
    ("002", include_str!("../tests/fixtures/002.txt")),
    ("003", include_str!("../tests/fixtures/003.txt")),
    ("004", include_str!("../tests/fixtures/004.txt")),
];

/// The name of the bench over all five reports.
const ALL: &str = "all";

/// Bench names in table order, with the number of input bytes each one processes.
fn inputs() -> Vec<(&'static str, usize)> {
    let mut v: Vec<_> = REPORTS.iter().map(|&(n, t)| (n, t.len())).collect();
    v.push((ALL, REPORTS.iter().map(|(_, t)| t.len()).sum()));
    v
}

fn parsed() -> Vec<AnnualReport> {
    REPORTS
        .iter()
        .map(|(name, text)| {
            zfxxgk::parse(text).unwrap_or_else(|e| panic!("corpus report {name}: {e}"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Benches

/// Runs `f` over each report (one bench each) and over all five in turn (`all`).
fn per_input<T>(c: &mut Criterion, group: &str, items: &[T], f: impl Fn(&T) + Copy) {
    let mut g: BenchmarkGroup<'_, _> = c.benchmark_group(group);
    for ((name, text), item) in REPORTS.iter().zip(items) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| f(black_box(item))));
    }
    let total: usize = REPORTS.iter().map(|(_, t)| t.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(ALL, |b| {
        b.iter(|| {
            for item in items {
                f(black_box(item));
            }
        })
    });
    g.finish();
}

fn texts() -> Vec<&'static str> {
    REPORTS.iter().map(|(_, t)| *t).collect()
}

fn bench_from_utf8(c: &mut Criterion) {
    let bytes: Vec<&[u8]> = REPORTS.iter().map(|(_, t)| t.as_bytes()).collect();
    per_input(c, "from_utf8", &bytes, |b| {
        black_box(std::str::from_utf8(b).unwrap());
    });
}

fn bench_nfkc(c: &mut Criterion) {
    per_input(c, "nfkc", &texts(), |t| {
        black_box(t.nfkc().collect::<String>());
    });
}

fn bench_parse(c: &mut Criterion) {
    per_input(c, "parse", &texts(), |t| {
        black_box(zfxxgk::parse(t).unwrap());
    });
}

fn bench_cells(c: &mut Criterion) {
    per_input(c, "cells", &parsed(), |r| {
        black_box(r.cells());
    });
}

fn bench_to_flat(c: &mut Criterion) {
    per_input(c, "to_flat", &parsed(), |r| {
        black_box(r.to_flat());
    });
}

/// Reserved for the bench of report validation, once that API exists: add it as
/// `per_input(c, "validate", &parsed(), |r| { black_box(r.validate()); })` (adapting the call to
/// the API), and add `"validate"` to [`GROUPS`] so the summary lists it.
fn bench_validate(_c: &mut Criterion) {}

/// Groups in summary order; the first is the baseline of every ratio.
const GROUPS: [&str; 5] = ["from_utf8", "nfkc", "parse", "cells", "to_flat"];

// ---------------------------------------------------------------------------------------------
// Summary

/// Where criterion writes its results; set explicitly so that the summary reads the same place.
/// `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else `target/criterion` of this
/// package.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        Path::new(&target).join("criterion")
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
    }
}

/// Criterion's time per iteration in ns for `group/bench`, if it was measured in this run
/// (its `estimates.json` written after `since`): the regression slope, else the mean, as in
/// the `time:` line criterion prints.
fn estimate_ns(dir: &Path, group: &str, bench: &str, since: SystemTime) -> Option<f64> {
    let file = dir.join(group).join(bench).join("new/estimates.json");
    let modified = std::fs::metadata(&file).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?;
    let point = |k: &str| json.get(k)?.get("point_estimate")?.as_f64();
    point("slope").or_else(|| point("mean"))
}

/// Width of the label column and of each input column of the summary tables.
const LABEL: usize = 12;
const COLUMN: usize = 17;

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

fn row(label: &str, cells: impl IntoIterator<Item = String>) {
    let cells: String = cells.into_iter().map(|c| format!("{c:>COLUMN$}")).collect();
    println!("{label:<LABEL$}{cells}");
}

/// `a / b` per input, where both were measured.
fn ratios(a: &[Option<f64>], b: &[Option<f64>]) -> Vec<Option<f64>> {
    a.iter()
        .zip(b)
        .map(|(a, b)| Some(a.as_ref()? / b.as_ref()?))
        .collect()
}

/// Prints the speed table; returns parse speed as a ratio to `from_utf8` per input.
fn speed_table(dir: &Path, since: SystemTime) -> Vec<Option<f64>> {
    let inputs = inputs();
    let ns: Vec<Vec<Option<f64>>> = GROUPS
        .iter()
        .map(|g| {
            inputs
                .iter()
                .map(|(b, _)| estimate_ns(dir, g, b, since))
                .collect()
        })
        .collect();
    let group = |g: &str| &ns[GROUPS.iter().position(|x| *x == g).unwrap()];
    let base = group("from_utf8");
    if ns.iter().flatten().all(Option::is_none) {
        println!(
            "\nspeed: no criterion estimates written in this run (test mode, --discard-baseline, \
             or everything filtered out)"
        );
        return vec![None; inputs.len()];
    }

    println!(
        "\nspeed: MB/s (10^6 bytes of input a second) and ratio to from_utf8 on the same input"
    );
    row("", inputs.iter().map(|(b, n)| format!("{b} ({n} B)")));
    for (g, times) in GROUPS.iter().zip(&ns) {
        let speed = times
            .iter()
            .zip(&inputs)
            .map(|(t, (_, n))| t.map(|t| *n as f64 * 1e3 / t));
        let vs_base = ratios(base, times);
        row(
            g,
            speed
                .zip(vs_base)
                .map(|(s, r)| format!("{} {:>7}", fmt(s, 0), fmt(r, 3) + "x")),
        );
    }
    println!();
    let parse = group("parse");
    row("parse us", parse.iter().map(|t| fmt(t.map(|t| t / 1e3), 1)));
    row(
        "parse/nfkc",
        ratios(group("nfkc"), parse)
            .into_iter()
            .map(|r| fmt(r, 3) + "x"),
    );
    row(
        "cells/parse",
        ratios(group("cells"), parse).into_iter().map(|r| fmt(r, 4)),
    );
    row(
        "flat/parse",
        ratios(group("to_flat"), parse)
            .into_iter()
            .map(|r| fmt(r, 4)),
    );
    println!(
        "(parse us: time per call; parse/nfkc: parse speed over NFKC speed; cells/parse, \
         flat/parse: time of cells(), to_flat() over the time of the parse)"
    );
    ratios(base, parse)
}

/// Prints the memory table; returns the largest held heap / input ratio.
fn memory_table() -> f64 {
    println!(
        "\nmemory of parse (counting allocator): held = heap still allocated while the report is \
         alive; peak = most heap in use during the parse"
    );
    let head = [
        "bytes",
        "chars",
        "cells",
        "held B",
        "held/in",
        "peak B",
        "allocs",
        "reallocs",
        "allocs/cell",
        "allocs/byte",
        "allocs/char",
    ];
    const W: [usize; 11] = [7, 7, 6, 8, 8, 8, 7, 9, 12, 12, 12];
    let line = |label: &str, v: [String; 11]| {
        let cells: String = v.iter().zip(W).map(|(c, w)| format!("{c:>w$}")).collect();
        println!("{label:<6}{cells}");
    };
    line("input", head.map(String::from));
    let mut sum = [0f64; 8]; // bytes chars cells held peak allocs reallocs frees
    let mut worst = 0f64;
    let show = |label: &str, t: [f64; 8]| {
        let [bytes, chars, cells, held, peak, allocs, reallocs, _] = t;
        line(
            label,
            [
                format!("{bytes}"),
                format!("{chars}"),
                format!("{cells}"),
                format!("{held}"),
                format!("{:.2}", held / bytes),
                format!("{peak}"),
                format!("{allocs}"),
                format!("{reallocs}"),
                format!("{:.2}", allocs / cells),
                format!("{:.3}", allocs / bytes),
                format!("{:.3}", allocs / chars),
            ],
        );
    };
    for (name, text) in REPORTS {
        // Build the lazily initialised tables first, so that their one-off allocations are
        // not charged to a parse.
        let _ = zfxxgk::parse(text).map(|r| r.cells().len());
        let (report, n) = counted(|| zfxxgk::parse(text).unwrap());
        let cells = report.cells().len();
        drop(report);
        let t = [
            text.len() as f64,
            text.chars().count() as f64,
            cells as f64,
            n.held as f64,
            n.peak as f64,
            n.allocs as f64,
            n.reallocs as f64,
            n.frees as f64,
        ];
        worst = worst.max(t[3] / t[0]);
        show(name, t);
        for (i, (s, x)) in sum.iter_mut().zip(t).enumerate() {
            // Peaks do not add up: the largest.
            *s = if i == 4 { s.max(x) } else { *s + x };
        }
    }
    show("all", sum);
    println!(
        "(all: the five parses' sums, peak their largest; allocs counts new blocks (alloc calls), reallocs the \
         growing of existing ones)"
    );

    let reports = parsed();
    let per_call = |f: &dyn Fn(&AnnualReport)| -> String {
        let v: Vec<String> = reports
            .iter()
            .map(|r| {
                let ((), n) = counted(|| f(r));
                format!("{}+{}", n.allocs, n.reallocs)
            })
            .collect();
        v.join(", ")
    };
    println!(
        "cells(): allocs+reallocs per call: {}",
        per_call(&|r| drop(black_box(r.cells())))
    );
    println!(
        "to_flat(): allocs+reallocs per call: {}",
        per_call(&|r| drop(black_box(r.to_flat())))
    );
    worst
}

/// The targets of the speed and memory work, checked against the figures of this run.
fn goals(parse_vs_utf8: &[Option<f64>], held: f64) {
    println!("\ngoals");
    let per_report: Vec<f64> = parse_vs_utf8[..REPORTS.len()]
        .iter()
        .flatten()
        .copied()
        .collect();
    if per_report.len() == REPORTS.len() {
        let worst = per_report.iter().copied().fold(f64::INFINITY, f64::min);
        let verdict = if worst >= 0.25 { "met" } else { "NOT met" };
        println!("parse >= 0.25 x from_utf8 on every report: worst {worst:.3}x, {verdict}");
    } else {
        println!("parse >= 0.25 x from_utf8 on every report: not measured in this run");
    }
    let verdict = if held <= 4.0 { "met" } else { "NOT met" };
    println!("held heap <= 4 x input: worst {held:.2}x, {verdict}");
}

fn main() {
    let since = SystemTime::now();
    let dir = criterion_dir();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&dir)
        .configure_from_args();
    bench_from_utf8(&mut c);
    bench_nfkc(&mut c);
    bench_parse(&mut c);
    bench_validate(&mut c);
    bench_cells(&mut c);
    bench_to_flat(&mut c);
    c.final_summary();

    // `--list` output is read by test runners: print nothing else.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let parse_vs_utf8 = speed_table(&dir, since);
    let held = memory_table();
    goals(&parse_vs_utf8, held);
}
