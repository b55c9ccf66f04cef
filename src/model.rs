//! The typed model of a report: metadata, sections, and every table cell with its place.

use crate::diagnostic::Diagnostic;
use crate::span::{Span, Spanned};
use crate::template::{self, ColumnDef, SectionKind, TableKind, Template};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An exact decimal number as written (`20044679`, `3.5`, `0.0010`): digits and a scale, no floats.
///
/// Trailing zeros after the point are kept, so a value prints back as it was written.
///
/// Comparison is by value, not by writing: `3.5`, `3.50` and `3.500` are equal, hash alike and
/// order alike, as are `0`, `0.00` and `-0`. So is everything that holds a `Decimal`: an
/// [`Amount`] (whose unit is compared as it is, with no conversion: `1 万元` is not `10000 元`),
/// a [`Value`] and a [`Cell`]. To tell two writings apart, compare
/// ([`mantissa`](Decimal::mantissa), [`scale`](Decimal::scale)) or the printed forms.
///
/// # Examples
///
/// ```
/// use zfxxgk::Decimal;
///
/// let a: Decimal = "3.5".parse()?;
/// let b: Decimal = "3.50".parse()?;
/// assert_eq!(a, b);
/// assert!(a < "3.51".parse()?);
/// // Each keeps its writing.
/// assert_eq!((a.to_string(), b.to_string()), ("3.5".to_string(), "3.50".to_string()));
/// assert_ne!((a.mantissa(), a.scale()), (b.mantissa(), b.scale()));
/// # Ok::<(), zfxxgk::DecimalError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Decimal {
    /// The mantissa's two halves (high, low): kept apart so that a `Decimal`, and every cell,
    /// needs no 16-byte alignment.
    halves: (i64, u64),
    scale: u8,
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decimal")
            .field("mantissa", &self.mantissa())
            .field("scale", &self.scale)
            .finish()
    }
}

impl Decimal {
    /// `mantissa × 10^-scale`.
    pub fn new(mantissa: i128, scale: u8) -> Decimal {
        Decimal {
            halves: ((mantissa >> 64) as i64, mantissa as u64),
            scale,
        }
    }

    /// The digits as an integer, sign included.
    pub fn mantissa(&self) -> i128 {
        (i128::from(self.halves.0) << 64) | i128::from(self.halves.1)
    }

    /// How many digits stand after the point.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.halves.0 < 0
    }

    /// The value with no trailing zeros after the point, as (mantissa, scale): the form that
    /// equality and hashing go by (`3.50` → (35, 1), `0.00` → (0, 0)).
    fn normalized(&self) -> (i128, u8) {
        let (mut m, mut scale) = (self.mantissa(), self.scale);
        if m == 0 {
            return (0, 0);
        }
        while scale > 0 && m % 10 == 0 {
            m /= 10;
            scale -= 1;
        }
        (m, scale)
    }

    /// The value as a whole number, when it has no fractional part and fits.
    pub fn to_integer(&self) -> Option<i64> {
        if self.scale == 0 {
            return i64::try_from(self.mantissa()).ok();
        }
        let p = 10i128.checked_pow(u32::from(self.scale))?;
        if self.mantissa() % p != 0 {
            return None;
        }
        i64::try_from(self.mantissa() / p).ok()
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        if self.scale == other.scale {
            return self.halves == other.halves;
        }
        self.normalized() == other.normalized()
    }
}

impl Eq for Decimal {}

impl std::hash::Hash for Decimal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.normalized().hash(state);
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> std::cmp::Ordering {
        let (a, b) = (self.mantissa(), other.mantissa());
        match a.signum().cmp(&b.signum()) {
            std::cmp::Ordering::Equal if a != 0 => {}
            by_sign => return by_sign,
        }
        // Same sign, neither zero: compare the magnitudes, then turn the answer for negatives.
        let by_magnitude = cmp_magnitudes(
            (a.unsigned_abs(), self.scale),
            (b.unsigned_abs(), other.scale),
        );
        if a < 0 {
            by_magnitude.reverse()
        } else {
            by_magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares `a.0 × 10^-a.1` with `b.0 × 10^-b.1`, both magnitudes at least 1: the one of
/// smaller scale is brought to the other's scale; when that overflows `u128`, it is the larger,
/// since the other fits.
fn cmp_magnitudes(a: (u128, u8), b: (u128, u8)) -> std::cmp::Ordering {
    let scaled = |m: u128, by: u8| {
        10u128
            .checked_pow(u32::from(by))
            .and_then(|p| m.checked_mul(p))
    };
    match a.1.cmp(&b.1) {
        std::cmp::Ordering::Equal => a.0.cmp(&b.0),
        std::cmp::Ordering::Less => match scaled(a.0, b.1 - a.1) {
            Some(m) => m.cmp(&b.0),
            None => std::cmp::Ordering::Greater,
        },
        std::cmp::Ordering::Greater => match scaled(b.0, a.1 - b.1) {
            Some(m) => a.0.cmp(&m),
            None => std::cmp::Ordering::Less,
        },
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa().unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        if self.is_negative() {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{int}.{frac}")
    }
}

/// Error returned when a string is not a plain decimal (`-12`, `3.50`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid decimal `{0}`: expected digits with an optional sign and point")]
pub struct DecimalError(String);

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DecimalError(s.chars().take(40).collect());
        let (neg, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        if body.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return Err(err());
        }
        if int.len() + frac.len() > 36 || frac.len() > 18 {
            return Err(err());
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m * 10 + i128::from(b - b'0');
        }
        Ok(Decimal::new(if neg { -m } else { m }, frac.len() as u8))
    }
}

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The unit of a money amount.
///
/// Non-exhaustive: reports may name other units (千元, 亿元) that a later version reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Unit {
    /// 元
    #[serde(rename = "元")]
    Yuan,
    /// 万元 (ten thousand yuan)
    #[serde(rename = "万元")]
    WanYuan,
}

