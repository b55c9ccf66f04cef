//! Parsing and validating each corpus report in one run: criterion's `parse/NNN` and
//! `validate/NNN`, then validate's time as a share of parse's.
//!
//! ```text
//! cargo bench --bench validate
//! ```

use criterion::Criterion;
use std::hint::black_box;
use std::time::{Duration, Instant};

const CORPUS: [(&str, &str); 5] = [
    ("000", include_str!("../tests/fixtures/000.txt")),
    ("001", include_str!("../tests/fixtures/001.txt")),
    ("002", include_str!("../tests/fixtures/002.txt")),
    ("003", include_str!("../tests/fixtures/003.txt")),
    ("004", include_str!("../tests/fixtures/004.txt")),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("corpus");
    for (name, text) in CORPUS {
        let Ok(report) = zfxxgk::parse(text) else {
            eprintln!("{name}: not a report");
            continue;
        };
        group.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| zfxxgk::parse(black_box(text)))
        });
        group.bench_function(format!("validate/{name}"), |b| {
            b.iter(|| black_box(&report).validate())
        });
    }
    group.finish();
}

/// The mean time of `f` over as many runs as fit in about half a second.
fn mean(mut f: impl FnMut()) -> Duration {
    for _ in 0..10 {
        f();
    }
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_millis(500) {
        f();
        runs += 1;
    }
    start.elapsed() / runs.max(1)
}

fn ratios() {
    println!("\nvalidate / parse, per corpus report:");
    for (name, text) in CORPUS {
        let Ok(report) = zfxxgk::parse(text) else {
            continue;
        };
        let parse = mean(|| {
            black_box(zfxxgk::parse(black_box(text)).is_ok());
        });
        let validate = mean(|| {
            black_box(black_box(&report).validate());
        });
        println!(
            "  {name}: parse {parse:>10.1?}  validate {validate:>9.1?}  validate/parse {:.4}",
            validate.as_secs_f64() / parse.as_secs_f64()
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    // Only when benchmarking (`cargo bench` passes `--bench`), not in `cargo test --benches`.
    if std::env::args().any(|a| a == "--bench") {
        ratios();
    }
}
