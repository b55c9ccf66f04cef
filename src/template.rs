//! The national templates as data: sections, tables, rows and columns with their canonical keys.
//!
//! Everything the parser and the validator know about the two templates lives here, as `const`
//! tables (SPEC §1–§5). A label seen in a real report that differs from the template's wording is
//! listed as an alias of the row or column it belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which national template a report follows.
///
/// Decided from the tables' own headers and rows, never from the year alone (a 2021 report may
/// still be written on template 2019; rule `R8` reports that).
///
/// Deliberately exhaustive: a new national template brings new rows, new structs and a new
/// [`crate::Proactive`] variant, so supporting it is a breaking release in any case, and an
/// exhaustive `match` shows every place that must handle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号: reports on 2019 and 2020.
    #[serde(rename = "2019")]
    T2019,
    /// 国办公开办函〔2021〕30号: reports from the report on 2021 on.
    #[serde(rename = "2021")]
    T2021,
}

impl Template {
    /// The template's year as written in the flat form (`2019` or `2021`).
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2019 => "2019",
            Template::T2021 => "2021",
        }
    }

    /// The rows of the template in SPEC order (section 二, then 三, then 四).
    ///
    /// Each row has its canonical key, its Chinese label and group, and its columns with their
    /// keys and Chinese labels: what an export needs to label a cell.
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::Template;
    ///
    /// let rows = Template::T2021.rows();
    /// assert_eq!(rows.len(), 34);
    /// let denied = rows.iter().find(|r| r.key == "applications.denied.third_party").unwrap();
    /// assert_eq!((denied.group, denied.label), ("（三）不予公开", "保护第三方合法权益"));
    /// assert_eq!(denied.columns[0].label, "自然人");
    /// let cells: usize = rows.iter().map(|r| r.columns.len()).sum();
    /// assert_eq!(cells, 200);
    /// ```
    pub fn rows(self) -> &'static [RowDef] {
        match self {
            Template::T2019 => ROWS_2019,
            Template::T2021 => ROWS_2021,
        }
    }

    /// The indices in [`Template::rows`] of section 四's rows: the last rows of either template,
    /// known without a search of the rows.
    pub(crate) fn review_rows(self) -> std::ops::Range<usize> {
        let n = self.rows().len();
        n - REVIEW_ROWS.len()..n
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The six sections of a report, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// 一、总体情况
    General,
    /// 二、主动公开政府信息情况
    Proactive,
    /// 三、收到和处理政府信息公开申请情况
    Applications,
    /// 四、政府信息公开行政复议、行政诉讼情况
    ReviewLitigation,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    Other,
}

impl SectionKind {
    /// All six, in order.
    pub const ALL: [SectionKind; 6] = [
        SectionKind::General,
        SectionKind::Proactive,
        SectionKind::Applications,
        SectionKind::ReviewLitigation,
        SectionKind::Problems,
        SectionKind::Other,
    ];

    /// 1 for 一 … 6 for 六.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The Chinese numeral of the section (`一` … `六`).
    pub fn numeral(self) -> &'static str {
        ["一", "二", "三", "四", "五", "六"][self as usize]
    }

    /// The heading as the template writes it, numeral included.
    pub fn heading(self) -> &'static str {
        SECTION_HEADINGS[self as usize]
    }
}

/// Headings of the template, in order.
pub(crate) const SECTION_HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// Phrases that identify a section heading after its numeral (normalised: no spaces, no
/// punctuation). The first is the template's own wording; the rest are variants seen in reports.
pub(crate) const SECTION_PHRASES: [&[&str]; 6] = [
    &["总体情况", "工作情况", "基本情况", "总体工作情况", "概述"],
    &["主动公开政府信息情况", "主动公开情况", "主动公开"],
    &[
        "收到和处理政府信息公开申请情况",
        "依申请公开政府信息情况",
        "依申请公开情况",
        "收到和处理",
    ],
    &[
        "政府信息公开行政复议行政诉讼情况",
        "行政复议行政诉讼情况",
        "行政复议",
    ],
    &[
        "存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "主要问题及改进情况",
        "存在的主要问题",
    ],
    &["其他需要报告的事项", "其他需要报告事项", "其他事项"],
];