impl Unit {
    /// `元` or `万元`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
        }
    }
}

/// Money: the decimal exactly as written, and its unit (from the cell, else from the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    /// The number.
    pub value: Decimal,
    /// `None` when neither the cell nor its column header names a unit.
    pub unit: Option<Unit>,
}

impl fmt::Display for Amount {
    /// `20044679 元`, `3.5 万元`, or the bare decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Some(u) => write!(f, "{} {}", self.value, u.as_str()),
            None => write!(f, "{}", self.value),
        }
    }
}

/// What a table cell holds. A blank cell is never 0; a lost cell is never a number.
///
/// The four kinds are the values of the flat form (SPEC §8) and are meant to be matched
/// exhaustively, so this enum is not `#[non_exhaustive]`: a new kind would be a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// A count (`12`; `-3` in a `change` column).
    Count(i64),
    /// Money, or a number with a fraction where a count was expected.
    Amount(Amount),
    /// The cell is in the text but empty (spaces, `—`, `-`, `/`, `无`).
    Blank,
    /// The cell could not be found or placed with certainty.
    #[default]
    Missing,
}

impl Value {
    /// The count, when the cell holds one.
    pub fn count(&self) -> Option<i64> {
        match self {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether the cell holds a number (count or amount).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Count(_) | Value::Amount(_))
    }

    /// The amount, when the cell holds one (money, or a number with a fraction).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
    /// let fees = report.cell("proactive.procurement.amount").unwrap();
    /// assert_eq!(fees.value.amount().map(|a| a.to_string()), Some("20044679 元".to_string()));
    /// assert_eq!(fees.value.count(), None);
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn amount(&self) -> Option<Amount> {
        match self {
            Value::Amount(a) => Some(*a),
            _ => None,
        }
    }

    /// Whether the cell is in the text but empty ([`Value::Blank`]: never 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::Value;
    ///
    /// assert!(Value::Blank.is_blank());
    /// assert!(!Value::Count(0).is_blank() && !Value::Missing.is_blank());
    /// ```
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank)
    }

    /// Whether the cell could not be found or placed with certainty ([`Value::Missing`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/001.txt"))?;
    /// // Copied with its blank cells dropped: the labels are bound, the values cannot be placed.
    /// let missing = report.cells().iter().filter(|(_, c)| c.value.is_missing()).count();
    /// assert_eq!((missing, report.cells().len()), (198, 198));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}

impl fmt::Display for Value {
    /// The flat form of SPEC §8: `12`, `-3`, `20044679 元`, `blank`, `missing`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Amount(a) => write!(f, "{a}"),
            Value::Blank => f.write_str("blank"),
            Value::Missing => f.write_str("missing"),
        }
    }
}

/// A table cell: its value and where in the text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Cell {
    /// The value.
    pub value: Value,
    /// The text the value was read from (for a blank cell, its spaces or dash, possibly empty);
    /// `None` for a missing cell or a cell built by hand.
    pub span: Option<Span>,
}

impl Cell {
    /// A cell with a value and no place in any text.
    pub fn new(value: Value) -> Cell {
        Cell { value, span: None }
    }
}

/// A row label as found in the text (numbering and wording as the report has them).
pub type Label = Spanned<String>;

/// A calendar date (`YYYY-MM-DD` in the flat form and in serde).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let mut it = s.splitn(3, '-').map(|p| p.parse::<u16>());
        match (it.next(), it.next(), it.next()) {
            (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)))
                if (1..=12).contains(&m) && (1..=31).contains(&d) =>
            {
                Ok(Date {
                    year: y,
                    month: m as u8,
                    day: d as u8,
                })
            }
            _ => Err(serde::de::Error::custom(format!(
                "invalid date `{s}`: expected YYYY-MM-DD"
            ))),
        }
    }
}

/// A row of a template table, seen generically: its label and its cells column by column.
///
/// Every row struct implements it; [`AnnualReport::row`] returns one by key.
pub trait Row: fmt::Debug {
    /// The label as found in the text, `None` when the row was not found.
    fn label(&self) -> Option<&Label>;
    /// The template's columns of this row, left to right.
    fn columns(&self) -> &'static [ColumnDef];
    /// The cell of column `i` (in [`Row::columns`] order).
    fn cell(&self, i: usize) -> Option<&Cell>;
}

/// Write access to a row, for the binder and for building reports by hand.
pub trait RowMut: Row {
    /// The label slot.
    fn label_mut(&mut self) -> &mut Option<Label>;
    /// The cell of column `i`.
    fn cell_mut(&mut self, i: usize) -> Option<&mut Cell>;
    /// Calls `f` with every cell and its column index, left to right.
    fn for_each_cell_mut(&mut self, f: &mut dyn FnMut(usize, &mut Cell));
}

/// The most cells a row of the binder's has ([`BindRow::parts_mut`]): a template row has at most
/// seven (section 三's); one slot more.
pub(crate) const MAX_ROW_CELLS: usize = 8;

/// A template row as a table's binder writes it: its label slot and all its cells at once.
pub(crate) trait BindRow: RowMut {
    /// The label slot; the cells, left to right, go to `cells` (left as they are past the last
    /// column). Written into the caller's array: returned, the array would be copied as soon as
    /// it is written, which stalls until its words are stored.
    fn parts_mut<'s>(
        &'s mut self,
        cells: &mut [Option<&'s mut Cell>; MAX_ROW_CELLS],
    ) -> &'s mut Option<Label>;
}

