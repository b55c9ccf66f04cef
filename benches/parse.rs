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
//! After criterion has run, the bench prints a summary on stdout:
//!
//! 1. **criterion, this run**: every figure criterion measured in this run (its estimate: the
//!    regression slope, else the mean, read from the `new/estimates.json` files it wrote after
//!    the bench started; benches left out by a filter show `-`) as MB/s and as a ratio to
//!    `from_utf8` over the same input; parse time per call; parse speed over NFKC speed; the
//!    time of `cells()` and `to_flat()` as a fraction of the parse.
//! 2. **interleaved, best batch**: the same table from a second measurement that cycles through
//!    every group and input in batches of about 1 ms for 8 s and keeps the best batch of each.
//!    Sequential benches of a few seconds each drift apart when anything else runs on the
//!    machine; alternating every few milliseconds keeps the ratios comparable. The goals below
//!    use these ratios.
//! 3. **memory**: from a counting global allocator, per report: the heap the parsed report
//!    holds (bytes still allocated while the `AnnualReport` is alive) and its ratio to the input
//!    size; that ratio with the report's own value added (what a report kept in a `Vec` takes);
//!    the peak during the parse; allocations per parse, per cell, per byte and per character of
//!    input; allocations of `cells()` and `to_flat()`.
//! 4. **goals**: parse >= 0.25 x `from_utf8` on every report; held heap <= 4 x input; and, for
//!    the record (no goal), the worst held heap plus the report's own value.
//!
//! Tables 1 and 2 need benchmark mode (`cargo bench`); under `cargo test --benches` each bench
//! runs once as a test and only the memory table and goals are printed. Defaults: 1 s warm-up
//! and 3 s measurement per bench (about 3 minutes in all); `--warm-up-time` and
//! `--measurement-time` override them. Results go to `$CRITERION_HOME`, else
//! `$CARGO_TARGET_DIR/criterion`, else `target/criterion`.

use criterion::{Criterion, Throughput};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};
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

/// The corpus reports, parsed once (for the benches of `cells()` and `to_flat()`).
fn report(i: usize) -> &'static AnnualReport {
    static PARSED: OnceLock<Vec<AnnualReport>> = OnceLock::new();
    &PARSED.get_or_init(|| {
        REPORTS
            .iter()
            .map(|(name, text)| {
                zfxxgk::parse(text).unwrap_or_else(|e| panic!("corpus report {name}: {e}"))
            })
            .collect()
    })[i]
}

// ---------------------------------------------------------------------------------------------
// Benches

/// An operation on corpus report `i`.
type Op = fn(usize);

/// What is measured: a group name and the operation on corpus report `i`. The first group is
/// the baseline of every ratio.
const GROUPS: [(&str, Op); 5] = [
    ("from_utf8", |i| {
        black_box(std::str::from_utf8(black_box(REPORTS[i].1.as_bytes())).unwrap());
    }),
    ("nfkc", |i| {
        black_box(black_box(REPORTS[i].1).nfkc().collect::<String>());
    }),
    ("parse", |i| {
        black_box(zfxxgk::parse(black_box(REPORTS[i].1)).unwrap());
    }),
    ("cells", |i| {
        black_box(black_box(report(i)).cells());
    }),
    ("to_flat", |i| {
        black_box(black_box(report(i)).to_flat());
    }),
    // ("validate", validate),  see `bench_validate`
];

/// Runs `op` over each report (one bench each) and over all five in turn (`all`), with the
/// report's size in bytes as throughput.
fn bench_group(c: &mut Criterion, group: &str, op: Op) {
    let mut g = c.benchmark_group(group);
    for (i, (name, text)) in REPORTS.iter().enumerate() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| op(black_box(i))));
    }
    let total: usize = REPORTS.iter().map(|(_, t)| t.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(ALL, |b| {
        b.iter(|| {
            for i in 0..REPORTS.len() {
                op(black_box(i));
            }
        })
    });
    g.finish();
}

