//! The corpus of real reports against their hand-checked flat forms, layouts rewritten by hand,
//! span invariants, and texts that are not reports.

use zfxxgk::{parse, Code, ErrorKind, Layout, SectionKind, Template, Value};

mod common;

// Every template cell's key and value (spans left out), with the scale of an amount: `Value`'s
// `==` is numeric (`3.5 == 3.50`), and the cells must come back as written.
use common::written_values as values;

const CORPUS: [(&str, &str, &str); 5] = [
    (
        "000",
        include_str!("fixtures/000.txt"),
        include_str!("fixtures/000.tsv"),
    ),
    (
        "001",
        include_str!("fixtures/001.txt"),
        include_str!("fixtures/001.tsv"),
    ),
    (
        "002",
        include_str!("fixtures/002.txt"),
        include_str!("fixtures/002.tsv"),
    ),
    (
        "003",
        include_str!("fixtures/003.txt"),
        include_str!("fixtures/003.tsv"),
    ),
    (
        "004",
        include_str!("fixtures/004.txt"),
        include_str!("fixtures/004.tsv"),
    ),
];

#[test]
fn corpus_matches_expected_flat_form_line_for_line() {
    for (name, text, expected) in CORPUS {
        let report = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let flat = report.to_flat();
        let got: Vec<&str> = flat.lines().collect();
        let want: Vec<&str> = expected.lines().collect();
        assert_eq!(got.len(), want.len(), "{name}: line count");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{name}: line {}", i + 1);
        }
    }
}

#[test]
fn corpus_metadata() {
    let meta: Vec<[String; 4]> = CORPUS
        .iter()
        .map(|(_, t, _)| parse(t).unwrap().meta_values())
        .collect();
    assert_eq!(
        meta[0],
        ["天津市宁河区商务局", "2020", "2019", "2021-02-18"]
    );
    assert_eq!(meta[1], ["利辛县商务局", "2020", "2019", "missing"]);
    assert_eq!(meta[2], ["湛河区商务局", "2021", "2021", "missing"]);
    assert_eq!(meta[3], ["尧都区商务局", "2020", "2019", "missing"]);
    assert_eq!(meta[4], ["石家庄市商务局", "2020", "2019", "missing"]);
}

#[test]
fn corpus_sections_and_headings() {
    let r = parse(CORPUS[1].1).unwrap();
    let headings: Vec<&str> = r
        .sections
        .iter()
        .map(|s| s.heading.value.as_str())
        .collect();
    // 001 has no section 六 and its own wording for 一.
    assert_eq!(
        headings,
        [
            "一、工作情况:",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况"
        ]
    );
    // Page furniture after the report belongs to no section.
    let last = &r.sections[4].text.value;
    assert!(last.ends_with("经受得起历史考验。"), "{last}");
    // 000's section 六 ends before the signature.
    let r = parse(CORPUS[0].1).unwrap();
    assert_eq!(r.sections[5].text.value, "    无");
    // 004: `（二）主动公开政府信息情况` inside section 一 is not a heading.
    let r = parse(CORPUS[4].1).unwrap();
    assert_eq!(r.sections.len(), 6);
    assert_eq!(r.sections[1].heading.span.line, 33);
    assert!(r.sections[0]
        .text
        .value
        .contains("（二）主动公开政府信息情况"));
}

#[test]
fn corpus_diagnostics() {
    let codes = |i: usize| -> Vec<(Code, usize)> {
        parse(CORPUS[i].1)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| (d.code, d.keys.len()))
            .collect()
    };
    assert_eq!(codes(0), []);
    // 001: every value lost; one diagnostic per table, naming every cell.
    assert_eq!(codes(1), [(Code::P1, 22), (Code::P1, 161), (Code::P1, 15)]);
    // 002: 20 rows of 11 zeros for 7 columns; 2 rows with a single value at the right end.
    assert_eq!(codes(2), [(Code::P3, 140), (Code::P4, 14)]);
    assert_eq!(codes(3), []);
    assert_eq!(codes(4), [(Code::P4, 147), (Code::P3, 15)]);
}

#[test]
fn lost_values_are_missing_never_zero() {
    let r = parse(CORPUS[1].1).unwrap();
    assert!(r.cells().iter().all(|(_, c)| c.value == Value::Missing));
    // The labels were still bound.
    assert_eq!(
        r.row("applications.not_processed.reissue")
            .unwrap()
            .label()
            .unwrap()
            .span
            .line,
        69
    );
}

#[test]
fn label_tails_join_their_row() {
    let r = parse(CORPUS[4].1).unwrap();
    let l = r
        .row("applications.not_processed.reissue")
        .unwrap()
        .label()
        .unwrap();
    assert_eq!(l.value, "5. 要求行政机关确认或重新出具已获取信息");
    assert_eq!((l.span.line, l.span.column), (78, 3));
}

#[test]
fn same_report_in_another_layout_gives_the_same_cells() {
    let pairs = [
        (
            CORPUS[4].1,
            include_str!("fixtures/layouts/004_line_broken.txt"),
        ),
        (
            CORPUS[0].1,
            include_str!("fixtures/layouts/000_tab_separated.txt"),
        ),
    ];
    for (original, rewritten) in pairs {
        let a = parse(original).unwrap();
        let b = parse(rewritten).unwrap();
        assert_eq!(values(&a), values(&b));
        assert_eq!(a.meta_values(), b.meta_values());
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
    }
}

/// Folds full-width digits and signs, drops padding: what a count cell's text says.
fn plain(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '－' => Some('-'),
            '，' | ',' => None,
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect()
}