macro_rules! row_struct {
    ($(#[$doc:meta])* $name:ident, $cols:expr, { $($(#[$fdoc:meta])* $field:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        pub struct $name {
            /// The row's label as found in the text; `None` when the row was not found.
            pub label: Option<Label>,
            $($(#[$fdoc])* pub $field: Cell,)+
        }

        impl Row for $name {
            fn label(&self) -> Option<&Label> {
                self.label.as_ref()
            }
            fn columns(&self) -> &'static [ColumnDef] {
                $cols
            }
            fn cell(&self, i: usize) -> Option<&Cell> {
                [$(&self.$field),+].get(i).copied()
            }
        }

        impl RowMut for $name {
            fn label_mut(&mut self) -> &mut Option<Label> {
                &mut self.label
            }
            fn cell_mut(&mut self, i: usize) -> Option<&mut Cell> {
                [$(&mut self.$field),+].into_iter().nth(i)
            }
            fn for_each_cell_mut(&mut self, f: &mut dyn FnMut(usize, &mut Cell)) {
                for (i, c) in [$(&mut self.$field),+].into_iter().enumerate() {
                    f(i, c);
                }
            }
        }

        impl BindRow for $name {
            fn parts_mut<'s>(
                &'s mut self,
                cells: &mut [Option<&'s mut Cell>; MAX_ROW_CELLS],
            ) -> &'s mut Option<Label> {
                for (o, c) in cells.iter_mut().zip([$(&mut self.$field),+]) {
                    *o = Some(c);
                }
                &mut self.label
            }
        }
    };
}

row_struct!(
    /// A row of section 三: applicants by type, and the total.
    ApplicantCounts, template::APPLICANT_COLUMNS, {
    /// 自然人
    natural_person,
    /// 法人或其他组织 · 商业企业
    business,
    /// 法人或其他组织 · 科研机构
    research,
    /// 法人或其他组织 · 社会公益组织
    social_org,
    /// 法人或其他组织 · 法律服务机构
    legal_service,
    /// 法人或其他组织 · 其他
    other_org,
    /// 总计
    total,
});

row_struct!(
    /// A group of section 四: outcomes of review or litigation cases.
    Outcomes, template::OUTCOME_COLUMNS, {
    /// 结果维持
    upheld,
    /// 结果纠正
    corrected,
    /// 其他结果
    other,
    /// 尚未审结
    pending,
    /// 总计
    total,
});

row_struct!(
    /// Template 2019, article （一）: documents made and published.
    PublishedCounts, template::ROWS_2019[0].columns, {
    /// 本年新制作数量
    new_made,
    /// 本年新公开数量
    new_published,
    /// 对外公开总数量
    total_published,
});

row_struct!(
    /// Template 2019, articles （五）（六）: items and decisions.
    ItemCounts, template::ROWS_2019[2].columns, {
    /// 上一年项目数量
    prev_items,
    /// 本年增/减 (may be negative)
    change,
    /// 处理决定数量
    decisions,
});

row_struct!(
    /// Template 2019, article （八）: fee items.
    FeeItems, template::ROWS_2019[6].columns, {
    /// 上一年项目数量
    prev_items,
    /// 本年增/减 (may be negative)
    change,
});

row_struct!(
    /// Template 2019, article （九）: government procurement.
    Procurement, template::ROWS_2019[7].columns, {
    /// 采购项目数量
    items,
    /// 采购总金额 (an amount)
    amount,
});

row_struct!(
    /// Template 2021, article （一）: documents issued, repealed, in force.
    DocumentCounts, template::ROWS_2021[0].columns, {
    /// 本年制发件数
    issued,
    /// 本年废止件数
    repealed,
    /// 现行有效件数
    in_force,
});

row_struct!(
    /// Template 2021, articles （五）（六）: decisions of the year.
    Decisions, template::ROWS_2021[2].columns, {
    /// 本年处理决定数量
    decisions,
});

row_struct!(
    /// Template 2021, article （八）: fees collected.
    FeeAmount, template::ROWS_2021[5].columns, {
    /// 本年收费金额 (an amount, 万元 unless written otherwise)
    amount,
});

/// Section 二 on template 2019: five tables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Proactive2019 {
    /// （一）规章
    pub rules: PublishedCounts,
    /// （一）规范性文件
    pub normative_docs: PublishedCounts,
    /// （五）行政许可
    pub licensing: ItemCounts,
    /// （五）其他对外管理服务事项
    pub other_services: ItemCounts,
    /// （六）行政处罚
    pub penalty: ItemCounts,
    /// （六）行政强制
    pub enforcement: ItemCounts,
    /// （八）行政事业性收费
    pub fees: FeeItems,
    /// （九）政府集中采购
    pub procurement: Procurement,
}

/// Section 二 on template 2021: four tables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Proactive2021 {
    /// （一）规章
    pub rules: DocumentCounts,
    /// （一）行政规范性文件
    pub normative_docs: DocumentCounts,
    /// （五）行政许可
    pub licensing: Decisions,
    /// （六）行政处罚
    pub penalty: Decisions,
    /// （六）行政强制
    pub enforcement: Decisions,
    /// （八）行政事业性收费
    pub fees: FeeAmount,
}

/// Section 二, as the report's template has it.
///
/// Exhaustive like [`Template`]: match it without a `_` arm, so that a new template is a
/// compile error where its tables must be handled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "template")]
#[allow(clippy::large_enum_variant)] // one per report; boxing would only cost an allocation
pub enum Proactive {
    /// Template 2019.
    #[serde(rename = "2019")]
    T2019(Proactive2019),
    /// Template 2021.
    #[serde(rename = "2021")]
    T2021(Proactive2021),
}

/// （三）不予公开: eight reasons.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Denied {
    /// 1.属于国家秘密
    pub state_secret: ApplicantCounts,
    /// 2.其他法律行政法规禁止公开
    pub prohibited_by_law: ApplicantCounts,
    /// 3.危及“三安全一稳定”
    pub security_stability: ApplicantCounts,
    /// 4.保护第三方合法权益
    pub third_party: ApplicantCounts,
    /// 5.属于三类内部事务信息
    pub internal_affairs: ApplicantCounts,
    /// 6.属于四类过程性信息
    pub process_info: ApplicantCounts,
    /// 7.属于行政执法案卷
    pub enforcement_file: ApplicantCounts,
    /// 8.属于行政查询事项
    pub query_matter: ApplicantCounts,
}

