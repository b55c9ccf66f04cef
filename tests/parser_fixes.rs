//! Inputs the round-trip and hostile-input properties found the parser getting wrong, each
//! checked on its own.

mod common;

use common::written_values as cells;
use zfxxgk::{parse, SectionKind, Value};

/// The skeleton of a report with the given section 六 and trailing lines.
fn report_with_tail(six: &str, tail: &str) -> String {
    format!(
        "某局2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息3条。\n二、主动公开政府信息情况\n\
         三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
         五、存在的主要问题及改进情况\n公开内容不够全面。\n六、其他需要报告的事项\n{six}\n{tail}"
    )
}

/// Page furniture after the last section was kept as narrative when a line of it was longer
/// than twelve characters (用微信扫描二维码分享至好友和朋友圈).
#[test]
fn long_furniture_after_the_report_is_not_narrative() {
    let text = report_with_tail("无", "用微信扫描二维码分享至好友和朋友圈\n收起");
    let r = parse(&text).unwrap();
    assert_eq!(r.section(SectionKind::Other).unwrap().text.value, "无");
    let text = report_with_tail(
        "无",
        "某局\n2021年2月18日\n用微信扫描二维码分享至好友和朋友圈",
    );
    let r = parse(&text).unwrap();
    assert_eq!(r.section(SectionKind::Other).unwrap().text.value, "无");
    assert_eq!(
        r.metadata.published.unwrap().value.to_string(),
        "2021-02-18"
    );
    assert_eq!(r.metadata.agency.unwrap().value, "某局");
    // Not furniture: a long last line stays in the section.
    let text = report_with_tail("无", "本年度未收取信息处理费用，特此说明");
    let r = parse(&text).unwrap();
    assert!(r
        .section(SectionKind::Other)
        .unwrap()
        .text
        .value
        .ends_with("特此说明"));
}

/// A report whose section 三 is the given tab-separated rows (after the template's header).
fn applications(rows: &str) -> String {
    format!(
        "某局2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息3条。\n二、主动公开政府信息情况\n\
         三、收到和处理政府信息公开申请情况\n\
         （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n\
         \t自然人\t法人或其他组织\t\t\t\t\t总计\n\
         \t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n{rows}\n\
         四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无\n"
    )
}

/// A row the template does not have, after a template row whose values were lost, was read as
/// that row's label tail and its values dropped: only a label that stops short of its
/// template label (`5.要求行政机关确认或重新出具`) is continued on the next line.
#[test]
fn extra_row_after_a_row_without_values_is_kept() {
    let r = parse(&applications(
        "四、结转下年度继续办理\n其中：网上申请数量\t—\t18\t—",
    ))
    .unwrap();
    assert_eq!(r.extra_rows.len(), 1);
    assert_eq!(r.extra_rows[0].label.value, "其中：网上申请数量");
    let cells: Vec<String> = r.extra_rows[0]
        .cells
        .iter()
        .map(|c| c.value.to_string())
        .collect();
    assert_eq!(cells, ["blank", "18", "blank"]);
    let label = r
        .row("applications.carried_forward")
        .unwrap()
        .label()
        .unwrap();
    assert_eq!(label.value, "四、结转下年度继续办理");
    assert_eq!(
        r.cell("applications.carried_forward.total").unwrap().value,
        Value::Missing
    );
    // A cut label still takes its tail and the values that come with it.
    let r = parse(&applications(
        "\t（五）不予处理\t5.要求行政机关确认或重新出具\n\t已获取信息\t1\t2\t3\t4\t5\t6\t21",
    ))
    .unwrap();
    let row = r.row("applications.not_processed.reissue").unwrap();
    assert_eq!(
        row.label().unwrap().value,
        "5.要求行政机关确认或重新出具已获取信息"
    );
    assert_eq!(row.cell(6).unwrap().value, Value::Count(21));
    assert_eq!(row.cell(0).unwrap().value, Value::Count(1));
    assert!(r.extra_rows.is_empty());
}