#[test]
fn every_span_slices_the_text_its_value_came_from() {
    let mut texts: Vec<&str> = CORPUS.iter().map(|c| c.1).collect();
    texts.push(include_str!("fixtures/layouts/004_line_broken.txt"));
    texts.push(include_str!("fixtures/layouts/000_tab_separated.txt"));
    let mut checked = 0;
    for text in texts {
        let r = parse(text).unwrap();
        for (key, cell) in r.cells() {
            let Some(span) = cell.span else {
                assert!(matches!(cell.value, Value::Missing | Value::Blank), "{key}");
                continue;
            };
            let slice = &text[span.range()];
            match cell.value {
                Value::Count(n) => assert_eq!(plain(slice), n.to_string(), "{key}"),
                Value::Amount(a) => {
                    assert_eq!(
                        plain(slice).trim_end_matches(['万', '元']),
                        a.value.to_string(),
                        "{key}"
                    )
                }
                Value::Blank => assert!(
                    slice.trim().is_empty() || ["—", "-", "/", "无"].contains(&slice.trim()),
                    "{key}: {slice:?}"
                ),
                Value::Missing => panic!("{key}: a missing cell has a span"),
            }
            // Line and column agree with the byte offset.
            let before = &text[..span.start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(
                (span.line as usize, span.column as usize),
                (line, column),
                "{key}"
            );
            checked += 1;
        }
        for def in r.template().rows() {
            if let Some(l) = r.row(def.key).and_then(|row| row.label()) {
                assert!(l.value.starts_with(&text[l.span.range()]), "{}", def.key);
                let before = &text[..l.span.start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
                assert_eq!(
                    (l.span.line as usize, l.span.column as usize),
                    (line, column),
                    "{}",
                    def.key
                );
            }
        }
    }
    // Cells with a span: all 198 of template 2019 in 000, 003 and the two rewritten layouts;
    // none in 001 (lost); 002 and 004 less the applicant cells of their rows with a single
    // value at the right end (2 and 21 rows × 6 blanks with no cell of their own).
    assert_eq!(checked, 198 * 4 + (200 - 2 * 6) + (198 - 21 * 6));
}

#[test]
fn not_a_report_is_a_clear_error() {
    for (text, kind) in [
        ("", ErrorKind::Empty),
        ("  \n\u{3000}\n", ErrorKind::Empty),
        (include_str!("../README.md"), ErrorKind::NotAReport),
        (include_str!("../Cargo.toml"), ErrorKind::NotAReport),
        ("一、总体情况\n今年无。", ErrorKind::NotAReport),
    ] {
        let e = parse(text).unwrap_err();
        assert_eq!(e.kind(), kind);
    }
    let e = parse("hello").unwrap_err();
    assert_eq!(
        e.to_string(),
        "not an annual report: looked for a title (…年…政府信息公开工作…报告) and the section headings (一、总体情况 … 六、其他需要报告的事项); found no title and 0 of 6 headings"
    );
    // Random bytes read lossily.
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let bytes: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(parse(&text).unwrap_err().kind(), ErrorKind::NotAReport);
}

#[test]
fn from_str_and_template_from_tables() {
    let r: zfxxgk::AnnualReport = CORPUS[2].1.parse().unwrap();
    assert_eq!(r.template(), Template::T2021);
    assert_eq!(
        r.cell("proactive.fees.amount").unwrap().value.to_string(),
        "0 万元"
    );
    let _ = Layout::TabSeparated;
}

#[test]
fn a_value_row_too_wide_to_place_is_missing_never_blank() {
    // Section 四's value row of corpus 004, preceded by 300 empty cells: the surplus rule would
    // need cells beyond what a row can hold, so the values stay missing.
    let text = CORPUS[4].1.replace(
        "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
        &format!("\n{}{}\n", "\t".repeat(300), "0\t".repeat(16)),
    );
    assert_ne!(text, CORPUS[4].1);
    let r = parse(&text).unwrap();
    assert_eq!(r.cell("review.total").unwrap().value, Value::Missing);
    assert_eq!(
        r.cell("litigation_after_review.upheld").unwrap().value,
        Value::Missing
    );
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == Code::P1 && d.keys.iter().any(|k| k == "review.total")));
}

#[test]
fn agency_after_the_year_in_the_title() {
    let text = CORPUS[3].1.replacen(
        "尧都区商务局 \n2020年政府信息公开工作年度报告",
        "2020年度尧都区商务局政府信息公开工作年度报告",
        1,
    );
    assert_ne!(text, CORPUS[3].1);
    let r = parse(&text).unwrap();
    let agency = r.metadata.agency.unwrap();
    assert_eq!(agency.value, "尧都区商务局");
    assert_eq!(&text[agency.span.range()], "尧都区商务局");
    assert_eq!(r.metadata.year.unwrap().value, 2020);
}

#[test]
fn narrative_on_the_heading_line() {
    let text = CORPUS[0]
        .1
        .replacen("一、总体情况\n2020年，", "一、总体情况：2020年，", 1);
    assert_ne!(text, CORPUS[0].1);
    let r = parse(&text).unwrap();
    let s = &r.sections[0];
    assert_eq!(s.heading.value, "一、总体情况：");
    assert!(
        s.text.value.starts_with("2020年，商务局认真落实"),
        "{}",
        s.text.value
    );
    assert!(s.text.value.ends_with("各类工作信息46条。"));
    assert_eq!(&text[s.text.span.range()], s.text.value);
    assert_eq!((s.text.span.line, s.text.span.column), (3, 8));
    assert_eq!(r.to_flat(), parse(CORPUS[0].1).unwrap().to_flat());
}