/// （四）无法提供: three reasons.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Unavailable {
    /// 1.本机关不掌握相关政府信息
    pub not_held: ApplicantCounts,
    /// 2.没有现成信息需要另行制作
    pub needs_creation: ApplicantCounts,
    /// 3.补正后申请内容仍不明确
    pub unclear: ApplicantCounts,
}

/// （五）不予处理: five reasons.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct NotProcessed {
    /// 1.信访举报投诉类申请
    pub complaint: ApplicantCounts,
    /// 2.重复申请
    pub repeated: ApplicantCounts,
    /// 3.要求提供公开出版物
    pub publication: ApplicantCounts,
    /// 4.无正当理由大量反复申请
    pub excessive: ApplicantCounts,
    /// 5.要求行政机关确认或重新出具已获取信息
    pub reissue: ApplicantCounts,
}

/// （六）其他处理 on template 2021: three rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct OtherItemized {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
    pub no_correction: ApplicantCounts,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
    pub fee_unpaid: ApplicantCounts,
    /// 3.其他
    pub other: ApplicantCounts,
}

/// （六）其他处理: one row on template 2019, three on template 2021.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // one per report; boxing would only cost an allocation
pub enum OtherProcessing {
    /// Template 2019: one row.
    Single(ApplicantCounts),
    /// Template 2021: three rows.
    Itemized(OtherItemized),
}

/// Section 三: applications received and handled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Applications {
    /// 一、本年新收政府信息公开申请数量
    pub new_received: ApplicantCounts,
    /// 二、上年结转政府信息公开申请数量
    pub carried_over: ApplicantCounts,
    /// （一）予以公开
    pub granted: ApplicantCounts,
    /// （二）部分公开
    pub partly_granted: ApplicantCounts,
    /// （三）不予公开
    pub denied: Denied,
    /// （四）无法提供
    pub unavailable: Unavailable,
    /// （五）不予处理
    pub not_processed: NotProcessed,
    /// （六）其他处理
    pub other: OtherProcessing,
    /// （七）总计
    pub total: ApplicantCounts,
    /// 四、结转下年度继续办理
    pub carried_forward: ApplicantCounts,
}

/// Section 四: administrative review and litigation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ReviewLitigation {
    /// 行政复议
    pub review: Outcomes,
    /// 行政诉讼 · 未经复议直接起诉
    pub litigation_direct: Outcomes,
    /// 行政诉讼 · 复议后起诉
    pub litigation_after_review: Outcomes,
}

/// A row found in a table that the template does not have (a province's addition, a second
/// 政府集中采购 row …). It is kept with its label and reported; it never changes a template row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExtraRow {
    /// The table it stands in.
    pub table: TableKind,
    /// Its label as written.
    pub label: Label,
    /// Its values, left to right, as found.
    pub cells: Vec<Cell>,
}

/// Who published the report, on what, on which template, and when.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Metadata {
    /// The agency: the signature's name when there is one, else the title's.
    pub agency: Option<Spanned<String>>,
    /// The year reported on (from the title, else from the statistics period).
    pub year: Option<Spanned<u16>>,
    /// The template, decided from the tables' headers and rows.
    pub template: Template,
    /// The signature's date.
    pub published: Option<Spanned<Date>>,
}

/// One of the six sections: its heading and its text, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Section {
    /// Which section.
    pub kind: SectionKind,
    /// The heading as written (`一、工作情况:`, `一 、总体情况`, `第一部分：总体情况`), without the
    /// Markdown marks a converter may leave around it (`## `, `**…**`): the span covers this text.
    pub heading: Spanned<String>,
    /// Everything between the heading and the next heading (or the signature), verbatim,
    /// without leading and trailing blank lines; for sections 二–四 this includes the table text.
    pub text: Spanned<String>,
}

/// A parsed annual report.
///
/// Built by [`crate::parse`]; every table value is a [`Cell`] with its span in the input.
/// Non-fatal problems found while parsing are in [`AnnualReport::diagnostics`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnnualReport {
    /// Agency, year, template, publication date.
    pub metadata: Metadata,
    /// The title line(s), when found.
    pub title: Option<Spanned<String>>,
    /// The sections found, in order.
    pub sections: Vec<Section>,
    /// Section 二.
    pub proactive: Proactive,
    /// Section 三.
    pub applications: Applications,
    /// Section 四.
    pub review_litigation: ReviewLitigation,
    /// Rows the template does not have.
    pub extra_rows: Vec<ExtraRow>,
    /// What parsing noticed: lost values, extra rows, surplus cells …
    pub diagnostics: Vec<Diagnostic>,
}

impl Applications {
    /// An empty table of the template (every cell missing).
    pub fn new(template: Template) -> Applications {
        Applications {
            new_received: Default::default(),
            carried_over: Default::default(),
            granted: Default::default(),
            partly_granted: Default::default(),
            denied: Default::default(),
            unavailable: Default::default(),
            not_processed: Default::default(),
            other: match template {
                Template::T2019 => OtherProcessing::Single(Default::default()),
                Template::T2021 => OtherProcessing::Itemized(Default::default()),
            },
            total: Default::default(),
            carried_forward: Default::default(),
        }
    }
}

impl Proactive {
    /// An empty section 二 of the template (every cell missing).
    pub fn new(template: Template) -> Proactive {
        match template {
            Template::T2019 => Proactive::T2019(Default::default()),
            Template::T2021 => Proactive::T2021(Default::default()),
        }
    }
}