/// A tab-separated row whose one number stood before a written blank (`—`) had that number
/// moved under 总计: trailing dashes were taken for padding, and the row for one with a single
/// number at its right end. Only empty cells are padding.
#[test]
fn a_dash_after_the_only_number_is_a_cell() {
    let r = parse(&applications(
        "一、本年新收政府信息公开申请数量\t—\t—\t—\t—\t—\t5\t—\n\
         二、上年结转政府信息公开申请数量\t3\t—\t—\t—\t—\t—\t—\n\
         四、结转下年度继续办理\t—\t—\t—\t—\t—\t7\t\t\t",
    ))
    .unwrap();
    let cell = |k: &str| r.cell(k).unwrap().value;
    assert_eq!(cell("applications.new_received.other_org"), Value::Count(5));
    assert_eq!(cell("applications.new_received.total"), Value::Blank);
    assert_eq!(
        cell("applications.carried_over.natural_person"),
        Value::Count(3)
    );
    assert_eq!(cell("applications.carried_over.total"), Value::Blank);
    // Empty cells after the last one are still padding: a single number at the right end of
    // the written cells goes under 总计 (corpus 004).
    assert_eq!(cell("applications.carried_forward.other_org"), Value::Blank);
    assert_eq!(cell("applications.carried_forward.total"), Value::Count(7));
}

/// A row cut in two lines whose values are all blank marks (`行政强制` / `／`), and section
/// 四's row of fifteen dashes, lost their blanks: a line of values was taken only when it held
/// a number.
#[test]
fn a_line_of_dashes_is_a_line_of_blank_cells() {
    let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息3条。\n\
        二、主动公开政府信息情况\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\n5\n行政强制\n／\n\
        三、收到和处理政府信息公开申请情况\n\
        一、本年新收政府信息公开申请数量\n—\t—\t—\t—\t—\t—\t—\n\
        四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n\
        —\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\n\
        五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无\n";
    let r = parse(text).unwrap();
    let cell = |k: &str| r.cell(k).unwrap().value;
    assert_eq!(cell("proactive.penalty.decisions"), Value::Count(5));
    assert_eq!(cell("proactive.enforcement.decisions"), Value::Blank);
    assert_eq!(
        cell("applications.new_received.natural_person"),
        Value::Blank
    );
    assert_eq!(cell("applications.new_received.total"), Value::Blank);
    assert_eq!(cell("review.upheld"), Value::Blank);
    assert_eq!(cell("litigation_after_review.total"), Value::Blank);
}

/// Section 四 where one group is bound by a label of its own (`复议后起诉一`, a garbled copy of
/// corpus 000) and the others have no values: the missing-values finding listed the group that
/// had its values, and a row of values would have overwritten them.
#[test]
fn a_review_group_bound_by_its_label_keeps_its_values() {
    let zeros = vec!["0"; 15].join("\t");
    let text = format!(
        "某局2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息3条。\n二、主动公开政府信息情况\n\
         三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
         行政复议\t\t\t\t\t行政诉讼\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉一\n\
         {zeros}\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无\n"
    );
    let r = parse(&text).unwrap();
    let cell = |k: &str| r.cell(k).unwrap().value;
    assert_eq!(cell("litigation_after_review.upheld"), Value::Count(0));
    assert_eq!(cell("litigation_after_review.total"), Value::Count(0));
    assert_eq!(cell("review.upheld"), Value::Missing);
    assert_eq!(cell("litigation_direct.total"), Value::Missing);
    let p1: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == zfxxgk::Code::P1 && d.message.contains("四"))
        .flat_map(|d| d.keys.iter().map(|k| &**k))
        .collect();
    assert_eq!(p1.len(), 10);
    assert!(p1.iter().all(|k| !k.starts_with("litigation_after_review")));
}

/// An amount in full-width digits with separators was read as text once it passed 60 bytes
/// (twenty characters): the length guard counted bytes, and a full-width digit is three.
#[test]
fn a_long_full_width_amount_is_a_number() {
    let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息3条。\n\
        二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n\
        行政事业性收费\t１，０００，０００，０００，０００，０００．５元\n\
        三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
        五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无\n";
    let r = parse(text).unwrap();
    let cell = r.cell("proactive.fees.amount").unwrap();
    assert_eq!(cell.value.to_string(), "1000000000000000.5 元");
}