/// Sections 二 … 五 of every corpus report in every order: each section is read where it
/// stands, so every cell has the value it has in the report as published, and `R6` names each
/// section that stands after a later one.
#[test]
fn sections_out_of_order_are_read_where_they_stand() {
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        let starts: Vec<usize> = r.sections.iter().map(|s| s.heading.span.start).collect();
        if starts.len() != 6 {
            // 001 has no section 六.
            assert_eq!((name, starts.len()), ("001", 5));
            continue;
        }
        let want = values(&r);
        let blocks: Vec<&str> = (1..5).map(|i| &text[starts[i]..starts[i + 1]]).collect();
        let mut orders = 0;
        for a in 0..4 {
            for b in 0..4 {
                if a == b {
                    continue;
                }
                // Section a moved before section b (or after it).
                let mut order: Vec<usize> = (0..4).filter(|&i| i != a).collect();
                let at = order.iter().position(|&i| i == b).unwrap();
                order.insert(at, a);
                let mut moved = text[..starts[1]].to_string();
                for &i in &order {
                    moved.push_str(blocks[i]);
                }
                moved.push_str(&text[starts[5]..]);
                let m = parse(&moved).unwrap();
                assert_eq!(values(&m), want, "{name}: sections in order {order:?}");
                let kinds: Vec<SectionKind> = m.sections.iter().map(|s| s.kind).collect();
                let mut expect = vec![SectionKind::General];
                expect.extend(order.iter().map(|&i| SectionKind::ALL[i + 1]));
                expect.push(SectionKind::Other);
                assert_eq!(kinds, expect, "{name}");
                // Written back, the sections keep their order and the cells their values.
                let back = parse(&zfxxgk::render(&m, Layout::TabSeparated)).unwrap();
                assert_eq!(values(&back), want, "{name}: rendered, {order:?}");
                let back_kinds: Vec<SectionKind> = back.sections.iter().map(|s| s.kind).collect();
                assert_eq!(back_kinds, expect, "{name}: rendered");
                let r6: Vec<String> = m
                    .validate()
                    .into_iter()
                    .filter(|d| d.code == Code::R6)
                    .map(|d| d.message)
                    .collect();
                // Each section after a later one than itself.
                let late = (1..4)
                    .filter(|&i| order[..i].iter().any(|&j| j > order[i]))
                    .count();
                assert_eq!(r6.len(), late, "{name} {order:?}: {r6:?}");
                orders += 1;
            }
        }
        assert_eq!(orders, 12);
    }
}

/// A table of contents (目录) that lists the headings before the report's sections, bare, with
/// page numbers on lines of their own, or with sub-entries, and followed by the report itself or
/// by a preamble: the sections are the ones with text under them, so every cell reads as without
/// the list, and no entry of the list becomes a section (corpus 001 has no section 六).
#[test]
fn a_table_of_contents_before_the_sections_changes_nothing() {
    let kinds = |r: &zfxxgk::AnnualReport| -> Vec<SectionKind> {
        r.sections.iter().map(|s| s.kind).collect()
    };
    let entry = |k: &SectionKind, i: usize, under: &str| match under {
        "page" => format!("{}\n{}\n", k.heading(), i + 1),
        "sub" => format!("{}\n（一）概述\n（二）说明\n", k.heading()),
        _ => format!("{}\n", k.heading()),
    };
    for under in ["", "page", "sub"] {
        for preamble in ["", "本报告由本机关编制，现予公布。\n"] {
            let toc: String = SectionKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| entry(k, i, under))
                .collect();
            for (name, text, _) in CORPUS {
                let r = parse(text).unwrap();
                let first = r.sections[0].heading.span.start;
                let with_toc = format!(
                    "{}目录\n{toc}\n{preamble}{}",
                    &text[..first],
                    &text[first..]
                );
                let t = parse(&with_toc).unwrap();
                let case = format!("{name}, entries with {under:?}, preamble {preamble:?}");
                assert_eq!(values(&t), values(&r), "{case}");
                assert_eq!(kinds(&t), kinds(&r), "{case}");
                let shift = with_toc.len() - text.len();
                assert_eq!(t.sections[0].heading.span.start, first + shift, "{case}");
            }
        }
    }
}

/// A section out of order whose heading stands again inside its table, as a page header of a
/// copy does: the section starts at its first heading, and every cell keeps its value.
#[test]
fn a_section_out_of_order_starts_at_its_first_heading() {
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        if r.sections.len() != 6 {
            continue;
        }
        let at = |i: usize| r.sections[i].heading.span.start;
        let (two, three, four) = (&text[at(1)..at(2)], &text[at(2)..at(3)], &text[at(3)..]);
        // 二's heading again after the first third of its lines.
        let lines: Vec<&str> = two.split_inclusive('\n').collect();
        let cut = lines.len() / 3;
        let heading = lines[0];
        let two_again: String = lines[..cut]
            .iter()
            .copied()
            .chain(std::iter::once(heading))
            .chain(lines[cut..].iter().copied())
            .collect();
        let moved = format!("{}{three}{two_again}{four}", &text[..at(1)]);
        let m = parse(&moved).unwrap();
        assert_eq!(values(&m), values(&r), "{name}");
        let two_at = m
            .section(SectionKind::Proactive)
            .unwrap()
            .heading
            .span
            .start;
        assert_eq!(two_at, at(1) + three.len(), "{name}");
    }
}

/// Two reports in one text (a page saved with another below it, a report pasted twice): the
/// first is read whole, metadata included, and `P7` names the line of the second one's title.
#[test]
fn a_second_report_in_the_text_is_named_not_read() {
    let (first, second) = (CORPUS[0].1, CORPUS[4].1);
    let alone = parse(first).unwrap();
    for (other, title, line) in [
        (second, "2020 年政府信息公开工作年度报告", 405),
        (first, "商务局2020年度政府信息公开工作年度报告", 401),
    ] {
        let both = format!("{}\n\n{other}", first.trim_end());
        let r = parse(&both).unwrap();
        assert_eq!(values(&r), values(&alone), "{title}");
        assert_eq!(r.metadata, alone.metadata, "{title}");
        assert_eq!(r.sections, alone.sections, "{title}");
        let p7: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::P7)
            .collect();
        assert_eq!(p7.len(), 1, "{title}");
        assert_eq!(
            p7[0].message,
            format!("the text holds a second report from line {line} (`{title}`); only the first is read")
        );
        assert_eq!(p7[0].primary.map(|s| s.line), Some(line as u32));
    }
    // Alone, no report has one.
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        assert!(r.diagnostics.iter().all(|d| d.code != Code::P7), "{name}");
    }
}

