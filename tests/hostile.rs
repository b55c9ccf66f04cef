//! Hostile input: whatever the text, the parser answers (a report or an error) without a panic,
//! without a hang, with spans that slice the input; and what it answers, the renderer writes
//! back to text that reads back to the same values.

mod common;

use common::reports::expected;
use common::{values, within, written, Rng, CORPUS, LAYOUTS};
use proptest::prelude::*;
use std::time::Duration;
use zfxxgk::{parse, render, AnnualReport, Layout, Value};

/// Cases per property; `PROPTEST_CASES` overrides.
const CASES: u32 = 256;

/// A parse that takes longer than this has hung (debug build, shared machine).
const LIMIT: Duration = Duration::from_secs(20);

fn config(cases: u32) -> ProptestConfig {
    common::proptest_config(cases, "proptest-regressions/hostile.txt")
}

/// What every answer must satisfy: every span slices the input on character boundaries, every
/// template cell is there, and the flat form and the renderer work on it.
fn check_answer(text: &str, r: &AnnualReport) -> Result<(), TestCaseError> {
    let mut spans = Vec::new();
    for (k, c) in r.cells() {
        if let Some(s) = c.span {
            spans.push((k.to_string(), s));
        }
        if c.value.is_number() {
            prop_assert!(
                c.span.is_some_and(|s| !s.is_empty()),
                "{k}: number without text"
            );
        }
    }
    for d in &r.diagnostics {
        spans.extend(d.primary.iter().map(|s| (d.code.to_string(), *s)));
        spans.extend(d.secondary.iter().map(|s| (d.code.to_string(), *s)));
    }
    for s in &r.sections {
        spans.push(("heading".into(), s.heading.span));
        spans.push(("section".into(), s.text.span));
        prop_assert_eq!(text.get(s.text.span.range()), Some(s.text.value.as_str()));
    }
    for e in &r.extra_rows {
        spans.push(("extra".into(), e.label.span));
        spans.extend(
            e.cells
                .iter()
                .filter_map(|c| c.span)
                .map(|s| ("extra cell".into(), s)),
        );
    }
    for row in r.rows() {
        if let Some(l) = row.label() {
            spans.push(("label".into(), l.span));
        }
    }
    for (what, s) in spans {
        prop_assert!(s.start <= s.end, "{what}: {s:?}");
        prop_assert!(
            text.get(s.range()).is_some(),
            "{what}: {s:?} is not a slice of the input"
        );
        // Line and column agree with the byte offset (lines end in `\n`, or in `\r` alone in a
        // text with no `\n`).
        let before = &text[..s.start];
        let end = if text.contains('\n') { '\n' } else { '\r' };
        let line = before.matches(end).count() + 1;
        let column = before.rsplit(end).next().map_or(0, |l| l.chars().count()) + 1;
        prop_assert_eq!(
            (s.line as usize, s.column as usize),
            (line, column),
            "{}",
            what
        );
    }
    let expected = match r.template() {
        zfxxgk::Template::T2019 => 198,
        zfxxgk::Template::T2021 => 200,
    };
    prop_assert_eq!(r.cells().len(), expected);
    prop_assert!(r.to_flat().lines().count() == expected + 4);
    Ok(())
}

/// Parses within the time limit, checks the answer, and writes it back in every layout: the
/// text read back gives the same values (blank cells dropped: the same or missing).
fn survive(text: String) -> Result<(), TestCaseError> {
    let shared = std::sync::Arc::new(text);
    let input = shared.clone();
    let parsed = within(LIMIT, "parse", move || parse(&input));
    let Ok(r) = parsed else { return Ok(()) };
    check_answer(&shared, &r)?;
    for layout in LAYOUTS {
        let out = render(&r, layout);
        let back =
            parse(&out).map_err(|e| TestCaseError::fail(format!("{layout:?}: {e}\n{out}")))?;
        // A row with a missing cell is written with its label only (section 四: its row of
        // values): it comes back missing.
        let (want, got) = (expected(&r), values(&back));
        for ((k, w), (_, g)) in want.iter().zip(&got) {
            if layout == Layout::BlankDropped && *g == Value::Missing {
                continue;
            }
            prop_assert_eq!(
                written(*g),
                written(*w),
                "{} {:?}\n--- rendered ---\n{}",
                k,
                layout,
                out
            );
        }
    }
    Ok(())
}