/// The table a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Section 二: proactive disclosure (主动公开).
    Proactive,
    /// Section 三: applications received and handled (依申请公开).
    Applications,
    /// Section 四: administrative review and litigation.
    ReviewLitigation,
}

impl TableKind {
    /// The section the table stands in.
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::{SectionKind, TableKind};
    ///
    /// assert_eq!(TableKind::Applications.section(), SectionKind::Applications);
    /// ```
    pub fn section(self) -> SectionKind {
        match self {
            TableKind::Proactive => SectionKind::Proactive,
            TableKind::Applications => SectionKind::Applications,
            TableKind::ReviewLitigation => SectionKind::ReviewLitigation,
        }
    }
}

/// How a value of a column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A whole number, never negative.
    Count,
    /// A whole number that may be negative (`本年增/减`).
    SignedCount,
    /// Money: an exact decimal with its unit.
    Amount,
}

/// A column of a template table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    /// Canonical key (`natural_person`, `amount`, …).
    pub key: &'static str,
    /// The template's Chinese label.
    pub label: &'static str,
    /// What the column holds.
    pub kind: ColumnKind,
}

const fn col(key: &'static str, label: &'static str) -> ColumnDef {
    ColumnDef {
        key,
        label,
        kind: ColumnKind::Count,
    }
}

/// The seven value columns of section 三.
pub const APPLICANT_COLUMNS: &[ColumnDef] = &[
    col("natural_person", "自然人"),
    col("business", "商业企业"),
    col("research", "科研机构"),
    col("social_org", "社会公益组织"),
    col("legal_service", "法律服务机构"),
    col("other_org", "其他"),
    col("total", "总计"),
];

/// The five columns of each group of section 四.
pub const OUTCOME_COLUMNS: &[ColumnDef] = &[
    col("upheld", "结果维持"),
    col("corrected", "结果纠正"),
    col("other", "其他结果"),
    col("pending", "尚未审结"),
    col("total", "总计"),
];

const PUBLISHED_2019: &[ColumnDef] = &[
    col("new_made", "本年新制作数量"),
    col("new_published", "本年新公开数量"),
    col("total_published", "对外公开总数量"),
];
const ITEMS_2019: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量"),
    ColumnDef {
        key: "change",
        label: "本年增/减",
        kind: ColumnKind::SignedCount,
    },
    col("decisions", "处理决定数量"),
];
const FEES_2019: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量"),
    ColumnDef {
        key: "change",
        label: "本年增/减",
        kind: ColumnKind::SignedCount,
    },
];
const PROCUREMENT_2019: &[ColumnDef] = &[
    col("items", "采购项目数量"),
    ColumnDef {
        key: "amount",
        label: "采购总金额",
        kind: ColumnKind::Amount,
    },
];
const DOCS_2021: &[ColumnDef] = &[
    col("issued", "本年制发件数"),
    col("repealed", "本年废止件数"),
    col("in_force", "现行有效件数"),
];
const DECISIONS_2021: &[ColumnDef] = &[col("decisions", "本年处理决定数量")];
const FEES_2021: &[ColumnDef] = &[ColumnDef {
    key: "amount",
    label: "本年收费金额（单位：万元）",
    kind: ColumnKind::Amount,
}];

/// How a row label is numbered in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// No numeral.
    None,
    /// `一、` … (top level of section 三).
    Top(u8),
    /// `（一）` …
    Paren(u8),
    /// `1.` …
    Digit(u8),
}

/// A row of a template table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowDef {
    /// The canonical key of the row (`applications.denied.state_secret`, `proactive.fees`, …).
    pub key: &'static str,
    /// The table it belongs to.
    pub table: TableKind,
    /// The article of section 二 (`一`, `五`, `六`, `八`, `九`); empty elsewhere.
    pub article: &'static str,
    /// The group label it stands under in section 三 (`（三）不予公开`), empty when none.
    pub group: &'static str,
    /// Its numbering in the template.
    pub numbering: Numbering,
    /// The template's label, without numbering.
    pub label: &'static str,
    /// Wording variants seen in real reports (SPEC §2, §3).
    pub aliases: &'static [&'static str],
    /// The value columns, left to right.
    pub columns: &'static [ColumnDef],
}

