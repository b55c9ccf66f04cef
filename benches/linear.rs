//! Parsing cost grows linearly with the input. A report (corpus 004) is given 1×, 16× and 256×
//! its own size of added text in five ways (a long narrative, many extra table rows, one huge
//! narrative line, one huge table row, and, in its line-broken copy, one cell continued over
//! many lines) and parsed; the summary prints the time per byte of the
//! whole input at each size, and the cost per byte of the added text from 1× to 16× and from
//! 16× to 256×. Equal slopes mean linear cost (the whole-input figure falls at first as the
//! report's own fixed cost is spread over more bytes). Last, the cost of one row the template
//! does not have (fifty rows with labels of their own added to section 三).
//!
//! ```text
//! cargo bench --bench linear
//! ```

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};

const REPORT: &str = include_str!("../tests/fixtures/004.txt");
/// The same report, its tables line-broken (one cell per line).
const LINE_BROKEN: &str = include_str!("../tests/fixtures/layouts/004_line_broken.txt");
const FACTORS: [usize; 3] = [1, 16, 256];

/// Inserts `what` after the first line that starts with `after`.
fn insert_after(text: &str, after: &str, what: &str) -> String {
    let at = text.find(after).expect("anchor in the report");
    let end = at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
    format!("{}{what}{}", &text[..end], &text[end..])
}

/// `unit` repeated to `factor` times the report's size.
fn grow(factor: usize, unit: &str) -> String {
    unit.repeat(REPORT.len() * factor / unit.len())
}

/// The report with `factor` times its size added, in one of the ways.
fn input(kind: &str, factor: usize) -> String {
    match kind {
        "long narrative" => {
            let para =
                "（一）加强组织领导\n全年主动公开政府信息283条，其中通知文告56条，工作动态47条。\n";
            insert_after(REPORT, "一、总体情况", &grow(factor, para))
        }
        "many extra rows" => {
            let row = "其他主动公开文件\t12\t3\t45\n";
            insert_after(REPORT, "政府集中采购", &grow(factor, row))
        }
        "one huge line" => {
            let line = grow(factor, "全年主动公开政府信息283条，其中通知文告56条，");
            insert_after(REPORT, "一、总体情况", &format!("{line}\n"))
        }
        "one huge table row" => {
            let cells = grow(factor, "\t0");
            insert_after(
                REPORT,
                "四、结转下年度继续办理",
                &format!("其中：网上申请数量{cells}\n"),
            )
        }
        "titles opening 一" => {
            // A title again and again, each with a section 一 under it (as a second report
            // would start): each is weighed as a second report's title.
            let unit = "某局2019年政府信息公开工作年度报告\n一、总体情况\n本年度工作情况良好。\n";
            insert_after(REPORT, "一、总体情况", &grow(factor, unit))
        }
        "cell over many lines" => {
            // A padded cell, then lines without a tab: each continues the cell above.
            let at = LINE_BROKEN.find("\t规章\n").expect("a label cell");
            let lines = grow(factor, "续\n");
            format!(
                "{}\t{}规章\n{lines}{}",
                &LINE_BROKEN[..at],
                " ".repeat(64),
                &LINE_BROKEN[at + "\t规章\n".len()..]
            )
        }
        _ => unreachable!(),
    }
}

const KINDS: [&str; 6] = [
    "long narrative",
    "many extra rows",
    "one huge line",
    "one huge table row",
    "titles opening 一",
    "cell over many lines",
];

/// Nanoseconds per parse: the best of a few runs (the least disturbed by other work).
fn ns(text: &str) -> f64 {
    let runs = (8_000_000 / text.len()).clamp(3, 200);
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let r = zfxxgk::parse(black_box(text));
        best = best.min(t.elapsed());
        black_box(r.ok());
    }
    best.as_nanos() as f64
}

/// The table of time per byte at each size, and the cost of the added text per byte between
/// sizes (1× to 16×, 16× to 256×): the slopes, flat when the cost is linear.
fn summary() {
    let bare = ns(REPORT);
    println!(
        "bare report: {} bytes, {:.0} µs ({:.1} ns/byte)",
        REPORT.len(),
        bare / 1000.0,
        bare / REPORT.len() as f64
    );
    println!("ns per byte of the whole input, best of several parses; slopes in ns per added byte");
    println!(
        "{:<20}{:>9}{:>9}{:>9}{:>14}{:>14}{:>8}",
        "added", "1×", "16×", "256×", "slope 1–16×", "slope 16–256×", "ratio"
    );
    for kind in KINDS {
        let sized: Vec<(f64, f64)> = FACTORS
            .iter()
            .map(|&f| {
                let text = input(kind, f);
                (text.len() as f64, ns(&text))
            })
            .collect();
        let slope = |a: (f64, f64), b: (f64, f64)| (b.1 - a.1) / (b.0 - a.0);
        let (low, high) = (slope(sized[0], sized[1]), slope(sized[1], sized[2]));
        println!(
            "{kind:<20}{:>9.1}{:>9.1}{:>9.1}{:>14.1}{:>14.1}{:>8.2}",
            sized[0].1 / sized[0].0,
            sized[1].1 / sized[1].0,
            sized[2].1 / sized[2].0,
            low,
            high,
            high / low
        );
    }
    println!();
    unknown_rows();
}

/// The cost of a row the template does not have: its label is scored against every template
/// row of its table. Fifty such rows, each with a label of its own, go into section 三.
fn unknown_rows() {
    let words = [
        "其他主动公开文件",
        "行政许可事项办理",
        "工作动态信息",
        "重点领域公开",
        "其他对外管理服务事项",
    ];
    let rows: String = (0..50)
        .map(|i| format!("{}{i}\t\t\t\t\t\t\t3\n", words[i % words.len()]))
        .collect();
    let text = insert_after(REPORT, "\t(三) 不予公开", &rows);
    let extra = |t: &str| zfxxgk::parse(t).map_or(0, |r| r.extra_rows.len());
    assert_eq!(
        extra(&text),
        extra(REPORT) + 50,
        "each added row is an extra row"
    );
    let (bare, more) = (ns(REPORT), ns(&text));
    println!(
        "a row the template does not have (50 in section 三): {:.2} µs a row",
        (more - bare) / 50.0 / 1000.0
    );
    println!();
}

fn benches(c: &mut Criterion) {
    for kind in KINDS {
        let mut group = c.benchmark_group(format!("parse/{kind}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(300));
        group.measurement_time(Duration::from_secs(2));
        for factor in FACTORS {
            let text = input(kind, factor);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{factor}x")),
                &text,
                |b, t| b.iter(|| zfxxgk::parse(black_box(t))),
            );
        }
        group.finish();
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs each benchmark once only.
    if std::env::args().any(|a| a == "--bench") {
        summary();
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