/// Section 四 moved after 五 (at the heading lines: 四 to 五, then 五 to 六), in a corpus report
/// that has all six; `None` for one that lacks a section.
fn four_after_five(text: &str) -> Option<String> {
    let r = parse(text).unwrap();
    let at = |k: SectionKind| r.section(k).map(|s| s.heading.span.start);
    let (four, five, six) = (
        at(SectionKind::ReviewLitigation)?,
        at(SectionKind::Problems)?,
        at(SectionKind::Other)?,
    );
    Some(format!(
        "{}{}{}{}",
        &text[..four],
        &text[five..six],
        &text[four..five],
        &text[six..]
    ))
}

/// Every pair of corpus reports in one text, the first also with its section 四 after 五: the
/// first is read as it reads alone, though the second report's headings read better than some
/// of the first one's (001 names its section 一 `工作情况` and has no 六; with 四 after 五 the
/// best chain of headings runs into the second report), and `P7` names the second title.
#[test]
fn every_pair_of_reports_reads_as_the_first_alone() {
    let mut pairs = 0;
    for (a, first, _) in CORPUS {
        for (variant, text) in [
            ("", Some(first.to_string())),
            (" (四 after 五)", four_after_five(first)),
        ] {
            let Some(text) = text else { continue };
            let alone = parse(&text).unwrap();
            for (b, second, _) in CORPUS {
                let both = format!("{}\n\n{second}", text.trim_end());
                let r = parse(&both).unwrap();
                let case = format!("{a}{variant} then {b}");
                assert_eq!(values(&r), values(&alone), "{case}");
                assert_eq!(r.metadata, alone.metadata, "{case}");
                // The sections with their text: none takes a line of the second report (its
                // agency, on the line above its title).
                assert_eq!(r.sections, alone.sections, "{case}");
                let p7: Vec<u32> = r
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == Code::P7)
                    .filter_map(|d| d.primary.map(|s| s.line))
                    .collect();
                // The line the second report's title ends on (the title may start with the
                // agency on the line above).
                let second_title = parse(second).unwrap().title.unwrap().span.end;
                let title_line = both[..text.trim_end().len() + 2 + second_title]
                    .matches('\n')
                    .count()
                    + 1;
                assert_eq!(p7, vec![title_line as u32], "{case}");
                pairs += 1;
            }
        }
    }
    assert_eq!(pairs, 45);
}

/// The report's title repeated before each section as a page header (PDF copies print it at
/// the top of every page): no second report, every cell and heading as without it.
#[test]
fn a_title_repeated_as_a_page_header_is_no_second_report() {
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        let title = r.title.as_ref().unwrap().value.clone();
        let mut paged = String::new();
        let mut from = 0;
        for s in &r.sections[1..] {
            let at = s.heading.span.start;
            paged.push_str(&text[from..at]);
            paged.push_str(&format!("{title}\n"));
            from = at;
        }
        paged.push_str(&text[from..]);
        let p = parse(&paged).unwrap();
        assert_eq!(values(&p), values(&r), "{name}");
        let kinds = |r: &zfxxgk::AnnualReport| -> Vec<SectionKind> {
            r.sections.iter().map(|s| s.kind).collect()
        };
        assert_eq!(kinds(&p), kinds(&r), "{name}");
        assert!(p.diagnostics.iter().all(|d| d.code != Code::P7), "{name}");
    }
}

/// Corpus report `name` with every count cell the parser reads written anew as a number of its
/// own (101, 102, …), so that a cell read from the wrong place shows; with the values read back.
fn numbered(name: &str) -> (String, Vec<(&'static str, Value, u8)>) {
    let text = CORPUS.iter().find(|c| c.0 == name).unwrap().1;
    let r = parse(text).unwrap();
    let mut spans: Vec<(usize, usize)> = r
        .cells()
        .into_iter()
        .filter(|(_, c)| matches!(c.value, Value::Count(_)))
        .filter_map(|(_, c)| c.span.map(|s| (s.start, s.end)))
        .collect();
    spans.sort_unstable();
    let mut out = text.to_string();
    for (i, (s, e)) in spans.iter().enumerate().rev() {
        out.replace_range(s..e, &(101 + i).to_string());
    }
    let back = parse(&out).unwrap();
    let counts = values(&back)
        .iter()
        .filter(|(_, v, _)| matches!(v, Value::Count(n) if *n > 100))
        .count();
    assert_eq!(counts, spans.len(), "{name}: every number read back");
    (out, values(&back))
}

/// What copies of line-broken tables (one cell per line) do to them, on corpus 000 and 003 with
/// a number of its own in every count cell: every line end doubled (a blank line between any
/// two lines; a row then ends at three), cell lines indented before their tab, and page numbers
/// between lines (`7` alone, `- 7 -`, `第 7 页 共 9 页`, also after a blank cell; with blank
/// lines around it and the title again as a page header, inside a row or between rows). Every
/// cell keeps its value: none is taken from the next row, the next column or a page number.
#[test]
fn line_broken_copies_keep_every_value() {
    for name in ["000", "003"] {
        let (text, want) = numbered(name);
        let indent = |pad: &str| -> String {
            text.split_inclusive('\n')
                .map(|l| match l.strip_prefix('\t') {
                    Some(rest) => format!("{pad}\t{rest}"),
                    None => l.to_string(),
                })
                .collect()
        };
        let title = parse(&text).unwrap().title.unwrap().value;
        let paged = |page: &str| -> String {
            let page = page.replace("{TITLE}", title.lines().last().unwrap());
            text.split_inclusive('\n')
                .enumerate()
                .map(|(i, l)| {
                    if i % 7 == 6 {
                        format!("{l}{page}\n")
                    } else {
                        l.to_string()
                    }
                })
                .collect()
        };
        let variants = [
            ("line ends doubled", text.replace('\n', "\n\n")),
            ("indented with spaces", indent("    ")),
            ("indented with U+3000", indent("\u{3000}")),
            ("page number alone", paged("7")),
            ("page number in dashes", paged("- 7 -")),
            ("page of pages", paged("第 7 页 共 9 页")),
            // A page break as PDF text has it: blank lines around the page number, the title
            // again as the next page's header.
            ("page break", paged("\n— 7 —\n")),
            (
                "page break with a header",
                paged("第7页，共16页\n\n{TITLE}"),
            ),
        ];
        for (what, variant) in variants {
            let r = parse(&variant).unwrap();
            assert_eq!(values(&r), want, "{name}, {what}");
        }
    }
}

/// A page's links to the report's sections after the report (相关链接, then the six headings):
/// page furniture, so the signature and every cell read as without them.
#[test]
fn links_to_the_sections_after_the_report_are_furniture() {
    let links: String = SectionKind::ALL
        .iter()
        .map(|k| format!("{}\n", k.heading()))
        .collect();
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        let with_links = format!("{}\n\n相关链接\n{links}", text.trim_end());
        let t = parse(&with_links).unwrap();
        assert_eq!(values(&t), values(&r), "{name}");
        assert_eq!(t.metadata, r.metadata, "{name}");
        assert_eq!(t.sections, r.sections, "{name}");
    }
}