/// Pieces of reports: structure, labels, numbers and the characters copies break on.
const PIECES: &[&str] = &[
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\u{3000}",
    "\u{a0}",
    "\u{feff}",
    "0",
    "12",
    "１２",
    "-3",
    "减少",
    "3.5",
    "万元",
    "元",
    "—",
    "/",
    "无",
    "、",
    "（",
    "）",
    "(",
    ")",
    "：",
    ".",
    "。",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "某局2020年政府信息公开工作年度报告",
    "第二十条第（一）项",
    "信息内容",
    "本年新制作数量",
    "本年收费金额（单位：万元）",
    "规章",
    "规范性文件",
    "行政许可",
    "政府集中采购",
    "采购总金额",
    "（本列数据的勾稽关系为：",
    "申请人情况",
    "自然人",
    "总计",
    "其他",
    "一、本年新收政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "5.要求行政机关确认或重新出具",
    "已获取信息",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "2021年2月18日",
    "收起",
    "用微信扫描二维码分享至好友和朋友圈",
    "数据统计时限自2020年1月1日",
];

fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..400).prop_map(|v| v.concat())
}

/// Line-level damage to a text: lines shuffled, duplicated, deleted.
#[derive(Debug, Clone)]
enum LineOp {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Shuffle(u64),
}

fn line_op() -> impl Strategy<Value = LineOp> {
    prop_oneof![
        4 => any::<usize>().prop_map(LineOp::Delete),
        4 => any::<usize>().prop_map(LineOp::Duplicate),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| LineOp::Swap(a, b)),
        1 => any::<u64>().prop_map(LineOp::Shuffle),
    ]
}

fn damage_lines(text: &str, ops: &[LineOp]) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    for op in ops {
        let n = lines.len();
        match *op {
            LineOp::Delete(i) if n > 0 => {
                lines.remove(i % n);
            }
            LineOp::Duplicate(i) if n > 0 => lines.insert(i % n, lines[i % n]),
            LineOp::Swap(a, b) if n > 0 => lines.swap(a % n, b % n),
            LineOp::Shuffle(seed) => {
                let mut rng = Rng::new(seed);
                for i in (1..n).rev() {
                    lines.swap(i, rng.below(i + 1));
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Characters a copy may get wrong in place of others.
const REPLACEMENTS: &[char] = &[
    '\t', '\n', ' ', '\u{3000}', '0', '7', '９', '-', '—', '.', '、', '（', '）', '一', '三', '元',
    '万', '年', '日', '。', '\u{feff}', '\u{0}',
];

proptest! {
    #![proptest_config(config(CASES))]

    /// Any string at all.
    #[test]
    fn any_string(text in any::<String>()) {
        survive(text)?;
    }

    /// Strings made of the pieces reports are made of, in any order.
    #[test]
    fn report_pieces_in_any_order(text in pieces()) {
        survive(text)?;
    }

    /// Corpus reports with lines deleted, duplicated, swapped, shuffled.
    #[test]
    fn corpus_lines_damaged(
        i in 0..CORPUS.len(),
        ops in proptest::collection::vec(line_op(), 1..12),
    ) {
        survive(damage_lines(CORPUS[i].1, &ops))?;
    }

    /// Corpus reports with characters replaced.
    #[test]
    fn corpus_characters_replaced(
        i in 0..CORPUS.len(),
        edits in proptest::collection::vec((any::<usize>(), proptest::sample::select(REPLACEMENTS)), 1..40),
    ) {
        let mut chars: Vec<char> = CORPUS[i].1.chars().collect();
        for (at, c) in edits {
            let n = chars.len();
            chars[at % n] = c;
        }
        survive(chars.into_iter().collect())?;
    }
}

/// Every corpus report cut at every character boundary: the part before and the part after
/// each cut (the reports side by side, one thread each).
#[test]
fn corpus_cut_at_every_character_boundary() {
    let handles: Vec<_> = CORPUS
        .into_iter()
        .map(|(name, text)| std::thread::spawn(move || cut_everywhere(name, text)))
        .collect();
    for h in handles {
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    }
}

fn cut_everywhere(name: &'static str, text: &'static str) {
    {
        within(Duration::from_secs(300), name, move || {
            let mut answers = 0;
            for (i, _) in text.char_indices() {
                for part in [&text[..i], &text[i..]] {
                    if let Ok(r) = parse(part) {
                        answers += 1;
                        check_answer(part, &r).unwrap_or_else(|e| panic!("{name} at {i}: {e}"));
                    }
                }
            }
            assert!(answers > 0, "{name}: no part read as a report");
        });
    }
}