/// The corpus reports, by name.
const CORPUS: [(&str, &str); 5] = [
    ("000", include_str!("fixtures/000.txt")),
    ("001", include_str!("fixtures/001.txt")),
    ("002", include_str!("fixtures/002.txt")),
    ("003", include_str!("fixtures/003.txt")),
    ("004", include_str!("fixtures/004.txt")),
];

/// The ways of writing a heading `<numeral><separator><text>` seen in real reports and in
/// text from converters; `{n}` the numeral, `{s}` the separator, `{t}` the text.
const STYLES: [&str; 16] = [
    "{n} {s}{t}",
    "{n} {s} {t}",
    "{n}{s} {t}",
    "{n}\u{3000}{s}\u{3000}{t}",
    "{n}\u{3000}{t}",
    "**{n}{s}{t}**",
    "__{n}{s}{t}__",
    "# {n}{s}{t}",
    "## {n}{s}{t}",
    "### {n}{s}{t}",
    "## **{n}{s}{t}**",
    "  **{n} {s} {t}**  ",
    "第{n}部分 {t}",
    "第{n}部分：{t}",
    "第{n}章 {t}",
    "第{n}部分{t}",
];

/// `heading` (`一、总体情况`) written in `style`.
fn restyle(heading: &str, style: &str) -> String {
    let mut cs = heading.chars();
    let n = cs.next().unwrap().to_string();
    let s = cs.next().unwrap().to_string();
    style
        .replace("{n}", &n)
        .replace("{s}", &s)
        .replace("{t}", cs.as_str())
}

/// `text` with the headings of `which` sections of `r` (indices into `r.sections`) in `style`.
fn with_headings(text: &str, r: &zfxxgk::AnnualReport, which: &[usize], style: &str) -> String {
    let mut out = text.to_string();
    // From the last, so that the spans of the earlier ones still hold.
    for &i in which.iter().rev() {
        let h = &r.sections[i].heading;
        out.replace_range(h.span.range(), &restyle(&h.value, style));
    }
    out
}

/// Headings written with spaces around their separator, in Markdown bold or under `#`, or as
/// `第一部分 总体情况` made the whole report an error (0 of 6 headings), and one such heading
/// lost its section's table: every corpus report reads the same with every heading, or any
/// one, in each style.
#[test]
fn headings_in_other_styles_read_the_same() {
    for (name, text) in CORPUS {
        let r = parse(text).unwrap();
        let kinds: Vec<SectionKind> = r.sections.iter().map(|s| s.kind).collect();
        let want = cells(&r);
        let all: Vec<usize> = (0..r.sections.len()).collect();
        for style in STYLES {
            let mut cases = vec![all.clone()];
            cases.extend(all.iter().map(|&i| vec![i]));
            for which in cases {
                let styled = with_headings(text, &r, &which, style);
                let got =
                    parse(&styled).unwrap_or_else(|e| panic!("{name}, {style:?}, {which:?}: {e}"));
                let got_kinds: Vec<SectionKind> = got.sections.iter().map(|s| s.kind).collect();
                assert_eq!(got_kinds, kinds, "{name}, {style:?}, {which:?}");
                assert_eq!(cells(&got), want, "{name}, {style:?}, {which:?}");
                assert_eq!(
                    got.diagnostics.len(),
                    r.diagnostics.len(),
                    "{name}, {style:?}, {which:?}"
                );
                for s in &got.sections {
                    assert_eq!(&styled[s.heading.span.range()], s.heading.value);
                    assert_eq!(&styled[s.text.span.range()], s.text.value);
                }
            }
        }
    }
}