impl AnnualReport {
    /// A report of the template with every cell missing, no sections and no metadata besides
    /// the template: the starting point for building a report by hand.
    pub fn empty(template: Template) -> AnnualReport {
        AnnualReport {
            metadata: Metadata {
                agency: None,
                year: None,
                template,
                published: None,
            },
            title: None,
            sections: Vec::new(),
            proactive: Proactive::new(template),
            applications: Applications::new(template),
            review_litigation: ReviewLitigation::default(),
            extra_rows: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Makes an empty report (as [`AnnualReport::empty`] makes it) one of `template`: only the
    /// tables that differ between templates are made again, not the whole report.
    pub(crate) fn set_empty_template(&mut self, template: Template) {
        if template != self.metadata.template {
            self.metadata.template = template;
            self.proactive = Proactive::new(template);
            self.applications = Applications::new(template);
        }
    }

    /// The report's template.
    pub fn template(&self) -> Template {
        self.metadata.template
    }

    /// The agency's name ([`Metadata::agency`] without its span), when found.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/000.txt"))?;
    /// assert_eq!(report.agency(), Some("天津市宁河区商务局"));
    /// assert_eq!((report.year(), report.published().map(|d| d.to_string())),
    ///            (Some(2020), Some("2021-02-18".to_string())));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn agency(&self) -> Option<&str> {
        self.metadata.agency.as_ref().map(|a| a.value.as_str())
    }

    /// The year reported on ([`Metadata::year`] without its span), when found.
    pub fn year(&self) -> Option<u16> {
        self.metadata.year.as_ref().map(|y| y.value)
    }

    /// The signature's date ([`Metadata::published`] without its span), when found.
    pub fn published(&self) -> Option<Date> {
        self.metadata.published.as_ref().map(|d| d.value)
    }

    /// The section of a kind, when the report has it.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The template row with the given key (`applications.denied.third_party`, `review`,
    /// `proactive.fees`), when the report's template has it.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
    /// let row = report.row("proactive.procurement").unwrap();
    /// assert_eq!(row.label().unwrap().value, "政府集中采购");
    /// let columns: Vec<&str> = row.columns().iter().map(|c| c.label).collect();
    /// assert_eq!(columns, ["采购项目数量", "采购总金额"]);
    /// assert_eq!(row.cell(0).unwrap().value, zfxxgk::Value::Count(28));
    /// // Template 2019 has no `applications.other.fee_unpaid` row.
    /// assert!(report.row("applications.other.fee_unpaid").is_none());
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn row(&self, key: &str) -> Option<&dyn Row> {
        let i = self.template().rows().iter().position(|d| d.key == key)?;
        self.rows().into_iter().nth(i)
    }

    /// Write access to the template row with the given key.
    pub fn row_mut(&mut self, key: &str) -> Option<&mut dyn RowMut> {
        let i = self.template().rows().iter().position(|d| d.key == key)?;
        self.rows_mut().into_iter().nth(i)
    }

    /// The template rows in SPEC order: `rows()[i]` is the row of `self.template().rows()[i]`.
    pub fn rows(&self) -> Vec<&dyn Row> {
        rows_of(&self.proactive, &self.applications, &self.review_litigation)
    }

    /// Write access to the template rows in SPEC order.
    pub fn rows_mut(&mut self) -> Vec<&mut dyn RowMut> {
        rows_of_mut(
            &mut self.proactive,
            &mut self.applications,
            &mut self.review_litigation,
        )
    }

    /// The parts of the report a table's binder writes, borrowed apart: the template rows in
    /// SPEC order (as [`AnnualReport::rows_mut`] gives them), the extra rows and the diagnostics.
    pub(crate) fn bind_parts(&mut self) -> BindParts<'_> {
        BindParts {
            template: self.metadata.template,
            rows: bind_rows_of(
                &mut self.proactive,
                &mut self.applications,
                &mut self.review_litigation,
            ),
            extra_rows: &mut self.extra_rows,
            diagnostics: &mut self.diagnostics,
        }
    }

    /// The cell with a full key (`applications.total.total`, `proactive.fees.amount`).
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::{Amount, Unit, Value};
    ///
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/004.txt"))?;
    /// let cell = report.cell("proactive.procurement.amount").unwrap();
    /// let Value::Amount(Amount { value, unit }) = cell.value else { panic!("an amount") };
    /// assert_eq!((value.to_string(), unit), ("20044679".to_string(), Some(Unit::Yuan)));
    /// assert!(report.cell("proactive.procurement.nonsense").is_none());
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn cell(&self, key: &str) -> Option<&Cell> {
        let (row, column) = key.rsplit_once('.')?;
        let row = self.row(row)?;
        let i = row.columns().iter().position(|c| c.key == column)?;
        row.cell(i)
    }

    /// Every template cell in SPEC order, with its canonical key: what data teams load.
    ///
    /// There is one entry per cell of the report's template (198 on template 2019, 200 on
    /// template 2021), whatever was found: a cell not found is [`Value::Missing`]. The order is
    /// that of [`Template::rows`] and their columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use zfxxgk::Value;
    ///
    /// let report = zfxxgk::parse(include_str!("../tests/fixtures/000.txt"))?;
    /// let cells = report.cells();
    /// assert_eq!(cells.len(), 198);
    /// assert_eq!(cells[0].0, "proactive.rules.new_made");
    /// let numbers = cells.iter().filter(|(_, c)| c.value.is_number()).count();
    /// let blank = cells.iter().filter(|(_, c)| c.value == Value::Blank).count();
    /// assert_eq!((numbers, blank), (60, 138));
    /// # Ok::<(), zfxxgk::Error>(())
    /// ```
    pub fn cells(&self) -> Vec<(&'static str, &Cell)> {
        let keys = crate::cells::keys(self.template());
        let mut out = Vec::with_capacity(keys.len());
        let mut k = keys.iter();
        for row in self.rows() {
            for i in 0..row.columns().len() {
                if let (Some(c), Some(key)) = (row.cell(i), k.next()) {
                    out.push((key.as_str(), c));
                }
            }
        }
        out
    }