/// A section's heading again inside its table, as a page header of a copy from a PDF: no cell,
/// whatever line of the table it interrupts (a row of one cell per line included).
#[test]
fn a_heading_repeated_inside_a_table_is_no_cell() {
    for (name, text, _) in CORPUS {
        let r = parse(text).unwrap();
        let three = r.section(SectionKind::Applications).unwrap();
        let heading = format!("{}\n", &three.heading.value);
        let body_start = three.heading.span.end + 1;
        let body_end = r
            .section(SectionKind::ReviewLitigation)
            .unwrap()
            .heading
            .span
            .start;
        let lines: Vec<usize> = text[body_start..body_end]
            .match_indices('\n')
            .map(|(i, _)| body_start + i + 1)
            .collect();
        for at in [
            lines[lines.len() / 3],
            lines[lines.len() / 2],
            lines[2 * lines.len() / 3],
        ] {
            let with_header = format!("{}{heading}{}", &text[..at], &text[at..]);
            let t = parse(&with_header).unwrap();
            assert_eq!(values(&t), values(&r), "{name}: header at byte {at}");
        }
    }
}

/// The report's metadata as text: agency, year, template, published.
fn meta(text: &str) -> [String; 4] {
    parse(text).unwrap().meta_values()
}

/// Lines near the title and the signature that are the report's own, not page furniture, and
/// lines that are no agency: a date above a title is no agency (over blank lines or not), nor a
/// line five blank lines above it; a report's contact line above its signature stays in its
/// section and the signature below it is read; a date written with slashes after the agency
/// stays in the section's text.
#[test]
fn dates_contacts_and_distances_near_the_title_and_the_signature() {
    let (_, t3, _) = CORPUS[3];
    for above in [
        "2021年1月15日\n",
        "2021年1月15日\n\n\n\n",
        "尧都区商务局 \n\n\n\n\n\n",
    ] {
        let text = t3.replacen("尧都区商务局 \n", above, 1);
        assert_ne!(text, t3);
        assert_eq!(meta(&text)[0], "missing", "{above:?}");
    }
    // Over four blank lines (a copy that doubled its line ends has three), the name is read.
    let doubled = t3.replacen("尧都区商务局 \n", "尧都区商务局 \n\n\n\n\n", 1);
    assert_eq!(meta(&doubled)[0], "尧都区商务局");

    let (_, t0, _) = CORPUS[0];
    let alone = parse(t0).unwrap();
    let six = |r: &zfxxgk::AnnualReport| r.section(SectionKind::Other).unwrap().text.value.clone();
    let contact = "联系地址：宁河区芦台镇光明路1号，联系电话：022-69591234";
    let with_contact = t0.replacen(
        "                                天津市宁河区商务局",
        &format!("{contact}\n                                天津市宁河区商务局"),
        1,
    );
    assert_ne!(with_contact, t0);
    let r = parse(&with_contact).unwrap();
    assert_eq!(r.meta_values(), alone.meta_values());
    assert_eq!(six(&r), format!("{}\n\n{contact}", six(&alone)));

    let slashed = t0.replacen(
        "                                 2021年2月18日",
        "天津市宁河区商务局　　2021/2/18",
        1,
    );
    assert_ne!(slashed, t0);
    let r = parse(&slashed).unwrap();
    assert!(six(&r).ends_with("2021/2/18"), "{}", six(&r));

    // Two reports, the second titled without its agency: the first keeps its signature's date.
    let second = t0.replacen("商务局2020年度", "2020年度", 1);
    let both = format!("{}\n\n{second}", t0.trim_end());
    assert_eq!(meta(&both), alone.meta_values());
}

/// What a page puts after a report's signature: a toolbar and the page's own date, share links,
/// a block of related sites' names. The signature stays the report's, and the section's text
/// ends where the report does; a breadcrumb of slashes ending in the title is no title.
#[test]
fn a_page_after_the_signature_leaves_the_signature_alone() {
    let (_, t0, _) = CORPUS[0];
    let alone = parse(t0).unwrap();
    let six = |r: &zfxxgk::AnnualReport| r.section(SectionKind::Other).unwrap().text.value.clone();
    for tail in [
        "【打印本页】 【关闭窗口】\n2021-03-01",
        "分享到：微信 微博\n收起\n2021年3月1日",
        "相关链接\n天津市人民政府\n天津市商务局\n宁河区人民政府",
        "相关链接\n首页\n政务服务中心",
    ] {
        let text = format!("{}\n\n{tail}\n", t0.trim_end());
        let r = parse(&text).unwrap();
        assert_eq!(r.meta_values(), alone.meta_values(), "{tail}");
        assert_eq!(six(&r), six(&alone), "{tail}");
    }
    let crumbs =
        format!("政务公开/政府信息公开年报/宁河区商务局2020年度政府信息公开工作年度报告\n{t0}");
    let r = parse(&crumbs).unwrap();
    assert_eq!(
        r.title.clone().map(|t| t.value),
        Some("商务局2020年度政府信息公开工作年度报告".to_string())
    );
    assert_eq!(r.meta_values(), alone.meta_values());
}

