//! Shared by the property tests: report strategies, the noise real copies carry, and helpers.
#![allow(dead_code)] // each test binary uses a part

pub mod noise;
pub mod reports;

use std::sync::mpsc;
use std::time::Duration;
use zfxxgk::{AnnualReport, Layout, Value};

/// Every layout the renderer writes.
pub const LAYOUTS: [Layout; 3] = [
    Layout::TabSeparated,
    Layout::LineBroken,
    Layout::BlankDropped,
];

/// The corpus reports, by name.
pub const CORPUS: [(&str, &str); 5] = [
    ("000", include_str!("../fixtures/000.txt")),
    ("001", include_str!("../fixtures/001.txt")),
    ("002", include_str!("../fixtures/002.txt")),
    ("003", include_str!("../fixtures/003.txt")),
    ("004", include_str!("../fixtures/004.txt")),
];

/// The values of every template cell, with their keys (spans left out).
pub fn values(r: &AnnualReport) -> Vec<(&'static str, Value)> {
    r.cells().into_iter().map(|(k, c)| (k, c.value)).collect()
}

/// The values of every template cell, with their keys and the scale of each amount: the cells
/// as written (see [`written`]).
pub fn written_values(r: &AnnualReport) -> Vec<(&'static str, Value, u8)> {
    r.cells()
        .into_iter()
        .map(|(k, c)| {
            let (v, scale) = written(c.value);
            (k, v, scale)
        })
        .collect()
}

/// A value as written: `Value`'s `==` is numeric (`3.5 == 3.50`); this pair, the value and the
/// scale of its amount, tells the writings apart, so that a trailing zero lost on the way fails.
pub fn written(v: Value) -> (Value, u8) {
    match v {
        Value::Amount(a) => (v, a.value.scale()),
        _ => (v, 0),
    }
}

/// A small deterministic generator (SplitMix64): noise decisions come from one seed, so that a
/// failing case shrinks and replays.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Runs `f` on a thread of its own and fails when it has not finished within `limit`: a hang
/// is reported as a failure instead of stalling the suite.
pub fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no answer within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The worker panicked: hand its panic on.
            match worker.join() {
                Err(e) => std::panic::resume_unwind(e),
                Ok(()) => panic!("{what}: worker ended without an answer"),
            }
        }
    }
}

/// The seed of the property tests unless `PROPTEST_RNG_SEED` gives another: the same cases on
/// every run, so that a run fails only on a change, never by the draw.
pub const SEED: u64 = 0x7a66_7878_676b;

/// The proptest settings of the property tests: `cases` per property unless `PROPTEST_CASES`
/// says otherwise, drawn from [`SEED`] unless `PROPTEST_RNG_SEED` says otherwise (a deeper or
/// other run by hand), failures kept in `file` and replayed first.
pub fn proptest_config(cases: u32, file: &'static str) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    let default = Config::default();
    let rng_seed = match default.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        given => given,
    };
    Config {
        cases,
        max_shrink_iters: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        rng_seed,
        ..default
    }
}