impl RowDef {
    /// The full key of the cell in column `column`: `row key` + `.` + `column key`; `None`
    /// when the row has no such column.
    ///
    /// # Examples
    ///
    /// ```
    /// let row = &zfxxgk::Template::T2019.rows()[7];
    /// assert_eq!(row.cell_key(1).as_deref(), Some("proactive.procurement.amount"));
    /// assert_eq!(row.cell_key(2), None);
    /// ```
    pub fn cell_key(&self, column: usize) -> Option<String> {
        let col = self.columns.get(column)?;
        Some(format!("{}.{}", self.key, col.key))
    }

    /// The full keys of the row's cells, left to right.
    ///
    /// # Examples
    ///
    /// ```
    /// let row = &zfxxgk::Template::T2019.rows()[7];
    /// let keys: Vec<String> = row.cell_keys().collect();
    /// assert_eq!(keys, ["proactive.procurement.items", "proactive.procurement.amount"]);
    /// ```
    pub fn cell_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.columns
            .iter()
            .map(move |c| format!("{}.{}", self.key, c.key))
    }
}

macro_rules! rows {
    ($($key:literal, $table:ident, $art:literal, $group:literal, $num:expr, $label:literal, [$($alias:literal),*], $cols:expr;)*) => {
        &[$(RowDef {
            key: $key,
            table: TableKind::$table,
            article: $art,
            group: $group,
            numbering: $num,
            label: $label,
            aliases: &[$($alias),*],
            columns: $cols,
        }),*]
    };
}

use Numbering::{Digit, Paren, Top};

const A: &[ColumnDef] = APPLICANT_COLUMNS;
const O: &[ColumnDef] = OUTCOME_COLUMNS;

/// Section 二 of template 2019: five tables.
const PROACTIVE_ROWS_2019: &[RowDef] = rows![
    "proactive.rules", Proactive, "一", "", Numbering::None, "规章", [], PUBLISHED_2019;
    "proactive.normative_docs", Proactive, "一", "", Numbering::None, "规范性文件", ["行政规范性文件"], PUBLISHED_2019;
    "proactive.licensing", Proactive, "五", "", Numbering::None, "行政许可", [], ITEMS_2019;
    "proactive.other_services", Proactive, "五", "", Numbering::None, "其他对外管理服务事项", [], ITEMS_2019;
    "proactive.penalty", Proactive, "六", "", Numbering::None, "行政处罚", [], ITEMS_2019;
    "proactive.enforcement", Proactive, "六", "", Numbering::None, "行政强制", [], ITEMS_2019;
    "proactive.fees", Proactive, "八", "", Numbering::None, "行政事业性收费", [], FEES_2019;
    "proactive.procurement", Proactive, "九", "", Numbering::None, "政府集中采购", [], PROCUREMENT_2019;
];

/// Section 二 of template 2021: four tables.
const PROACTIVE_ROWS_2021: &[RowDef] = rows![
    "proactive.rules", Proactive, "一", "", Numbering::None, "规章", [], DOCS_2021;
    "proactive.normative_docs", Proactive, "一", "", Numbering::None, "行政规范性文件", ["规范性文件"], DOCS_2021;
    "proactive.licensing", Proactive, "五", "", Numbering::None, "行政许可", [], DECISIONS_2021;
    "proactive.penalty", Proactive, "六", "", Numbering::None, "行政处罚", [], DECISIONS_2021;
    "proactive.enforcement", Proactive, "六", "", Numbering::None, "行政强制", [], DECISIONS_2021;
    "proactive.fees", Proactive, "八", "", Numbering::None, "行政事业性收费", [], FEES_2021;
];