/// A heading's text is kept as written, without the Markdown marks around it and the white
/// space inside them; its span covers that text.
#[test]
fn a_marked_heading_keeps_its_text_without_the_marks() {
    let text = CORPUS[0].1;
    let r = parse(text).unwrap();
    for (style, first) in [
        ("**{n}{s}{t}**", "一、总体情况"),
        ("## {n}{s}{t}", "一、总体情况"),
        ("## **{n}{s}{t}** ##", "一、总体情况"),
        ("  __{n} {s} {t}__  ", "一 、 总体情况"),
        ("第{n}部分：{t}", "第一部分：总体情况"),
    ] {
        let all: Vec<usize> = (0..6).collect();
        let styled = with_headings(text, &r, &all, style);
        let got = parse(&styled).unwrap();
        let s = &got.sections[0];
        assert_eq!(s.heading.value, first, "{style}");
        assert_eq!(&styled[s.heading.span.range()], first, "{style}");
        assert_eq!(s.heading.span.line, 3, "{style}");
        assert_eq!(s.text.value, r.sections[0].text.value, "{style}");
    }
    // The narrative on the heading's line after a bold heading and its colon.
    let styled = text.replacen("一、总体情况\n2020年，", "**一、总体情况：**2020年，", 1);
    let got = parse(&styled).unwrap();
    let s = &got.sections[0];
    assert_eq!(s.heading.value, "一、总体情况：");
    assert!(
        s.text.value.starts_with("2020年，商务局"),
        "{}",
        s.text.value
    );
    assert_eq!((s.heading.span.column, s.text.span.column), (3, 12));
}

/// `（一）总体情况` is the numbering of a sub-heading inside a section (`（二）主动公开政府信息情况`
/// in 004's section 一), never a section's heading.
#[test]
fn a_parenthesised_numeral_starts_no_section() {
    let text = CORPUS[4].1;
    let r = parse(text).unwrap();
    assert!(r.sections[0]
        .text
        .value
        .contains("（二）主动公开政府信息情况"));
    let styled = text.replacen("\n一、总体情况\n", "\n（一）总体情况\n", 1);
    assert_ne!(styled, text);
    let got = parse(&styled).unwrap();
    assert!(got.section(SectionKind::General).is_none());
    assert_eq!(cells(&got), cells(&r));
}

/// The template guessed when the tables do not tell it said "from the year" when no year was
/// found at all.
#[test]
fn a_template_guessed_without_a_year_says_so() {
    let p5 = |text: &str| {
        let r = parse(text).unwrap();
        let found: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == zfxxgk::Code::P5)
            .map(|d| d.message.clone())
            .collect();
        (r.template(), found)
    };
    let with_year = report_with_tail("无", "");
    let cases = [
        (
            with_year.clone(),
            zfxxgk::Template::T2019,
            "taken as 2019 from the year 2020",
        ),
        (
            with_year.replace("2020年", "2022年"),
            zfxxgk::Template::T2021,
            "taken as 2021 from the year 2022",
        ),
        (
            with_year.replace("某局2020年", "某局"),
            zfxxgk::Template::T2019,
            "taken as 2019 by default (no year was found)",
        ),
    ];
    for (text, template, guess) in cases {
        let message = format!("the tables do not tell the template; {guess}");
        assert_eq!(p5(&text), (template, vec![message]));
    }
}

/// A table-wide finding of a table that was not found, and the template's guess, had no place
/// in the text: they point at the section's heading and at the year (else the title).
#[test]
fn findings_without_a_cell_point_at_the_heading_or_the_title() {
    let at = |text: &str, code: zfxxgk::Code| -> Vec<(u32, u32)> {
        parse(text)
            .unwrap()
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.primary.map_or((0, 0), |s| (s.line, s.column)))
            .collect()
    };
    let text = report_with_tail("无", "");
    // Sections 二, 三, 四 stand on lines 4, 5 and 6, their tables missing.
    assert_eq!(at(&text, zfxxgk::Code::P6), [(4, 1), (5, 1), (6, 1)]);
    // `2020` in `某局2020年…`.
    assert_eq!(at(&text, zfxxgk::Code::P5), [(1, 3)]);
    let without = text.replace("某局2020年", "某局");
    assert_eq!(at(&without, zfxxgk::Code::P5), [(1, 1)]);
}
