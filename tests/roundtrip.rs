//! Round trips: reports written in every layout, with the noise real copies carry, read back to
//! the same values; rendering is idempotent; the corpus survives parse → render → parse.

mod common;

use common::noise::{self, any_noise, Noise};
use common::reports::{any_report, expected, narrative_lines};
use common::{values, written, CORPUS, LAYOUTS};
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::BTreeSet;
use zfxxgk::{parse, render, AnnualReport, Code, Layout, SectionKind, Severity, TableKind, Value};

/// Cases per property: enough to cover every noise kind in every layout many times over, few
/// enough for the whole suite to stay within a few minutes on two cores.
const CASES: u32 = 256;

fn config(cases: u32) -> ProptestConfig {
    common::proptest_config(cases, "proptest-regressions/roundtrip.txt")
}

/// What the text written for `r` in `layout` (after `noise`) must read back to.
fn check(r: &AnnualReport, layout: Layout, noise: Option<&Noise>) -> Result<(), TestCaseError> {
    let clean = render(r, layout);
    let text = match noise {
        Some(n) => noise::apply(&clean, layout, n),
        None => clean,
    };
    let parsed = match parse(&text) {
        Ok(p) => p,
        Err(e) => return Err(TestCaseError::fail(format!("{e}\n--- text ---\n{text}"))),
    };
    let want = expected(r);
    let got = values(&parsed);
    prop_assert_eq!(got.len(), want.len());
    let context = || format!("layout {layout:?}\n--- text ---\n{text}");

    if layout == Layout::BlankDropped {
        // Every value given is the right one; a row written with all its values comes back.
        // Section 四 is one row of fifteen values.
        let review_full = want
            .iter()
            .filter(|(k, _)| !k.starts_with("proactive.") && !k.starts_with("applications."))
            .all(|(_, v)| v.is_number());
        let mut start = 0;
        for def in r.template().rows() {
            let n = def.columns.len();
            let full = if def.table == TableKind::ReviewLitigation {
                review_full
            } else {
                want[start..start + n].iter().all(|(_, v)| v.is_number())
            };
            for i in start..start + n {
                let (key, w) = want[i];
                let g = got[i].1;
                prop_assert!(
                    written(g) == written(w) || (g == Value::Missing && !full),
                    "{key}: got {g}, wrote {w}\n{}",
                    context()
                );
            }
            start += n;
        }
    } else {
        for ((key, w), (_, g)) in want.iter().zip(&got) {
            prop_assert_eq!(written(*g), written(*w), "{}\n{}", key, context());
        }
    }

    // Metadata and narrative.
    let m = (&r.metadata, &parsed.metadata);
    prop_assert_eq!(m.1.template, m.0.template);
    prop_assert_eq!(
        m.1.agency.as_ref().map(|a| &a.value),
        m.0.agency.as_ref().map(|a| &a.value),
        "{}",
        context()
    );
    prop_assert_eq!(
        m.1.year.as_ref().map(|y| y.value),
        m.0.year.as_ref().map(|y| y.value)
    );
    prop_assert_eq!(
        m.1.published.as_ref().map(|d| d.value),
        m.0.published.as_ref().map(|d| d.value),
        "{}",
        context()
    );
    for kind in [
        SectionKind::General,
        SectionKind::Problems,
        SectionKind::Other,
    ] {
        prop_assert_eq!(
            narrative_lines(&parsed, kind),
            narrative_lines(r, kind),
            "{:?}\n{}",
            kind,
            context()
        );
    }
    prop_assert_eq!(parsed.sections.len(), 6);

    // Diagnostics: no error; a lost value only where the values were not written (or, in the
    // blank-cells-dropped layout, could not be placed); one extra row per extra row written.
    let missing: BTreeSet<&str> = got
        .iter()
        .filter(|(_, v)| *v == Value::Missing)
        .map(|(k, _)| *k)
        .collect();
    let reported: BTreeSet<&str> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::P1)
        .flat_map(|d| d.keys.iter().map(|k| &**k))
        .collect();
    prop_assert_eq!(&reported, &missing, "P1 keys\n{}", context());
    for d in &parsed.diagnostics {
        prop_assert!(d.severity < Severity::Error, "{d}");
        prop_assert!(
            matches!(d.code, Code::P1 | Code::P2 | Code::P3),
            "unexpected {d}\n{}",
            context()
        );
    }
    if layout != Layout::BlankDropped {
        // Written at the end of their tables: section 二's first.
        let mut in_order: Vec<&zfxxgk::ExtraRow> = r.extra_rows.iter().collect();
        in_order.sort_by_key(|e| e.table != TableKind::Proactive);
        let extras: Vec<(String, Vec<(Value, u8)>)> = in_order
            .iter()
            .map(|e| {
                (
                    e.label.value.clone(),
                    e.cells.iter().map(|c| written(c.value)).collect(),
                )
            })
            .collect();
        let back: Vec<(String, Vec<(Value, u8)>)> = parsed
            .extra_rows
            .iter()
            .map(|e| {
                let label: String = e
                    .label
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                (label, e.cells.iter().map(|c| written(c.value)).collect())
            })
            .collect();
        if noise.is_none() {
            prop_assert_eq!(back, extras, "{}", context());
        } else {
            prop_assert_eq!(back.len(), extras.len(), "{}", context());
        }
        let p2 = parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::P2)
            .count();
        prop_assert_eq!(p2, r.extra_rows.len());
    }
    Ok(())
}