/// Section 三 up to （五）, the same in both templates.
const APPLICATION_ROWS: &[RowDef] = rows![
    "applications.new_received", Applications, "", "", Top(1), "本年新收政府信息公开申请数量", [], A;
    "applications.carried_over", Applications, "", "", Top(2), "上年结转政府信息公开申请数量", [], A;
    "applications.granted", Applications, "", "三、本年度办理结果", Paren(1), "予以公开", [], A;
    "applications.partly_granted", Applications, "", "三、本年度办理结果", Paren(2), "部分公开（区分处理的，只计这一情形，不计其他情形）", ["部分公开（区分处理的，只计这一情况，不计其他情况）", "部分公开"], A;
    "applications.denied.state_secret", Applications, "", "（三）不予公开", Digit(1), "属于国家秘密", [], A;
    "applications.denied.prohibited_by_law", Applications, "", "（三）不予公开", Digit(2), "其他法律行政法规禁止公开", ["其他法律法规禁止公开"], A;
    "applications.denied.security_stability", Applications, "", "（三）不予公开", Digit(3), "危及“三安全一稳定”", [], A;
    "applications.denied.third_party", Applications, "", "（三）不予公开", Digit(4), "保护第三方合法权益", [], A;
    "applications.denied.internal_affairs", Applications, "", "（三）不予公开", Digit(5), "属于三类内部事务信息", ["属于三类内容事务信息"], A;
    "applications.denied.process_info", Applications, "", "（三）不予公开", Digit(6), "属于四类过程性信息", [], A;
    "applications.denied.enforcement_file", Applications, "", "（三）不予公开", Digit(7), "属于行政执法案卷", [], A;
    "applications.denied.query_matter", Applications, "", "（三）不予公开", Digit(8), "属于行政查询事项", [], A;
    "applications.unavailable.not_held", Applications, "", "（四）无法提供", Digit(1), "本机关不掌握相关政府信息", [], A;
    "applications.unavailable.needs_creation", Applications, "", "（四）无法提供", Digit(2), "没有现成信息需要另行制作", [], A;
    "applications.unavailable.unclear", Applications, "", "（四）无法提供", Digit(3), "补正后申请内容仍不明确", [], A;
    "applications.not_processed.complaint", Applications, "", "（五）不予处理", Digit(1), "信访举报投诉类申请", [], A;
    "applications.not_processed.repeated", Applications, "", "（五）不予处理", Digit(2), "重复申请", [], A;
    "applications.not_processed.publication", Applications, "", "（五）不予处理", Digit(3), "要求提供公开出版物", [], A;
    "applications.not_processed.excessive", Applications, "", "（五）不予处理", Digit(4), "无正当理由大量反复申请", [], A;
    "applications.not_processed.reissue", Applications, "", "（五）不予处理", Digit(5), "要求行政机关确认或重新出具已获取信息", [], A;
];

/// （六）其他处理 of template 2019: one row.
const OTHER_ROWS_2019: &[RowDef] = rows![
    "applications.other", Applications, "", "三、本年度办理结果", Paren(6), "其他处理", [], A;
];

/// （六）其他处理 of template 2021: three rows.
const OTHER_ROWS_2021: &[RowDef] = rows![
    "applications.other.no_correction", Applications, "", "（六）其他处理", Digit(1), "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [], A;
    "applications.other.fee_unpaid", Applications, "", "（六）其他处理", Digit(2), "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [], A;
    "applications.other.other", Applications, "", "（六）其他处理", Digit(3), "其他", [], A;
];

/// （七）总计 and 四、结转下年度继续办理, the same in both templates.
const CLOSING_ROWS: &[RowDef] = rows![
    "applications.total", Applications, "", "三、本年度办理结果", Paren(7), "总计", [], A;
    "applications.carried_forward", Applications, "", "", Top(4), "结转下年度继续办理", [], A;
];

/// Section 四, the same in both templates.
const REVIEW_ROWS: &[RowDef] = rows![
    "review", ReviewLitigation, "", "行政复议", Numbering::None, "行政复议", [], O;
    "litigation_direct", ReviewLitigation, "", "行政诉讼", Numbering::None, "未经复议直接起诉", [], O;
    "litigation_after_review", ReviewLitigation, "", "行政诉讼", Numbering::None, "复议后起诉", [], O;
];