    /// Calls `f` on every span the report holds outside its table rows, extra rows and sections:
    /// metadata, title, diagnostics.
    pub(crate) fn for_each_span_outside_tables_mut<F: FnMut(&mut Span)>(&mut self, f: &mut F) {
        let m = &mut self.metadata;
        if let Some(a) = &mut m.agency {
            f(&mut a.span);
        }
        if let Some(y) = &mut m.year {
            f(&mut y.span);
        }
        if let Some(p) = &mut m.published {
            f(&mut p.span);
        }
        if let Some(t) = &mut self.title {
            f(&mut t.span);
        }
        for d in &mut self.diagnostics {
            d.for_each_span_mut(f);
        }
    }
}

/// A report's parts as a table's binder writes them ([`AnnualReport::bind_parts`]).
pub(crate) struct BindParts<'a> {
    /// The report's template.
    pub template: Template,
    /// The template rows in SPEC order: `rows[i]` is the row of `template.rows()[i]`.
    pub rows: Vec<&'a mut dyn BindRow>,
    /// The rows the template does not have.
    pub extra_rows: &'a mut Vec<ExtraRow>,
    /// What parsing noticed.
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

/// Generates the list of a report's template rows in SPEC order, shared and mutable, from one body:
/// the rows of its three tables.
macro_rules! rows_in_order {
    ($name:ident, $tr:ident, $($m:ident)?) => {
        fn $name<'a>(
            proactive: &'a $($m)? Proactive,
            applications: &'a $($m)? Applications,
            review_litigation: &'a $($m)? ReviewLitigation,
        ) -> Vec<&'a $($m)? dyn $tr> {
            let mut v: Vec<&'a $($m)? dyn $tr> = Vec::with_capacity(34);
            match proactive {
                Proactive::T2019(p) => v.extend([
                    &$($m)? p.rules as &$($m)? dyn $tr,
                    &$($m)? p.normative_docs,
                    &$($m)? p.licensing,
                    &$($m)? p.other_services,
                    &$($m)? p.penalty,
                    &$($m)? p.enforcement,
                    &$($m)? p.fees,
                    &$($m)? p.procurement,
                ]),
                Proactive::T2021(p) => v.extend([
                    &$($m)? p.rules as &$($m)? dyn $tr,
                    &$($m)? p.normative_docs,
                    &$($m)? p.licensing,
                    &$($m)? p.penalty,
                    &$($m)? p.enforcement,
                    &$($m)? p.fees,
                ]),
            }
            let a = applications;
            let d = &$($m)? a.denied;
            let u = &$($m)? a.unavailable;
            let n = &$($m)? a.not_processed;
            v.extend([
                &$($m)? a.new_received as &$($m)? dyn $tr,
                &$($m)? a.carried_over,
                &$($m)? a.granted,
                &$($m)? a.partly_granted,
                &$($m)? d.state_secret,
                &$($m)? d.prohibited_by_law,
                &$($m)? d.security_stability,
                &$($m)? d.third_party,
                &$($m)? d.internal_affairs,
                &$($m)? d.process_info,
                &$($m)? d.enforcement_file,
                &$($m)? d.query_matter,
                &$($m)? u.not_held,
                &$($m)? u.needs_creation,
                &$($m)? u.unclear,
                &$($m)? n.complaint,
                &$($m)? n.repeated,
                &$($m)? n.publication,
                &$($m)? n.excessive,
                &$($m)? n.reissue,
            ]);
            match &$($m)? a.other {
                OtherProcessing::Single(o) => v.push(o),
                OtherProcessing::Itemized(o) => v.extend([
                    &$($m)? o.no_correction as &$($m)? dyn $tr,
                    &$($m)? o.fee_unpaid,
                    &$($m)? o.other,
                ]),
            }
            let r = review_litigation;
            v.extend([
                &$($m)? a.total as &$($m)? dyn $tr,
                &$($m)? a.carried_forward,
                &$($m)? r.review,
                &$($m)? r.litigation_direct,
                &$($m)? r.litigation_after_review,
            ]);
            v
        }
    };
}

rows_in_order!(rows_of, Row,);
rows_in_order!(rows_of_mut, RowMut, mut);
rows_in_order!(bind_rows_of, BindRow, mut);

impl FromStr for AnnualReport {
    type Err = crate::Error;