/// RESERVED: the bench of report validation, to be added once the validation API lands.
///
/// Write the operation as a function `fn validate(i: usize)` calling it on `report(i)` (e.g.
/// `black_box(report(i).validate());`, adapted to the API), then add `("validate", validate)`
/// to [`GROUPS`]: criterion then benches it like the other groups and the summary lists it.
/// This function stays the place for anything validation needs beyond that (setup of rules,
/// inputs with errors …).
fn bench_validate(_c: &mut Criterion) {}

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

/// How long the interleaved measurement runs after criterion.
const INTERLEAVED_SECONDS: u64 = 8;

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

/// Time per call in ns, per group (rows, as in [`GROUPS`]) and input (columns, as in
/// [`inputs`]); `None` where not measured.
type Times = Vec<Vec<Option<f64>>>;

/// Criterion's estimates written in this run, if any.
fn criterion_times(dir: &Path, since: SystemTime) -> Option<Times> {
    let times: Times = GROUPS
        .iter()
        .map(|(g, _)| {
            inputs()
                .iter()
                .map(|(b, _)| estimate_ns(dir, g, b, since))
                .collect()
        })
        .collect();
    times.iter().flatten().any(Option::is_some).then_some(times)
}

/// Every group on every input again, interleaved: rounds of one batch of about a millisecond
/// per (group, input), for about `budget`; the best batch of each counts. Noise from other
/// processes only ever adds time, and it hits every group alike because they alternate every
/// few milliseconds, so these ratios hold up on a busy machine where sequential criterion
/// runs of several seconds each drift apart.
fn interleaved_times(budget: Duration) -> Times {
    let n = REPORTS.len();
    let run = |op: Op, input: usize, iters: u64| {
        let start = Instant::now();
        for _ in 0..iters {
            if input == n {
                (0..n).for_each(|i| op(black_box(i)));
            } else {
                op(black_box(input));
            }
        }
        start.elapsed().as_secs_f64() * 1e9 / iters as f64
    };
    let mut cases: Vec<(usize, usize, u64, f64)> = Vec::new(); // group, input, iters, best ns
    for (g, (_, op)) in GROUPS.iter().enumerate() {
        for input in 0..=n {
            run(*op, input, 1); // warm caches
            let once = (0..3)
                .map(|_| run(*op, input, 1))
                .fold(f64::INFINITY, f64::min);
            let iters = (1e6 / once.max(1.0)).clamp(1.0, 1e6) as u64;
            cases.push((g, input, iters, f64::INFINITY));
        }
    }
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < 5 || (start.elapsed() < budget && rounds < 1000) {
        for (g, input, iters, best) in &mut cases {
            *best = best.min(run(GROUPS[*g].1, *input, *iters));
        }
        rounds += 1;
    }
    println!(
        "\n(interleaved: {rounds} rounds in {:.1} s)",
        start.elapsed().as_secs_f64()
    );
    let mut times = vec![vec![None; n + 1]; GROUPS.len()];
    for (g, input, _, best) in cases {
        times[g][input] = Some(best);
    }
    times
}