/// A value cell written so that it cannot be read (`5（件）`, `12%`, `2\u{200b}8`, a note in it),
/// in a row that ends with an empty cell (as office suites export rows): it is no second label
/// cell, so no value moves to another column; the row's values are missing, with `P1`.
#[test]
fn an_unreadable_value_moves_no_other_value() {
    let (_, t4, _) = CORPUS[4];
    let alone = parse(t4).unwrap();
    for cell in ["5（件）", "12%", "5\u{200b}0", "5（含转办1件）"] {
        let text = t4.replacen(
            "行政处罚\t5\t4\t1\n",
            &format!("行政处罚\t{cell}\t4\t1\t\n"),
            1,
        );
        assert_ne!(text, t4);
        let r = parse(&text).unwrap();
        for key in [
            "proactive.penalty.prev_items",
            "proactive.penalty.change",
            "proactive.penalty.decisions",
        ] {
            assert_eq!(r.cell(key).unwrap().value, Value::Missing, "{cell} {key}");
        }
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == Code::P1
                    && d.keys.iter().any(|k| k.starts_with("proactive.penalty"))),
            "{cell}"
        );
        // Every other cell reads as without the edit.
        let others = |r: &zfxxgk::AnnualReport| -> Vec<_> {
            values(r)
                .into_iter()
                .filter(|(k, ..)| !k.starts_with("proactive.penalty"))
                .collect()
        };
        assert_eq!(others(&r), others(&alone), "{cell}");
    }
    // A label that starts with digits stays a label.
    let text = t4.replacen("行政处罚\t5\t4\t1\n", "12345热线\t5\t4\t1\n", 1);
    let r = parse(&text).unwrap();
    assert!(r.extra_rows.iter().any(|x| x.label.value == "12345热线"));
}

/// Lines ended by `\r` alone (old Mac OS): every report reads as with `\n`, every cell at the
/// same place (line and column too: `\r` and `\n` are one byte each).
#[test]
fn lines_ended_by_cr_alone() {
    for (name, text, _) in CORPUS {
        let alone = parse(text).unwrap();
        let cr = text.replace("\r\n", "\n").replace('\n', "\r");
        if cr.len() != text.len() {
            continue;
        }
        let r = parse(&cr).unwrap();
        assert_eq!(r.meta_values(), alone.meta_values(), "{name}");
        assert_eq!(r.cells(), alone.cells(), "{name}");
    }
}

/// A soft hyphen (U+00AD, invisible, left by word processors) inside a label or before the
/// agency's name is no character of either.
#[test]
fn a_soft_hyphen_is_invisible() {
    let (_, t3, _) = CORPUS[3];
    let text = t3.replacen("（七）总计", "（七）总\u{ad}计", 1);
    assert_ne!(text, t3);
    assert_eq!(values(&parse(&text).unwrap()), values(&parse(t3).unwrap()));
    let (_, t0, _) = CORPUS[0];
    let text = t0.replacen(
        "                                天津市宁河区商务局",
        "\u{ad}      天津市宁河区商务局",
        1,
    );
    assert_ne!(text, t0);
    assert_eq!(meta(&text)[0], "天津市宁河区商务局");
}

/// Section 三's header rows again in the middle of its table (a copy repeats a table's header
/// rows on each page): the table reads as without them; `总计` there is a column's header, not
/// the row (七)总计.
#[test]
fn header_rows_repeated_inside_a_table_change_nothing() {
    let mut tried = 0;
    for (name, text, _) in CORPUS {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let Some(three) = lines.iter().position(|l| l.starts_with("三、收到和处理")) else {
            continue;
        };
        let Some(first_row) = lines.iter().position(|l| l.contains("本年新收")) else {
            continue;
        };
        let Some(at) = lines.iter().position(|l| l.contains("保护第三方")) else {
            continue;
        };
        // The row boundary before that row: the line after a blank line (one cell a line), or
        // the row's own line.
        let at = (three..at)
            .rev()
            .find(|&i| lines[i].trim().is_empty())
            .filter(|&i| lines[i + 1..at].iter().all(|l| l.starts_with('\t')))
            .map_or(at, |i| i + 1);
        let header: String = lines[three + 1..first_row].concat();
        let repeated: String = lines[..at]
            .iter()
            .copied()
            .chain(std::iter::once(header.as_str()))
            .chain(lines[at..].iter().copied())
            .collect();
        assert_ne!(repeated, text);
        let r = parse(&repeated).unwrap();
        assert_eq!(values(&r), values(&parse(text).unwrap()), "{name}");
        tried += 1;
    }
    assert!(tried >= 4, "{tried}");
}

/// `万` alone after a number is 万元 in a column of money, and no unit a count column can take
/// (ten thousands of documents?): such a count is missing, not an amount.
#[test]
fn wan_alone_is_money_only_where_money_is_counted() {
    let (_, t4, _) = CORPUS[4];
    let text = t4
        .replacen("规范性文件\t2\t2\t4", "规范性文件\t2\t2\t1.2万", 1)
        .replacen("20044679 元", "3.5万", 1);
    assert_ne!(text, t4);
    let r = parse(&text).unwrap();
    let value = |k: &str| r.cell(k).unwrap().value;
    assert_eq!(
        value("proactive.normative_docs.total_published"),
        Value::Missing
    );
    assert_eq!(
        value("proactive.procurement.amount").to_string(),
        "3.5 万元"
    );
}