/// The first line where two texts differ, with its neighbours.
fn first_difference(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let around = |l: &[&str]| l[i.saturating_sub(3)..(i + 3).min(l.len())].join("\n");
    format!(
        "line {}:\n--- first ---\n{}\n--- second ---\n{}",
        i + 1,
        around(&la),
        around(&lb)
    )
}

proptest! {
    #![proptest_config(config(CASES))]

    /// Generated reports × every layout, clean.
    #[test]
    fn generated_reports_read_back(r in any_report(), layout in select(LAYOUTS.to_vec())) {
        check(&r, layout, None)?;
    }

    /// Generated reports × every layout × random noise.
    #[test]
    fn noisy_copies_read_back(
        r in any_report(),
        layout in select(LAYOUTS.to_vec()),
        n in any_noise(),
    ) {
        check(&r, layout, Some(&n))?;
    }

    /// `render(parse(render(r))) == render(r)`; with blank cells dropped, a row with a blank
    /// comes back missing, so the text is stable from the second writing on.
    #[test]
    fn rendering_is_idempotent(r in any_report(), layout in select(LAYOUTS.to_vec())) {
        let once = render(&r, layout);
        let twice = render(&parse(&once).expect("rendered text parses"), layout);
        if layout == Layout::BlankDropped {
            let thrice = render(&parse(&twice).expect("rendered text parses"), layout);
            prop_assert!(thrice == twice, "{}", first_difference(&twice, &thrice));
            let blanks = r.cells().iter().any(|(_, c)| c.value == Value::Blank);
            if !blanks {
                prop_assert!(twice == once, "{}", first_difference(&once, &twice));
            }
        } else {
            prop_assert!(twice == once, "{}", first_difference(&once, &twice));
        }
    }

    /// The corpus reports, rendered and noised, read back.
    #[test]
    fn noisy_corpus_copies_read_back(
        i in 0..CORPUS.len(),
        layout in select(LAYOUTS.to_vec()),
        n in any_noise(),
    ) {
        let r = parse(CORPUS[i].1).expect("corpus report");
        check(&r, layout, Some(&n))?;
    }
}

/// The five corpus reports: parse → render → parse gives the same cells, in every layout that
/// keeps blank cells; with blank cells dropped every value that comes back is the right one.
#[test]
fn corpus_reports_survive_a_round_trip() {
    for (name, text) in CORPUS {
        let r = parse(text).unwrap();
        for layout in LAYOUTS {
            check(&r, layout, None).unwrap_or_else(|e| panic!("{name} {layout:?}: {e}"));
            let out = render(&r, layout);
            let back = parse(&out).unwrap();
            assert_eq!(back.meta_values(), r.meta_values(), "{name} {layout:?}");
            // Idempotent (from the second writing on, with blank cells dropped).
            let again = render(&back, layout);
            if layout == Layout::BlankDropped {
                assert_eq!(render(&parse(&again).unwrap(), layout), again, "{name}");
            } else {
                assert_eq!(again, out, "{name} {layout:?}");
            }
        }
    }
}

/// Exact values of one corpus report through every layout.
#[test]
fn corpus_004_in_every_layout() {
    let r = parse(CORPUS[4].1).unwrap();
    for layout in LAYOUTS {
        let back = parse(&render(&r, layout)).unwrap();
        let cell = |k: &str| back.cell(k).unwrap().value.to_string();
        assert_eq!(cell("proactive.penalty.prev_items"), "5");
        assert_eq!(cell("proactive.penalty.change"), "4");
        assert_eq!(cell("proactive.procurement.amount"), "20044679 元");
        assert_eq!(cell("review.total"), "0");
        let blank_or_missing = if layout == Layout::BlankDropped {
            "missing"
        } else {
            "blank"
        };
        assert_eq!(
            cell("applications.new_received.natural_person"),
            blank_or_missing
        );
        assert_eq!(
            back.metadata.agency.as_ref().unwrap().value,
            "石家庄市商务局"
        );
    }
}