/// Prints a speed table; returns parse speed as a ratio to `from_utf8` per input.
fn speed_table(title: &str, ns: &Times) -> Vec<Option<f64>> {
    let inputs = inputs();
    let group = |g: &str| &ns[GROUPS.iter().position(|x| x.0 == g).unwrap()];
    let base = group("from_utf8");
    println!(
        "\n{title}: MB/s (10^6 bytes of input a second) and ratio to from_utf8 on the same input"
    );
    row("", inputs.iter().map(|(b, n)| format!("{b} ({n} B)")));
    for ((g, _), times) in GROUPS.iter().zip(ns) {
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

/// Prints the memory table; returns the largest held heap / input ratio, without and with the
/// report's own value.
fn memory_table() -> (f64, f64) {
    const VALUE: usize = std::mem::size_of::<AnnualReport>();
    println!(
        "\nmemory of parse (counting allocator): held = heap still allocated while the report is \
         alive; +value = held plus the report's own {VALUE}-byte value (what a report kept in a Vec \
         takes); peak = most heap in use during the parse"
    );
    let head = [
        "bytes",
        "chars",
        "cells",
        "held B",
        "held/in",
        "+value/in",
        "peak B",
        "allocs",
        "reallocs",
        "allocs/cell",
        "allocs/byte",
        "allocs/char",
    ];
    const W: [usize; 12] = [7, 7, 6, 8, 8, 10, 8, 7, 9, 12, 12, 12];
    let line = |label: &str, v: [String; 12]| {
        let cells: String = v.iter().zip(W).map(|(c, w)| format!("{c:>w$}")).collect();
        println!("{label:<6}{cells}");
    };
    line("input", head.map(String::from));
    let mut sum = [0f64; 9]; // bytes chars cells held peak allocs reallocs frees reports
    let (mut worst, mut worst_kept) = (0f64, 0f64);
    let show = |label: &str, t: [f64; 9]| {
        let [bytes, chars, cells, held, peak, allocs, reallocs, _, reports] = t;
        line(
            label,
            [
                format!("{bytes}"),
                format!("{chars}"),
                format!("{cells}"),
                format!("{held}"),
                format!("{:.2}", held / bytes),
                format!("{:.2}", (held + VALUE as f64 * reports) / bytes),
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
            1.0,
        ];
        worst = worst.max(t[3] / t[0]);
        worst_kept = worst_kept.max((t[3] + VALUE as f64) / t[0]);
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

    let per_call = |f: &dyn Fn(&AnnualReport)| -> String {
        let v: Vec<String> = (0..REPORTS.len())
            .map(|i| {
                let r = report(i);
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
    (worst, worst_kept)
}

/// The targets of the speed and memory work, checked against the figures of this run.
fn goals(parse_vs_utf8: Option<&[Option<f64>]>, (held, kept): (f64, f64)) {
    println!("\ngoals");
    let per_report: Vec<f64> = parse_vs_utf8.map_or(vec![], |r| {
        r[..REPORTS.len()].iter().flatten().copied().collect()
    });
    if per_report.len() == REPORTS.len() {
        let worst = per_report.iter().copied().fold(f64::INFINITY, f64::min);
        let verdict = if worst >= 0.25 { "met" } else { "NOT met" };
        println!(
            "parse >= 0.25 x from_utf8 on every report (interleaved): worst {worst:.3}x, {verdict}"
        );
    } else {
        println!("parse >= 0.25 x from_utf8 on every report: not measured in this run");
    }
    let verdict = if held <= 4.0 { "met" } else { "NOT met" };
    println!("held heap <= 4 x input: worst {held:.2}x, {verdict}");
    println!(
        "(for the record, no goal: held heap plus the report's own value, as a report kept in a Vec \
         takes: worst {kept:.2}x input)"
    );
}

/// Whether criterion measures (rather than tests, lists or profiles), decided from the
/// arguments as criterion decides it: `cargo bench` passes `--bench`.
fn benchmarking() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench")
        && !args
            .iter()
            .any(|a| a == "--test" || a == "--list" || a.starts_with("--profile-time"))
}

fn main() {
    let since = SystemTime::now();
    let dir = criterion_dir();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&dir)
        .configure_from_args();
    for (group, op) in GROUPS {
        bench_group(&mut c, group, op);
    }
    bench_validate(&mut c);
    c.final_summary();

    // `--list` output is read by test runners: print nothing else.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    match criterion_times(&dir, since) {
        Some(times) => {
            speed_table("criterion, this run", &times);
        }
        None => println!(
            "\nno criterion estimates written in this run (test mode, --discard-baseline, or \
             everything filtered out)"
        ),
    }
    let interleaved = benchmarking().then(|| {
        let times = interleaved_times(Duration::from_secs(INTERLEAVED_SECONDS));
        speed_table("interleaved, best batch", &times)
    });
    let held = memory_table();
    goals(interleaved.as_deref(), held);
}
