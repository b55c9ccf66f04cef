//! Inputs the round-trip and hostile-input properties found the parser getting wrong, each
//! checked on its own.

use zfxxgk::{parse, SectionKind};

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