/// Every kind of noise at once, on a few seeds, in every layout.
#[test]
fn all_noise_at_once() {
    let r = parse(CORPUS[0].1).unwrap();
    for seed in 0..8 {
        for layout in LAYOUTS {
            check(&r, layout, Some(&Noise::all(seed))).unwrap();
        }
    }
}

/// The noise does what it says: each kind leaves its mark on the text (and the text still
/// reads back, as `all_noise_at_once` shows).
#[test]
fn noise_leaves_its_marks() {
    let r = parse(CORPUS[4].1).unwrap();
    let mut seen_tail = [false; 3];
    for seed in 0..16 {
        for (li, layout) in LAYOUTS.into_iter().enumerate() {
            let clean = render(&r, layout);
            let text = noise::apply(&clean, layout, &Noise::all(seed));
            assert!(text.starts_with('\u{feff}'));
            assert!(text.contains("\r\n"));
            assert!(!text.replace("\r\n", "").contains('\n'));
            assert_ne!(text, clean);
            seen_tail[li] |= !text.contains("重新出具已获取信息") && text.contains("已获取信息");
            // Nothing noise-free stays: the same text with no noise at all is the clean one.
            let quiet = noise::apply(&clean, layout, &Noise::default());
            assert!(quiet == clean, "{}", first_difference(&clean, &quiet));
        }
    }
    assert_eq!(seen_tail, [true; 3]);
    let tab = render(&r, Layout::TabSeparated);
    let marks = |f: fn(&mut Noise)| {
        let mut n = Noise::default();
        f(&mut n);
        (0..16)
            .map(|seed| {
                n.seed = seed;
                noise::apply(&tab, Layout::TabSeparated, &n)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(marks(|n| n.full_width = true).contains('０'));
    assert!(marks(|n| n.number_forms = true).contains("20,044,679"));
    assert!(marks(|n| n.blank_forms = true).contains("\t/\t"));
    assert!(marks(|n| n.surplus_cells = true)
        .contains("\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"));
    assert!(marks(|n| n.variants = true).contains("社会组织"));
    assert!(marks(|n| n.ascii_punctuation = true).contains("第二十条第(一)"));
    assert!(marks(|n| n.furniture = true).contains("收起"));
    assert!(marks(|n| n.cut_rows = true).contains("\n规章\n0\t0\t0\n"));
    assert!(marks(|n| n.trailing_tabs = true).contains("情况\t\n"));
    let broken = render(&r, Layout::LineBroken);
    let mut n = Noise {
        broken_headers: true,
        ..Noise::default()
    };
    let any_broken = (0..16).any(|seed| {
        n.seed = seed;
        noise::apply(&broken, Layout::LineBroken, &n).contains("\t本年新\n")
            || noise::apply(&broken, Layout::LineBroken, &n).contains("\t上一年\n")
    });
    assert!(any_broken);
}

/// Extra rows are written when they can be read back as extra rows: a number among their
/// cells and a label that reads as a label. Damaged copies gave labels `\0` (written as an
/// empty cell) and `000000000元` (read back as a value): the values of both went to the row
/// above.
#[test]
fn extra_rows_are_written_when_they_read_back() {
    use common::reports::spanned;
    use zfxxgk::{Cell, ExtraRow, Template};
    let mut r = AnnualReport::empty(Template::T2019);
    let extra = |label: &str, v: i64| ExtraRow {
        table: TableKind::Applications,
        label: spanned(label.to_string()),
        cells: vec![Cell::new(Value::Blank), Cell::new(Value::Count(v))],
    };
    r.extra_rows = vec![
        extra("\0", 1),
        extra("12", 2),
        extra("000000000元", 4),
        extra("其中：网上申请", 3),
    ];
    for layout in LAYOUTS {
        let text = render(&r, layout);
        assert!(text.contains("其中：网上申请"));
        assert!(!text.contains('\0') && !text.contains("\n12\n") && !text.contains("\n12\t"));
        assert!(!text.contains("000000000元"));
        let back = parse(&text).unwrap();
        let as_written = |r: &AnnualReport| -> Vec<(&str, (Value, u8))> {
            values(r)
                .into_iter()
                .map(|(k, v)| (k, written(v)))
                .collect()
        };
        assert_eq!(as_written(&back), as_written(&r), "{layout:?}");
        assert_eq!(back.extra_rows.len(), 1, "{layout:?}");
        assert_eq!(
            back.extra_rows[0].cells.last().unwrap().value,
            Value::Count(3)
        );
    }
}