/// The rows of `parts`, one after the other, as one array (at compile time).
const fn concat<const N: usize>(parts: [&[RowDef]; 5]) -> [RowDef; N] {
    let mut out = [parts[0][0]; N];
    let (mut p, mut k) = (0, 0);
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[k] = parts[p][i];
            i += 1;
            k += 1;
        }
        p += 1;
    }
    assert!(k == N, "row count");
    out
}

/// Template 2019: section 二 (five tables), 三 (23 rows), 四 (three groups).
pub const ROWS_2019: &[RowDef] = &concat::<34>([
    PROACTIVE_ROWS_2019,
    APPLICATION_ROWS,
    OTHER_ROWS_2019,
    CLOSING_ROWS,
    REVIEW_ROWS,
]);

/// Template 2021: section 二 (four tables), 三 (25 rows), 四 (three groups).
pub const ROWS_2021: &[RowDef] = &concat::<34>([
    PROACTIVE_ROWS_2021,
    APPLICATION_ROWS,
    OTHER_ROWS_2021,
    CLOSING_ROWS,
    REVIEW_ROWS,
]);

/// A group label of section 三 that is not itself a row (`三、本年度办理结果`, `（三）不予公开`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupDef {
    pub label: &'static str,
    pub numbering: Numbering,
    /// The `group` field of the rows under it.
    pub id: &'static str,
}

pub(crate) const GROUPS: &[GroupDef] = &[
    GroupDef {
        label: "本年度办理结果",
        numbering: Top(3),
        id: "三、本年度办理结果",
    },
    GroupDef {
        label: "不予公开",
        numbering: Paren(3),
        id: "（三）不予公开",
    },
    GroupDef {
        label: "无法提供",
        numbering: Paren(4),
        id: "（四）无法提供",
    },
    GroupDef {
        label: "不予处理",
        numbering: Paren(5),
        id: "（五）不予处理",
    },
    // Template 2021 only: in 2019 （六）其他处理 is a row.
    GroupDef {
        label: "其他处理",
        numbering: Paren(6),
        id: "（六）其他处理",
    },
];

/// Header cells of section 三 that are not value columns, and of section 二 and 四 (normalised).
pub(crate) const HEADER_WORDS: &[&str] = &[
    "申请人情况",
    "法人或其他组织",
    "信息内容",
    "社会组织",
    "行政诉讼",
    "行政复议",
    "未经复议直接起诉",
    "复议后起诉",
];

/// Column labels that mark template 2019 in section 二 (normalised).
pub(crate) const MARKERS_2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "处理决定数量",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
    "第二十条第九项",
];

/// Column labels and rows that mark template 2021 (normalised).
pub(crate) const MARKERS_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "行政规范性文件",
    "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
];

/// Page furniture: lines of the web page around a report that belong to no section (normalised).
pub(crate) const FURNITURE: &[&str] = &[
    "用微信扫描二维码分享至好友和朋友圈",
    "收起",
    "展开",
    "政务微信",
    "政务微博",
    "智能问答",
    "打印",
    "关闭",
    "打印本页",
    "关闭窗口",
    "分享到",
    "扫一扫在手机打开当前页",
    "返回顶部",
    "相关链接",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_the_spec() {
        let count = |t: Template, k: TableKind| t.rows().iter().filter(|r| r.table == k).count();
        assert_eq!(count(Template::T2019, TableKind::Applications), 23);
        assert_eq!(count(Template::T2021, TableKind::Applications), 25);
        assert_eq!(count(Template::T2019, TableKind::Proactive), 8);
        assert_eq!(count(Template::T2021, TableKind::Proactive), 6);
        let cells = |t: Template| t.rows().iter().map(|r| r.columns.len()).sum::<usize>();
        assert_eq!(cells(Template::T2019), 198);
        assert_eq!(cells(Template::T2021), 200);
    }

    #[test]
    fn keys_are_unique() {
        for t in [Template::T2019, Template::T2021] {
            let mut keys: Vec<String> = t.rows().iter().flat_map(RowDef::cell_keys).collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), n);
        }
    }
}