    /// Same as [`crate::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_report_made_another_templates_is_that_templates_empty_report() {
        for from in [Template::T2019, Template::T2021] {
            for to in [Template::T2019, Template::T2021] {
                let mut r = AnnualReport::empty(from);
                r.set_empty_template(to);
                assert_eq!(r, AnnualReport::empty(to), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn a_binders_row_parts_are_the_rows_cells() {
        for t in [Template::T2019, Template::T2021] {
            let mut report = AnnualReport::empty(t);
            let BindParts { rows, .. } = report.bind_parts();
            for row in rows {
                let n = row.columns().len();
                let mut cells = [const { None }; MAX_ROW_CELLS];
                row.parts_mut(&mut cells);
                let cells: Vec<*const Cell> = cells
                    .into_iter()
                    .map_while(|c| c.map(|c| c as *const Cell))
                    .collect();
                assert_eq!(cells.len(), n);
                for (i, c) in cells.into_iter().enumerate() {
                    assert!(std::ptr::eq(row.cell_mut(i).unwrap(), c));
                }
            }
        }
    }

    #[test]
    fn rows_follow_the_template_order() {
        for t in [Template::T2019, Template::T2021] {
            let mut r = AnnualReport::empty(t);
            for def in t.rows() {
                let row = r.row_mut(def.key).expect(def.key);
                *row.label_mut() = Some(Spanned::new(def.key.to_string(), Span::default()));
            }
            let rows = r.rows();
            assert_eq!(rows.len(), t.rows().len());
            for (row, def) in rows.iter().zip(t.rows()) {
                assert_eq!(row.label().map(|l| l.value.as_str()), Some(def.key));
                assert_eq!(row.columns(), def.columns);
            }
        }
    }

    #[test]
    fn decimals_print_as_written() {
        for s in ["0", "3.5", "3.50", "-3", "0.0001", "20044679"] {
            assert_eq!(s.parse::<Decimal>().unwrap().to_string(), s);
        }
        assert!("1.".parse::<Decimal>().is_err());
        assert!("".parse::<Decimal>().is_err());
        assert_eq!("3.00".parse::<Decimal>().unwrap().to_integer(), Some(3));
    }

    #[test]
    fn mantissas_keep_their_value_and_sign() {
        for m in [
            0,
            1,
            -1,
            42,
            -42,
            i128::from(i64::MAX) + 1,
            i128::from(i64::MIN) - 1,
            i128::MAX,
            i128::MIN,
        ] {
            let d = Decimal::new(m, 2);
            assert_eq!(
                (d.mantissa(), d.scale(), d.is_negative()),
                (m, 2, m < 0),
                "{m}"
            );
        }
        assert_eq!(
            format!("{:?}", Decimal::new(-35, 1)),
            "Decimal { mantissa: -35, scale: 1 }"
        );
        assert_eq!(Decimal::new(-35, 1).to_string(), "-3.5");
        assert_ne!(Decimal::new(1, 0), Decimal::new(1 << 64, 0));
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn hash_of(d: &Decimal) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one(d)
    }

    #[test]
    fn decimals_equal_by_value_and_keep_their_writing() {
        assert_eq!(dec("3.5"), dec("3.50"));
        assert_eq!(dec("3.50"), dec("3.500"));
        assert_eq!(dec("3"), dec("3.000"));
        assert_eq!(dec("-3.5"), dec("-3.50"));
        assert_eq!(dec("0"), dec("0.00"));
        assert_eq!(dec("-0"), dec("0"));
        assert_eq!(dec("-0.00"), dec("0.0"));
        assert_eq!(dec("0.0010"), dec("0.001"));
        assert_eq!(dec("20044679"), dec("20044679.00"));
        assert_ne!(dec("3.5"), dec("3.05"));
        assert_ne!(dec("3.5"), dec("35"));
        assert_ne!(dec("3.5"), dec("-3.5"));
        assert_ne!(dec("0.001"), dec("0"));
        // The writing stays.
        assert_eq!(
            ["3.5", "3.50", "3.500", "0.00", "-0.00"].map(|s| dec(s).to_string()),
            ["3.5", "3.50", "3.500", "0.00", "0.00"]
        );
        assert_eq!((dec("3.50").mantissa(), dec("3.50").scale()), (350, 2));
        assert_eq!(dec("3.5").normalized(), (35, 1));
        assert_eq!(dec("3.500").normalized(), (35, 1));
        assert_eq!(dec("300").normalized(), (300, 0));
        assert_eq!(dec("0.000").normalized(), (0, 0));
        assert_eq!(Decimal::new(0, 255).normalized(), (0, 0));
    }

    #[test]
    fn equal_decimals_hash_alike() {
        let set: std::collections::HashSet<Decimal> = [
            "3.5", "3.50", "3.500", "0", "0.00", "-0", "-0.0", "7", "7.0", "-7",
        ]
        .map(dec)
        .into_iter()
        .collect();
        assert_eq!(set.len(), 4);
        for s in ["3.5000", "0.0000", "7.00", "-7.000"] {
            assert!(set.contains(&dec(s)), "{s}");
        }
        assert!(!set.contains(&dec("3.05")));
        assert_eq!(hash_of(&dec("3.5")), hash_of(&dec("3.500")));
        assert_eq!(hash_of(&dec("0")), hash_of(&Decimal::new(0, 200)));
        assert_eq!(
            hash_of(&Decimal::new(1, 0)),
            hash_of(&Decimal::new(10i128.pow(38), 38))
        );
    }

    #[test]
    fn values_amounts_and_cells_compare_by_value() {
        let amount = |s: &str, unit| {
            Value::Amount(Amount {
                value: dec(s),
                unit,
            })
        };
        assert_eq!(
            amount("3.5", Some(Unit::WanYuan)),
            amount("3.50", Some(Unit::WanYuan))
        );
        assert_eq!(
            Cell::new(amount("12", None)),
            Cell::new(amount("12.00", None))
        );
        // Units are compared as they are, not converted.
        assert_ne!(
            amount("1", Some(Unit::WanYuan)),
            amount("10000", Some(Unit::Yuan))
        );
        assert_ne!(amount("3.5", None), amount("3.5", Some(Unit::Yuan)));
        // A count is no amount, whatever the number.
        assert_ne!(Value::Count(3), amount("3", None));
        assert_eq!(amount("3.50", Some(Unit::Yuan)).to_string(), "3.50 元");
    }

    #[test]
    fn decimals_order_by_value() {
        use std::cmp::Ordering::*;
        let mut v: Vec<Decimal> = [
            "2", "-1.5", "0.10", "-0", "1.05", "-10", "0.1", "1.050", "0.09",
        ]
        .map(dec)
        .into();
        v.sort();
        let sorted: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        // A stable sort keeps equal values in their order.
        assert_eq!(
            sorted,
            ["-10", "-1.5", "0", "0.09", "0.10", "0.1", "1.05", "1.050", "2"]
        );
        assert_eq!(dec("3.5").cmp(&dec("3.50")), Equal);
        assert_eq!(dec("-3.5").cmp(&dec("-3.49")), Less);
        assert_eq!(dec("-0.001").cmp(&dec("0")), Less);
        assert_eq!(dec("0.001").cmp(&dec("-0")), Greater);
        assert_eq!(dec("0.001").partial_cmp(&dec("0.0010")), Some(Equal));
    }

    #[test]
    fn large_mantissas_and_scales_compare_without_overflow() {
        use std::cmp::Ordering::*;
        let (max, min) = (i128::MAX, i128::MIN);
        // 10^38 × 10^-38 = 1: equal across 38 places.
        assert_eq!(Decimal::new(10i128.pow(38), 38), Decimal::new(1, 0));
        assert_eq!(Decimal::new(-(10i128.pow(38)), 38), Decimal::new(-1, 0));
        assert_ne!(Decimal::new(max, 0), Decimal::new(max, 1));
        assert_ne!(Decimal::new(min, 0), Decimal::new(min, 255));
        assert_eq!(Decimal::new(max, 7), Decimal::new(max, 7));
        assert_eq!(Decimal::new(min, 200), Decimal::new(min, 200));
        // i128::MAX ≈ 1.7 × 10^38: × 10^-38 it is above 1, × 10^-39 below; 1 × 10^39 overflows.
        assert_eq!(Decimal::new(max, 38).cmp(&Decimal::new(1, 0)), Greater);
        assert_eq!(Decimal::new(max, 39).cmp(&Decimal::new(1, 0)), Less);
        assert_eq!(Decimal::new(1, 0).cmp(&Decimal::new(max, 39)), Greater);
        assert_eq!(Decimal::new(min, 39).cmp(&Decimal::new(-1, 0)), Greater);
        assert_eq!(Decimal::new(min, 38).cmp(&Decimal::new(-1, 0)), Less);
        // The extremes at every scale gap.
        assert_eq!(Decimal::new(max, 0).cmp(&Decimal::new(1, 255)), Greater);
        assert_eq!(Decimal::new(1, 255).cmp(&Decimal::new(max, 0)), Less);
        assert_eq!(Decimal::new(min, 0).cmp(&Decimal::new(max, 0)), Less);
        assert_eq!(Decimal::new(min, 0).cmp(&Decimal::new(min + 1, 0)), Less);
        assert_eq!(Decimal::new(min, 1).cmp(&Decimal::new(min, 0)), Greater);
        assert_eq!(Decimal::new(max, 255).cmp(&Decimal::new(max, 254)), Less);
        assert_eq!(Decimal::new(min, 255).cmp(&Decimal::new(-1, 255)), Less);
        // i128::MAX − 7 ends in 0 (…727 − 7 = …720): equal to a tenth as much one place up.
        let m = max - 7;
        assert_eq!(Decimal::new(m, 1), Decimal::new(m / 10, 0));
        assert_eq!(Decimal::new(m, 1).normalized(), (m / 10, 0));
        assert_eq!(
            hash_of(&Decimal::new(m, 1)),
            hash_of(&Decimal::new(m / 10, 0))
        );
    }

    /// A decimal's written form with no trailing zeros: the reference for equality.
    fn reference_normalized(d: Decimal) -> (i128, u8) {
        let (mut m, mut s) = (d.mantissa(), d.scale());
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        if m == 0 {
            s = 0;
        }
        (m, s)
    }

    /// The order by digits: both magnitudes written out to the larger scale, compared as
    /// strings of digits (longer is larger, then digit by digit).
    fn reference_cmp(a: Decimal, b: Decimal) -> std::cmp::Ordering {
        let scale = a.scale().max(b.scale());
        let digits = |d: Decimal| {
            let s = format!(
                "{}{}",
                d.mantissa().unsigned_abs(),
                "0".repeat(usize::from(scale - d.scale()))
            );
            let s = s.trim_start_matches('0').to_string();
            (s.len(), s)
        };
        let (sa, sb) = (a.mantissa().signum(), b.mantissa().signum());
        if sa != sb {
            return sa.cmp(&sb);
        }
        let by_magnitude = digits(a).cmp(&digits(b));
        if sa < 0 {
            by_magnitude.reverse()
        } else {
            by_magnitude
        }
    }

    /// A mantissa: any, small, or a power of ten times a small number (trailing zeros).
    fn mantissa() -> impl proptest::strategy::Strategy<Value = i128> {
        use proptest::prelude::*;
        prop_oneof![
            any::<i128>(),
            -1000i128..1000,
            (-99i128..100, 0u32..=36).prop_map(|(m, e)| m * 10i128.pow(e)),
            Just(i128::MAX),
            Just(i128::MIN),
        ]
    }

    fn decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        let scale = prop_oneof![0u8..8, 0u8..=40, any::<u8>()];
        (mantissa(), scale).prop_map(|(m, s)| Decimal::new(m, s))
    }

    /// A decimal and another: unrelated, or the same value written with more trailing zeros
    /// (when it fits), or one unit of its last place off.
    fn pair() -> impl proptest::strategy::Strategy<Value = (Decimal, Decimal)> {
        use proptest::prelude::*;
        (decimal(), decimal(), 0u8..40, 0u8..3).prop_map(|(a, b, k, how)| match how {
            0 => (a, b),
            1 => {
                let widened = 10i128
                    .checked_pow(u32::from(k))
                    .and_then(|p| a.mantissa().checked_mul(p))
                    .zip(a.scale().checked_add(k));
                match widened {
                    Some((m, s)) => (a, Decimal::new(m, s)),
                    None => (a, a),
                }
            }
            _ => (a, Decimal::new(a.mantissa().saturating_add(1), a.scale())),
        })
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config())]

        #[test]
        fn equal_iff_normalized_forms_agree((a, b) in pair()) {
            let same = reference_normalized(a) == reference_normalized(b);
            proptest::prop_assert_eq!(a == b, same, "{:?} {:?}", a, b);
            proptest::prop_assert_eq!(a.normalized(), reference_normalized(a));
            if same {
                proptest::prop_assert_eq!(hash_of(&a), hash_of(&b));
            }
            proptest::prop_assert_eq!(a.cmp(&b), reference_cmp(a, b), "{:?} {:?}", a, b);
            proptest::prop_assert_eq!(b.cmp(&a), reference_cmp(b, a), "{:?} {:?}", a, b);
            proptest::prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a == b);
        }
    }
}