/// A web page around each report, as a browser copies it: a menu, a breadcrumb, a header with
/// the title again and the page's metadata above the report; share links, a footer (owner,
/// registration, contact) and the menu again below it. Every report reads as alone, metadata
/// and signature included (003 and 004 have their agency on the line above their title, under
/// the page's header).
#[test]
fn a_web_page_around_the_report_changes_nothing() {
    let footer = "分享到：微信 微博 QQ空间\n【打印本页】 【关闭窗口】\n相关链接\n\
        版权所有：某某区人民政府办公室  主办单位：某某区人民政府\n\
        网站标识码：4104110002  豫ICP备12003456号-1  豫公网安备 41041102000123号\n\
        联系电话：0375-2345678  地址：某某区某某大道36号  邮编：467000\n\
        技术支持：某某网络  推荐使用1366*768分辨率\n\
        首页 | 政务公开 | 政务服务 | 互动交流 | 走进本区\n";
    for (name, text, _) in CORPUS {
        let alone = parse(text).unwrap();
        let title = alone.title.as_ref().unwrap();
        let title_line = title.value.lines().last().unwrap();
        let header = format!(
            "首页 | 政务公开 | 政务服务 | 互动交流 | 走进本区\n\
             当前位置：首页 > 政务公开 > 政府信息公开年报 > 部门年报\n\n\
             【字体：大 中 小】  打印\n{title_line}\n\
             发布时间：2021-01-15 09:32  来源：区商务局  浏览次数：1285\n\n"
        );
        let page = format!("{header}{}\n\n{footer}", text.trim_end());
        let r = parse(&page).unwrap();
        assert_eq!(r.meta_values(), alone.meta_values(), "{name}");
        assert_eq!(values(&r), values(&alone), "{name}");
        let texts = |r: &zfxxgk::AnnualReport| -> Vec<String> {
            r.sections.iter().map(|s| s.text.value.clone()).collect()
        };
        assert_eq!(texts(&r), texts(&alone), "{name}");
    }
}

/// A site's menu and breadcrumb above the title are no title and no agency: 002 reads as
/// alone, and a menu standing where the agency was above a title without one leaves the agency
/// missing.
#[test]
fn site_navigation_above_the_title_is_no_title_and_no_agency() {
    let (_, text, _) = CORPUS[2];
    let alone = parse(text).unwrap();
    for nav in [
        "首页 | 政务公开 | 政务服务 | 互动交流 | 走进本区\n当前位置：首页 > 政务公开 > 政府信息公开年报\n\n\n",
        "当前位置：首页 > 政务公开 > 政府信息公开年报\n\n\n",
        "首页 > 政务公开 > 2021年政府信息公开工作年度报告\n",
        "您的位置：首页》政务公开》政府信息公开年报\n",
        // A line naming the subject without a year (a page's column) before the real title.
        "政府信息公开年报\n\n",
    ] {
        let navigated = format!("{nav}{text}");
        let r = parse(&navigated).unwrap();
        assert_eq!(
            r.meta_values(),
            ["湛河区商务局", "2021", "2021", "missing"],
            "{nav}"
        );
        assert_eq!(
            r.title.as_ref().map(|t| t.value.as_str()),
            Some("湛河区商务局2021年政府信息公开工作年度报告"),
            "{nav}"
        );
        assert_eq!(values(&r), values(&alone), "{nav}");
    }
    // 004's agency stands on the line above its title: a menu or breadcrumb there is none.
    let (_, text, _) = CORPUS[4];
    for nav in [
        "首页 | 政务公开 | 政务服务 | 互动交流 | 走进本区",
        "首页 > 政务公开 > 年度报告",
        "首页 政务公开 政务服务 互动交流",
        "政务公开/年度报告/商务局",
    ] {
        let navigated = text.replacen("石家庄市商务局\n", &format!("{nav}\n"), 1);
        assert_ne!(navigated, text);
        assert_eq!(
            meta(&navigated),
            ["missing", "2020", "2019", "missing"],
            "{nav}"
        );
    }
}

/// A web page's metadata about the report (its date, source, counters, font buttons) is no
/// agency and no date: under the title it changes nothing; above a title without an agency it
/// is no agency.
#[test]
fn page_metadata_around_the_title_is_no_agency_and_no_date() {
    let block = "发布时间：2021-01-15 来源：石家庄市商务局 浏览次数：123\n【字体：大 中 小】\n";
    for (i, title) in [
        (0, "商务局2020年度政府信息公开工作年度报告\n"),
        (4, "2020 年政府信息公开工作年度报告\n"),
    ] {
        let (_, text, _) = CORPUS[i];
        let under = text.replacen(title, &format!("{title}{block}"), 1);
        assert_ne!(under, text);
        assert_eq!(meta(&under), meta(text), "{i}");
        assert_eq!(
            values(&parse(&under).unwrap()),
            values(&parse(text).unwrap())
        );
    }
    // In 000 with its signature's date taken away, the page's date is no signature date.
    let (_, text, _) = CORPUS[0];
    let undated = text
        .replacen(
            "商务局2020年度政府信息公开工作年度报告\n",
            &format!("{block}商务局2020年度政府信息公开工作年度报告\n"),
            1,
        )
        .replacen("2021年2月18日", "", 1);
    assert_eq!(meta(&undated)[3], "missing");
    // Without colons, in the agency's place above 004's title.
    let (_, text, _) = CORPUS[4];
    for furniture in [
        "发布时间 2021-01-15 来源 石家庄市商务局 浏览次数 123",
        "字体 大 中 小",
        "【大 中 小】",
        "来源 石家庄市商务局",
    ] {
        let over = text.replacen("石家庄市商务局\n", &format!("{furniture}\n"), 1);
        assert_eq!(
            meta(&over),
            ["missing", "2020", "2019", "missing"],
            "{furniture}"
        );
    }
}

/// Blank lines between the agency and the title, however many, do not part them: 004 with
/// every blank line made three reads as 004, alone and before another report.
#[test]
fn blank_lines_between_the_agency_and_the_title() {
    let (_, text, _) = CORPUS[4];
    let doubled = text.replace("\n\n", "\n\n\n\n");
    let r = parse(&doubled).unwrap();
    let agency = r.metadata.agency.as_ref().unwrap();
    assert_eq!(agency.value, "石家庄市商务局");
    assert_eq!(&doubled[agency.span.range()], "石家庄市商务局");
    assert_eq!(r.meta_values(), meta(text));
    assert_eq!(values(&r), values(&parse(text).unwrap()));
    // After 002, the agency line above the doubled 004's title is no part of 002.
    let (_, first, _) = CORPUS[2];
    let alone = parse(first).unwrap();
    let both = format!("{}\n\n{doubled}", first.trim_end());
    let r = parse(&both).unwrap();
    assert_eq!(r.metadata, alone.metadata);
    assert_eq!(r.sections, alone.sections);
    assert_eq!(values(&r), values(&alone));
}

/// The signature's date written in numbers (`2021-02-18`, `2021.2.18`, `2021/2/18`, full-width
/// too) is the published date, with the signature's agency above it; a month or day out of
/// range is no date.
#[test]
fn signature_dates_in_numbers() {
    let (_, text, _) = CORPUS[0];
    let six = |r: &zfxxgk::AnnualReport| r.section(SectionKind::Other).unwrap().text.value.clone();
    for date in [
        "2021-02-18",
        "2021-2-18",
        "2021.2.18",
        "2021.02.18",
        "2021/2/18",
        "２０２１－０２－１８",
        "2021 - 02 - 18",
    ] {
        let dated = text.replacen("2021年2月18日", date, 1);
        assert_ne!(dated, text);
        let r = parse(&dated).unwrap();
        assert_eq!(
            r.meta_values(),
            ["天津市宁河区商务局", "2020", "2019", "2021-02-18"],
            "{date}"
        );
        let published = r.metadata.published.as_ref().unwrap();
        assert_eq!(dated[published.span.range()].trim(), date.trim(), "{date}");
        assert_eq!(six(&r), "    无", "{date}");
    }
    for not_a_date in [
        "2021-13-18",
        "2021-02-32",
        "2021-00-18",
        "2021-2.18",
        "2021-002-18",
        "1021-02-18",
        "2021-02-18-01",
        "20210218",
    ] {
        let dated = text.replacen("2021年2月18日", not_a_date, 1);
        let r = parse(&dated).unwrap();
        assert_eq!(
            r.meta_values(),
            ["商务局", "2020", "2019", "missing"],
            "{not_a_date}"
        );
    }
}

/// An agency's name alone on the report's last line, with no date under it, signs the report;
/// a last line that may end the text (`特此报告。`, `无其他需要报告的事项`, a piece of a
/// sentence, a name the title's agency is not part of) does not.
#[test]
fn an_agency_alone_at_the_end_signs_the_report() {
    let (_, text, _) = CORPUS[0];
    let undated = text.replacen("                                 2021年2月18日\n", "", 1);
    assert_ne!(undated, text);
    let r = parse(&undated).unwrap();
    assert_eq!(
        r.meta_values(),
        ["天津市宁河区商务局", "2020", "2019", "missing"]
    );
    let agency = r.metadata.agency.as_ref().unwrap();
    assert_eq!(&undated[agency.span.range()], "天津市宁河区商务局");
    assert_eq!(r.section(SectionKind::Other).unwrap().text.value, "    无");
    // 004 (its agency above the title) signed at the end.
    let (_, text4, _) = CORPUS[4];
    let signed = format!("{}\n\n          石家庄市商务局\n", text4.trim_end());
    let r = parse(&signed).unwrap();
    assert_eq!(r.meta_values(), meta(text4));
    let agency = r.metadata.agency.as_ref().unwrap();
    assert!(agency.span.start > signed.len() / 2);
    assert_eq!(r.section(SectionKind::Other).unwrap().text.value, "无");
    // Not a signature: the section keeps the line, the agency is the title's.
    let signature = "                                天津市宁河区商务局\n";
    for last in [
        "特此报告。",
        "无其他需要报告的事项",
        "本机关无其他需要报告的事项",
        "以人民为中心",
        "政府",
        "召开座谈会",
        "天津市宁河区财政局",
        "天津市 宁河区 商务局",
    ] {
        let t = undated.replacen(signature, &format!("{last}\n"), 1);
        assert_ne!(t, undated);
        let r = parse(&t).unwrap();
        assert_eq!(
            r.meta_values(),
            ["商务局", "2020", "2019", "missing"],
            "{last}"
        );
        assert!(
            r.section(SectionKind::Other)
                .unwrap()
                .text
                .value
                .ends_with(last),
            "{last}"
        );
    }
    // A site's menu there is page furniture: no agency, and no part of the section.
    let t = undated.replacen(signature, "首页 | 网站地图 | 联系我们\n", 1);
    let r = parse(&t).unwrap();
    assert_eq!(r.meta_values(), ["商务局", "2020", "2019", "missing"]);
    assert_eq!(r.section(SectionKind::Other).unwrap().text.value, "    无");
    // 004 without its agency above the title: no title's agency to name, the line alone.
    let untitled = text4.replacen("石家庄市商务局\n", "", 1);
    assert_eq!(meta(&untitled), ["missing", "2020", "2019", "missing"]);
    for (last, agency) in [
        ("石家庄市商务局", "石家庄市商务局"),
        ("石家庄市人民政府办公室", "石家庄市人民政府办公室"),
        ("以人民为中心", "missing"),
        ("坚持以人民为中心", "missing"),
        ("召开座谈会", "missing"),
        ("无其他需要报告的事项", "missing"),
        ("特此报告", "missing"),
    ] {
        let t = format!("{}\n\n{last}\n", untitled.trim_end());
        assert_eq!(meta(&t), [agency, "2020", "2019", "missing"], "{last}");
    }
    // A long line broken off a sentence before the name.
    let t = undated.replacen(
        "    无\n",
        "    本年度我局按照要求向区人民政府报送了年度报告，并在门户网站上\n",
        1,
    );
    let r = parse(&t).unwrap();
    assert_eq!(r.meta_values()[0], "商务局");
}
