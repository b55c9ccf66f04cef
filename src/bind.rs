//! Binding: rows of raw cells, whatever their layout, bound to the template's rows and columns.
//!
//! Labels are matched by what identifies them (numbering, letters), tolerating punctuation,
//! spacing and the wording variants of [`crate::template`]. Values are placed only when their
//! column is certain; otherwise the cells stay `missing` and a diagnostic says so.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::Lines;
use crate::index::{row_chars, row_cores};
pub(crate) use crate::layout::TableText;
use crate::layout::{self, Grid, Layout, RawCell};
use crate::model::{Amount, AnnualReport, BindParts, BindRow, Cell, ExtraRow, Label, Unit, Value};
use crate::span::{Span, Spanned};
use crate::template::{
    ColumnDef, ColumnKind, Numbering, RowDef, TableKind, Template, GROUPS, HEADER_WORDS,
};
use crate::text::{
    self, core_without_parens, header_unit, similarity, CellText, CharMasks, KeyRef,
};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Reads the tables of a section (its lines) into `texts`, the grid all sections share: split
/// at article headers (`第二十条第（一）项`) so that each table gets its own layout.
///
/// `first` is the 0-based number of the first line in the input.
pub(crate) fn read_tables<'a>(
    texts: &mut layout::Texts<'a>,
    lines: Lines<'_, 'a>,
    first: usize,
    split_articles: bool,
) -> Vec<TableText> {
    // A section split at its article headers has a table per article (five on template 2019,
    // four on 2021) and one before them: room for all at once. Unsplit, it has one.
    let mut parts = Vec::with_capacity(if split_articles { 8 } else { 1 });
    let mut read = |start: usize, end: usize| {
        let chunk = lines.slice(start..end);
        parts.push(texts.read(layout::detect(chunk), chunk, first + start));
    };
    let mut start = 0;
    if split_articles {
        for (i, l) in lines.iter().enumerate() {
            if i > start && is_article_header(l.text) {
                read(start, i);
                start = i;
            }
        }
    }
    read(start, lines.len());
    parts
}

/// Whether a line is an article header: past its padding, it starts with `第二十条` (as its
/// trimmed text would; the padding after it is never part of those four characters).
fn is_article_header(line: &str) -> bool {
    const HEADER: &[u8] = "第二十条".as_bytes();
    let b = line.as_bytes();
    // Most lines of a table are shorter (a value, a blank line).
    if b.len() < HEADER.len() {
        return false;
    }
    let mut i = 0;
    while let n @ 1.. = text::space_at(b.get(i..).unwrap_or_default()) {
        i += n;
    }
    b.get(i..).unwrap_or_default().starts_with(HEADER)
}

/// Decides the template from the tables' own headers and rows (the label cells that mark each
/// template): `None` when they say nothing.
pub(crate) fn detect_template(tables: &[&[TableText]]) -> Option<Template> {
    let (mut a, mut b) = (0usize, 0usize);
    for t in tables.iter().copied().flatten() {
        let [m2019, m2021] = t.marks;
        a += m2019;
        b += m2021;
    }
    match a.cmp(&b) {
        std::cmp::Ordering::Greater => Some(Template::T2019),
        std::cmp::Ordering::Less => Some(Template::T2021),
        std::cmp::Ordering::Equal => None,
    }
}

/// What a label cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A template row (index into `Template::rows`).
    Item(usize),
    /// A group label of section 三 (`（三）不予公开`).
    Group,
    /// A column header, article header or the identity line.
    Header,
    /// Nothing the template knows.
    Unknown,
}

/// What a label is among a table's headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct HeaderRole {
    /// The label is a header: a table's corner cell, one of [`HEADER_WORDS`] or a column's
    /// header.
    pub header: bool,
    /// The label heads an amount column and names its unit: the column's label and the unit.
    pub unit: Option<(&'static str, Unit)>,
}

/// What a label is among `table`'s headers: a header when it is a table's corner cell, or,
/// unnumbered, one of [`HEADER_WORDS`] or a column's header (with the unit an amount
/// column's header names).
pub(crate) fn header_role(key: &KeyRef<'_>, table: TableKind) -> HeaderRole {
    let yes = HeaderRole {
        header: true,
        unit: None,
    };
    let c = &key.core;
    if is_corner(c) {
        return yes;
    }
    if key.numbering != Numbering::None {
        return HeaderRole::default();
    }
    let c_head = head(c.as_bytes());
    let word = |w: &&str| w.len() == c.len() && head(w.as_bytes()) == c_head && w == c;
    if HEADER_WORDS.iter().any(word) {
        return yes;
    }
    let cp = key.core_np().as_bytes();
    let cp_head = head(cp);
    let Some(h) = header_cores(table).iter().find(|h| h.named_by(cp, cp_head)) else {
        return HeaderRole::default();
    };
    if h.col.kind == ColumnKind::Amount {
        if let Some(u) = header_unit(c) {
            return HeaderRole {
                header: true,
                unit: Some((h.col.label, u)),
            };
        }
    }
    yes
}

/// Label matching with the state it needs (current group, whether the header is still going on).
struct Matcher {
    template: Template,
    table: TableKind,
    group: Option<&'static str>,
    header_zone: bool,
    /// Units named by amount column headers (`采购总金额（万元）`), by column label.
    units: Vec<(&'static str, Unit)>,
}

/// The first eight bytes of a text (all of a shorter one, then zeros), as one number: texts
/// whose heads differ are told apart by one comparison.
fn head(b: &[u8]) -> u64 {
    match b.first_chunk::<8>() {
        Some(h) => u64::from_le_bytes(*h),
        None => b.iter().rev().fold(0, |w, &x| (w << 8) | u64::from(x)),
    }
}

/// A column header of a table: the core of its label without parentheses, and its column.
struct HeaderCore {
    core: String,
    /// The [`head`] of the core.
    head: u64,
    /// The mask keeping as many bytes of another head as `head` has.
    mask: u64,
    /// The core is four characters or more: a label's core starting with it names the column.
    long: bool,
    col: &'static ColumnDef,
}

impl HeaderCore {
    /// The header of column `col`, whose label's core without parentheses is `core`.
    fn new(core: String, col: &'static ColumnDef) -> HeaderCore {
        let n = core.len().min(8) as u32;
        HeaderCore {
            head: head(core.as_bytes()),
            mask: u64::MAX.checked_shr(64 - 8 * n).unwrap_or(0),
            long: core.chars().count() >= 4,
            core,
            col,
        }
    }

    /// Whether a label's core without parentheses (`cp`, whose [`head`] is `cp_head`) names
    /// this column: it is the header's core, or starts with a core of four characters or more.
    fn named_by(&self, cp: &[u8], cp_head: u64) -> bool {
        let n = self.core.len();
        cp_head & self.mask == self.head
            && (cp.len() == n || (self.long && cp.len() > n))
            && cp.starts_with(self.core.as_bytes())
    }
}

/// The column headers of a table in either template, in the templates' order.
fn header_cores(table: TableKind) -> &'static [HeaderCore] {
    static H: OnceLock<Vec<Vec<HeaderCore>>> = OnceLock::new();
    let all = H.get_or_init(|| {
        [
            TableKind::Proactive,
            TableKind::Applications,
            TableKind::ReviewLitigation,
        ]
        .iter()
        .map(|&t| {
            let mut v: Vec<HeaderCore> = Vec::new();
            for tpl in [Template::T2019, Template::T2021] {
                for col in tpl
                    .rows()
                    .iter()
                    .filter(|r| r.table == t)
                    .flat_map(|r| r.columns.iter())
                {
                    let core = core_without_parens(col.label);
                    if !v.iter().any(|h| h.core == core) {
                        v.push(HeaderCore::new(core, col));
                    }
                }
            }
            v
        })
        .collect()
    });
    &all[table as usize]
}

impl Matcher {
    /// A matcher for `table`'s labels, at the start of its header rows.
    fn new(template: Template, table: TableKind) -> Matcher {
        Matcher {
            template,
            table,
            group: None,
            header_zone: true,
            units: Vec::new(),
        }
    }

    /// Whether a label is a header of the table ([`header_role`]; found once for a label as
    /// the templates print it); the unit an amount column's header names is noted.
    fn is_header(&mut self, key: &KeyRef<'_>) -> bool {
        let role = match key.header {
            Some(roles) => roles[self.table as usize],
            None => header_role(key, self.table),
        };
        if let Some(unit) = role.unit {
            self.units.push(unit);
        }
        role.header
    }

    /// What a label is, the group and header zone moved on as it says.
    fn role(&mut self, key: &KeyRef<'_>) -> Role {
        if key.core.is_empty() {
            return Role::Unknown;
        }
        if self.header_zone && self.is_header(key) {
            return Role::Header;
        }
        if self.table == TableKind::Applications {
            for g in GROUPS {
                if g.label == "其他处理" && self.template == Template::T2019 {
                    continue;
                }
                if (key.numbering == Numbering::None || key.numbering == g.numbering)
                    && key.core == g.label
                {
                    self.group = Some(g.id);
                    self.header_zone = false;
                    return Role::Group;
                }
            }
        }
        // Exact cores first: the usual case, and cheap; then headers; fuzzy matching last.
        if let Some(i) = self.best_row(key, true) {
            return self.item(i);
        }
        if self.is_header(key) {
            // A table's corner cell (`本列数据的勾稽关系…`, `第二十条第（一）项`) opens its header
            // rows, also again in the middle of the table (a copy repeats them on each page):
            // `总计` there is a column's header, not the row (七)总计.
            if is_corner(key.core) {
                self.header_zone = true;
            }
            return Role::Header;
        }
        if let Some(i) = self.best_row(key, false) {
            return self.item(i);
        }
        Role::Unknown
    }

    /// The unit an amount column's header names, else the template's (2021: 万元); none for
    /// a column of another kind.
    #[inline]
    fn unit_for(&self, c: &ColumnDef) -> Option<Unit> {
        if c.kind != ColumnKind::Amount {
            return None;
        }
        let named = self
            .units
            .iter()
            .rev()
            .find(|(l, _)| *l == c.label)
            .map(|(_, u)| *u);
        named.or((self.template == Template::T2021).then_some(Unit::WanYuan))
    }

    /// Template row `i` as a label's role: a top-numbered row (`三、`) ends the current group,
    /// a parenthesised one (`（三）`) sets its own, and the header rows are over.
    fn item(&mut self, i: usize) -> Role {
        let def = &self.template.rows()[i];
        match def.numbering {
            Numbering::Top(_) => self.group = None,
            Numbering::Paren(_) => self.group = Some(def.group),
            _ => {}
        }
        self.header_zone = false;
        Role::Item(i)
    }

    /// The template row whose label matches best (score ≥ 0.7), taking numbering and the current
    /// group into account. With `exact_only`, only rows with exactly the label's core are scored
    /// (looked up by hash); otherwise every row of the table is.
    fn best_row(&self, key: &KeyRef<'_>, exact_only: bool) -> Option<usize> {
        let rows = self.template.rows();
        let candidates: u64 = if exact_only {
            key.hit.rows(self.template)
        } else {
            u64::MAX >> (64 - rows.len())
        };
        if candidates == 0 {
            return None;
        }
        // The label's core as characters, on the stack (only when they are scored).
        let buf: ([char; 65], usize);
        let chars: &[char] = if exact_only {
            &[]
        } else {
            buf = first_chars(key.core);
            &buf.0[..buf.1]
        };
        let (cores, masks) = (row_cores(self.template), row_chars(self.template));
        let mut best: Option<(f32, usize)> = None;
        let mut left = candidates;
        while left != 0 {
            let i = left.trailing_zeros() as usize;
            left &= left - 1;
            let Some(def) = rows.get(i).filter(|d| d.table == self.table) else {
                continue;
            };
            if key.numbering != Numbering::None && key.numbering != def.numbering {
                continue;
            }
            let mut s = if exact_only {
                1.0
            } else {
                // A score under this cannot win, whatever the group adds (+0.2 at most; with a
                // margin for rounding): its similarity need not be computed.
                let floor = best.map_or(0.7, |(b, _)| b.max(0.7)) - 0.25;
                cores[i]
                    .iter()
                    .zip(&masks[i])
                    .map(|(lc, lchars)| text_score(key, chars, lc, lchars, floor))
                    .fold(0.0f32, f32::max)
            };
            if let (Numbering::Digit(_), Some(g)) = (def.numbering, self.group) {
                if g != def.group {
                    s -= 0.3;
                } else if key.numbering == def.numbering {
                    s += 0.2;
                }
            }
            if s >= 0.7 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// The first 65 characters of a text (one more than a similar text may have, so that a longer
/// text is never similar), and how many there are.
fn first_chars(text: &str) -> ([char; 65], usize) {
    let mut buf = ['\0'; 65];
    let mut n = 0;
    for (slot, c) in buf.iter_mut().zip(text.chars()) {
        *slot = c;
        n += 1;
    }
    (buf, n)
}

/// How well a label's core matches a template core: 1 exact, 0.9 truncated, 0.8 extended, else
/// their similarity (`chars`: the label's core as characters, `lchars`: the template core's
/// masks), or any score under `floor` when it is sure to be under it.
fn text_score(key: &KeyRef<'_>, chars: &[char], lc: &str, lchars: &CharMasks, floor: f32) -> f32 {
    let c = key.core;
    // Equal, or one the start of the other: only when their first bytes are.
    if c.as_bytes().first() == lc.as_bytes().first() {
        if c == lc {
            return 1.0;
        }
        let (n, ln) = (chars.len(), lchars.len());
        if n >= 4 && lc.starts_with(c) {
            return 0.9;
        }
        if ln >= 4 && c.starts_with(lc) && n <= ln + 12 {
            return 0.8;
        }
    }
    similarity(chars, lchars, floor)
}

/// The most columns a placement fills (section 四's fifteen).
const MAX_COLUMNS: usize = 16;

/// For each column, the index of the value cell it takes, or none (a blank, no cell of its
/// own; a row has at most `layout::MAX_CELLS` cells, so an index fits a byte): `cells[i]` when
/// bit `i` of `taken` is set. The usual placement, every column in order, is a constant and a
/// mask: no array filled byte by byte and then copied (which stalls the copy until the bytes
/// are stored).
#[derive(Clone, Copy)]
struct Slots {
    cells: [u8; MAX_COLUMNS],
    /// A bit per column (32 bits, not 16: a copy reads it as it was stored, whole).
    taken: u32,
}

impl Slots {
    /// No column takes a cell.
    const NONE: Slots = Slots {
        cells: [0; MAX_COLUMNS],
        taken: 0,
    };

    /// The first `n` columns (all of them past [`MAX_COLUMNS`]) taking the value cell of their
    /// own index.
    fn in_order(n: usize) -> Slots {
        Slots::in_order_from(0, n)
    }

    /// The first `n` columns (all of them past [`MAX_COLUMNS`]) taking the value cells from
    /// `first` on, one each in order (`first` at most 240, so that every index fits a byte).
    fn in_order_from(first: u8, n: usize) -> Slots {
        const ORDER: [u8; MAX_COLUMNS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
        // `first` added to every byte at once: no byte passes 255, so none carries into the next.
        let shift = u128::from(first.min(240)) * (u128::MAX / 255);
        Slots {
            cells: (u128::from_le_bytes(ORDER) + shift).to_le_bytes(),
            taken: (1 << n.min(MAX_COLUMNS)) - 1,
        }
    }

    /// Column `i` takes value cell `cell` (a column past [`MAX_COLUMNS`] takes none).
    fn set(&mut self, i: usize, cell: u8) {
        // Past the cells, `i` is no column: the shift below stays within the mask.
        if let Some(c) = self.cells.get_mut(i) {
            *c = cell;
            self.taken |= 1 << i;
        }
    }

    /// The value cell column `i` takes.
    fn get(&self, i: usize) -> Option<u8> {
        // Past the cells, `i` is no column: the shift below stays within the mask.
        let cell = *self.cells.get(i)?;
        ((self.taken >> i) & 1 != 0).then_some(cell)
    }
}

/// Where each template column finds its value in a row's value cells.
enum Placement {
    /// Column i takes value cell `slots.get(i)`; `None` is a blank with no cell of its own.
    Cells(Slots, Option<Code>),
    /// The values cannot be placed with certainty.
    Lost,
}

/// Places a row's value cells into `columns` columns (SPEC §6, §8):
/// exactly as many cells as columns are placed as they stand (trailing empty cells of a
/// tab-separated row are padding, trailing dashes are not); a single number at the right end of a row whose last column
/// is a total goes under the total; more cells than columns, all the same number, give that
/// number to each column; anything else is lost.
fn place(values: &[RawCell<'_>], columns: usize, layout: Layout, total_last: bool) -> Placement {
    if columns == 0 || columns > MAX_COLUMNS {
        return Placement::Lost;
    }
    // Trailing empty cells of a tab-separated row are padding; a dash (`—`, `/`, `无`) is a
    // written cell.
    let t_len = values
        .iter()
        .rposition(|v| !v.is_empty())
        .map_or(0, |i| i + 1);
    // The usual cases: the first `columns` cells as they stand, column by column, unless a
    // cell is text. A row with blank cells dropped has one cell per column or is lost; a
    // line-broken row of one cell per column, or one with as many written cells as columns,
    // stands as it is.
    let stand = match layout {
        Layout::BlankDropped if values.len() != columns => return Placement::Lost,
        Layout::BlankDropped => true,
        _ => (layout == Layout::LineBroken && values.len() == columns) || t_len == columns,
    };
    if stand {
        return if values.iter().any(RawCell::is_text) {
            Placement::Lost
        } else {
            Placement::Cells(Slots::in_order(columns), None)
        };
    }
    // Any text loses the cells; how many numbers, where the first and the last stand, and
    // whether every number is the first's plain count: one pass.
    let (mut nums, mut first, mut last) = (0usize, 0, 0);
    let (mut first_count, mut same_counts) = (None, true);
    for (i, v) in values.iter().enumerate() {
        if v.is_text() {
            return Placement::Lost;
        }
        if v.is_number() {
            if nums == 0 {
                (first, first_count) = (i, v.count());
            } else {
                same_counts &= v.count() == first_count;
            }
            last = i;
            nums += 1;
        }
    }
    let first = (nums > 0).then_some(first);
    if total_last && nums == 1 && first.map(|i| i + 1) == Some(t_len) {
        let Some(at) = first.and_then(|i| u8::try_from(i).ok()) else {
            return Placement::Lost;
        };
        let mut right = Slots::NONE;
        right.set(columns - 1, at);
        return Placement::Cells(right, Some(Code::P4));
    }
    if values.len() == columns {
        return Placement::Cells(Slots::in_order(columns), None);
    }
    if let (true, Some(f)) = (nums >= columns, first) {
        // The usual case: the numbers stand next to each other and are one plain count. The
        // first `columns` of them are placed, column by column.
        if first_count.is_some() && same_counts && last - f + 1 == nums {
            if let Ok(at @ 0..=240) = u8::try_from(f) {
                return Placement::Cells(Slots::in_order_from(at, columns), Some(Code::P3));
            }
        }
        let count = values[f].count();
        // Every number must be the same; the first `columns` of them are placed, column by
        // column (in one pass: any other number, or an index that does not fit, loses them).
        let mut slots = Slots::NONE;
        let mut placed = 0;
        for (i, v) in values.iter().enumerate().skip(f) {
            if !v.is_number() {
                continue;
            }
            // Two plain counts are the same number when their counts are; others are decoded.
            let same = match (v.count(), count) {
                (Some(a), Some(b)) => a == b,
                _ => v.kind() == values[f].kind(),
            };
            if !same {
                return Placement::Lost;
            }
            if placed < columns {
                let Ok(i) = u8::try_from(i) else {
                    return Placement::Lost;
                };
                slots.set(placed, i);
                placed += 1;
            }
        }
        return Placement::Cells(slots, Some(Code::P3));
    }
    Placement::Lost
}

/// Turns a raw cell into a typed cell of a column.
fn to_cell(raw: &RawCell<'_>, col: &ColumnDef, unit: Option<Unit>) -> Cell {
    let mut cell = Cell::new(Value::Missing);
    set_value(&mut cell.value, raw, col, unit);
    cell.span = Some(raw.span());
    cell
}

/// Sets `value` to the value of a raw cell in a column, in place (a plain count is written as
/// it stands in the cell).
#[inline(always)]
fn set_value(value: &mut Value, raw: &RawCell<'_>, col: &ColumnDef, unit: Option<Unit>) {
    match raw.count() {
        // The usual cell, a plain count, without decoding it again.
        Some(n) if col.kind != ColumnKind::Amount => *value = Value::Count(n),
        // The next most usual, a blank cell, as [`number_value`] reads it in any column.
        None if raw.is_blank() => *value = Value::Blank,
        _ => *value = number_value(raw, col, unit),
    }
}

/// Whether a label's core is a table's corner cell, which stands first in its header rows
/// (`本列数据的勾稽关系为…`, `第二十条第（一）项`).
fn is_corner(core: &str) -> bool {
    core.starts_with("本列数据") || core.starts_with("第二十条") || holds(core, "勾稽关系")
}

/// Whether `text` holds `part` (two bytes or more): a scan for its first two bytes, each hit
/// compared whole; for the short texts of labels, cheaper than a general substring search.
fn holds(text: &str, part: &str) -> bool {
    let p = part.as_bytes();
    text.as_bytes()
        .windows(p.len())
        .any(|w| w[..2] == p[..2] && w == p)
}

/// The value of a cell other than a plain count in a count column.
fn number_value(raw: &RawCell<'_>, col: &ColumnDef, unit: Option<Unit>) -> Value {
    match raw.kind() {
        CellText::Blank => Value::Blank,
        CellText::Text => Value::Missing,
        CellText::Number(d, u) => match col.kind {
            ColumnKind::Amount => Value::Amount(Amount {
                value: d,
                unit: u.or(unit),
            }),
            _ => match (u, d.to_integer()) {
                (None, Some(n)) if d.scale() == 0 => Value::Count(n),
                // `万` alone means 万元 only where money is counted: in a count column it may
                // be ten thousands of items, so the value is not placed.
                (Some(Unit::WanYuan), _) if !raw.trimmed_text().contains('元') => Value::Missing,
                _ => Value::Amount(Amount { value: d, unit: u }),
            },
        },
    }
}

fn label_of(raw: &RawCell<'_>) -> Label {
    Spanned::new(raw.trimmed_text().to_string(), raw.span())
}

/// The label of a label cell, its text run on with that of the cells after it (`tail`).
fn label_run_on(raw: &RawCell<'_>, tail: &[&RawCell<'_>]) -> Label {
    let mut label = label_of(raw);
    for u in tail {
        label.value.push_str(u.trimmed_text());
    }
    label
}

/// A template row waiting for its values on the next line.
struct Pending<'g, 'a> {
    def: usize,
    label: Label,
    /// The row's value cells, as the grid holds them.
    values: &'g [RawCell<'a>],
}

/// Binds the tables of one section of the report, writing each row into the report as it is
/// bound.
pub(crate) struct TableBinder<'r, 'a> {
    template: Template,
    /// The report's template rows, by index into the template's rows.
    rows: Vec<&'r mut dyn BindRow>,
    /// The report's extra rows.
    extra_rows: &'r mut Vec<ExtraRow>,
    /// The report's diagnostics.
    diagnostics: &'r mut Vec<Diagnostic>,
    table: TableKind,
    /// The template rows bound so far (bit `i`: row `i`; a template has at most 64).
    bound: Bound,
    lost: Vec<(usize, Option<Span>)>,
    notes: Vec<(Code, usize, Option<Span>)>,
    stray: Vec<RawCell<'a>>,
    found_any: bool,
    m: Matcher,
    /// The table text held more rows or cells than are read.
    cut: bool,
    /// Extra rows beyond [`MAX_EXTRA_ROWS`], counted, not kept.
    dropped_extra: usize,
    /// The first label or header seen, where table-wide findings point when nothing better.
    first_seen: Option<Span>,
    /// The heading of the table's section: where they point when no label was seen.
    heading: Option<Span>,
}

/// A set of template rows by index (a template has at most 64 rows; a larger index is never
/// in the set).
#[derive(Clone, Copy)]
struct Bound(u64);

impl Bound {
    fn has(self, i: usize) -> bool {
        i < 64 && self.0 & (1 << i) != 0
    }
    fn set(&mut self, i: usize) {
        if i < 64 {
            self.0 |= 1 << i;
        }
    }
}

/// At most this many extra rows are kept per table.
const MAX_EXTRA_ROWS: usize = 64;

impl<'r, 'a> TableBinder<'r, 'a> {
    /// A binder of `table`'s rows into `report`, nothing bound yet.
    pub(crate) fn new(report: &'r mut AnnualReport, table: TableKind) -> Self {
        let heading = report.section(table.section()).map(|s| s.heading.span);
        let BindParts {
            template,
            rows,
            extra_rows,
            diagnostics,
        } = report.bind_parts();
        TableBinder {
            template,
            rows,
            extra_rows,
            diagnostics,
            table,
            bound: Bound(0),
            lost: Vec::new(),
            notes: Vec::new(),
            stray: Vec::new(),
            found_any: false,
            m: Matcher::new(template, table),
            cut: false,
            dropped_extra: 0,
            first_seen: None,
            heading,
        }
    }

    /// Where a table-wide finding points: the first label or header seen, else the section's
    /// heading.
    fn anchor(&self) -> Option<Span> {
        self.first_seen.or(self.heading)
    }

    fn def(&self, i: usize) -> &'static RowDef {
        &self.template.rows()[i]
    }

    /// Binds every row of the tables; values-only rows with no row to go to are kept in `stray`
    /// (section 四's values are such rows).
    pub(crate) fn bind(&mut self, grid: &Grid<'a>, tables: &[TableText]) {
        // A row's label cells of no known role after its last item, kept from row to row and
        // from table to table so that it is allocated once.
        let mut unknown: Vec<&RawCell<'a>> = Vec::new();
        for t in tables {
            self.cut |= t.cut;
            self.bind_table(grid, t, &mut unknown);
        }
    }

    /// Binds the rows of one table; `unknown` is room for a row's label cells of no known role.
    fn bind_table<'g>(
        &mut self,
        grid: &'g Grid<'a>,
        t: &TableText,
        unknown: &mut Vec<&'g RawCell<'a>>,
    ) {
        let mut pending: Option<Pending<'_, 'a>> = None;
        let mut last: Option<usize> = None;
        for row in grid.rows_in(t.rows.clone()) {
            // The labels run to the last text cell that is no value written so that it could
            // not be read (`5（件）`): such a cell is a value, missing, in its column.
            let split = row
                .iter()
                .rposition(|c| c.is_text() && !c.is_value_like())
                .map_or(0, |i| i + 1);
            let (labels, values) = row.split_at(split);
            let labels = || labels.iter().filter(|c| !c.is_empty());
            if self.first_seen.is_none() {
                if let Some(c) = labels().next() {
                    let (s, e) = c.trimmed();
                    self.first_seen = Some(Span::bytes(s, e));
                }
            }
            if labels().any(|c| c.is_narrative()) {
                self.finish(pending.take(), t.layout);
                last = None;
                continue;
            }
            let has_numbers = values.iter().any(RawCell::is_number);
            let mut item: Option<(usize, &RawCell<'a>)> = None;
            unknown.clear();
            let mut other_roles = false;
            for c in labels() {
                // The key is read where the grid wrote it: moved out, it would be copied at once,
                // with wide loads of fields still being stored (a stall).
                let role = match grid.key(c) {
                    Some(ref k) => self.m.role(k),
                    None => Role::Unknown,
                };
                match role {
                    Role::Item(i) => {
                        item = Some((i, c));
                        unknown.clear();
                    }
                    Role::Unknown => unknown.push(c),
                    Role::Group | Role::Header => {
                        other_roles = true;
                        self.found_any = true;
                    }
                }
            }
            if let Some((i, c)) = item {
                self.finish(pending.take(), t.layout);
                let columns = self.def(i).columns.len();
                // The label is built where it goes: built first and moved, it would be copied at
                // once (a stall, as for the key above).
                if has_numbers || (t.layout == Layout::LineBroken && values.len() >= columns) {
                    self.assign(i, label_run_on(c, unknown), values, t.layout);
                } else {
                    pending = Some(Pending {
                        def: i,
                        label: label_run_on(c, unknown),
                        values,
                    });
                }
                last = Some(i);
            } else if labels().next().is_none() {
                // Values only: the values of a row cut in two lines, or values with no row
                // (section 四's). A row of dashes is written too: its cells are blank.
                if has_numbers || values.iter().any(|v| !v.is_empty()) {
                    if let Some(p) = pending.take() {
                        self.assign(p.def, p.label, values, t.layout);
                    } else {
                        self.stray.extend_from_slice(values);
                    }
                }
            } else if !unknown.is_empty() && !other_roles {
                // One unknown cell, the usual case, is its own tail: nothing is allocated.
                let tail: Cow<'_, str> = match unknown.as_slice() {
                    [u] => Cow::Borrowed(u.trimmed_text()),
                    _ => Cow::Owned(unknown.iter().map(|u| u.trimmed_text()).collect()),
                };
                if let Some(p) = pending.take_if(|p| has_numbers && !self.is_cut(p)) {
                    // A complete label is not continued by a row with values of its own: that
                    // row is one the template does not have.
                    self.finish(Some(p), t.layout);
                    self.extra_row(label_of(unknown[0]), &tail, values);
                } else if let Some(mut p) = pending.take() {
                    p.label.value.push_str(&tail);
                    if has_numbers {
                        self.assign(p.def, p.label, values, t.layout);
                    } else {
                        pending = Some(p);
                    }
                } else if has_numbers {
                    self.extra_row(label_of(unknown[0]), &tail, values);
                } else if let Some(i) = last {
                    // A label's tail on a line of its own (`已获取信息`): the row's label, when
                    // the row is written.
                    if let Some(l) = self.rows.get_mut(i).and_then(|r| r.label_mut().as_mut()) {
                        l.value.push_str(&tail);
                    }
                }
                last = None;
            } else {
                self.finish(pending.take(), t.layout);
                if has_numbers {
                    self.stray.extend_from_slice(values);
                }
                last = None;
            }
        }
        self.finish(pending, t.layout);
    }

    /// Whether a pending row's label stops short of its template label
    /// (`5.要求行政机关确认或重新出具` for `…已获取信息`): only then can the next line continue it.
    fn is_cut(&self, p: &Pending<'_, 'a>) -> bool {
        let c = crate::text::label_key(&p.label.value).core;
        !c.is_empty()
            && row_cores(self.template)[p.def]
                .iter()
                .any(|lc| lc.len() > c.len() && lc.starts_with(&c))
    }

    /// A template row whose values never came: its cells stay missing (or blank when the row
    /// has exactly one empty cell per column).
    fn finish(&mut self, p: Option<Pending<'_, 'a>>, layout: Layout) {
        if let Some(p) = p {
            self.assign(p.def, p.label, p.values, layout);
        }
    }

    /// Binds template row `i` to a label and its value cells, written into the report at once;
    /// a row bound already keeps its first binding and this one becomes an extra row.
    fn assign(&mut self, i: usize, label: Label, values: &[RawCell<'a>], layout: Layout) {
        let def = self.def(i);
        self.found_any = true;
        if self.bound.has(i) {
            let text = label.value.clone();
            self.extra_row_again(label, &text, values, Some(i));
            return;
        }
        self.bound.set(i);
        let span = label.span;
        let columns = def.columns;
        let total_last = columns.last().is_some_and(|c| c.key == "total");
        let placement = place(values, columns.len(), layout, total_last);
        // Room for every template row at the first push: the lists never grow row by row.
        let rows = self.template.rows().len();
        match placement {
            Placement::Cells(_, Some(code)) => {
                if self.notes.capacity() == 0 {
                    self.notes.reserve(rows);
                }
                self.notes.push((code, i, Some(span)));
            }
            Placement::Cells(_, None) => {}
            Placement::Lost => {
                if self.lost.capacity() == 0 {
                    self.lost.reserve(rows);
                }
                self.lost.push((i, Some(span)));
            }
        }
        let Some(row) = self.rows.get_mut(i) else {
            return;
        };
        let mut cells = [const { None }; crate::model::MAX_ROW_CELLS];
        *row.parts_mut(&mut cells) = Some(label);
        if let Placement::Cells(slots, _) = &placement {
            for (ci, col) in columns.iter().enumerate().take(MAX_COLUMNS) {
                let Some(c) = cells.get_mut(ci).and_then(|c| c.as_deref_mut()) else {
                    break;
                };
                // Field by field: the cell is written in place.
                match slots.get(ci) {
                    Some(vi) => {
                        let raw = &values[usize::from(vi)];
                        // Most columns are no amount's: no unit to look for.
                        let unit = self.m.unit_for(col);
                        set_value(&mut c.value, raw, col, unit);
                        c.span = Some(raw.span());
                    }
                    None => *c = Cell::new(Value::Blank),
                }
            }
        }
    }

    /// Keeps a row the template does not have as an extra row (P2).
    fn extra_row(&mut self, label: Label, text: &str, values: &[RawCell<'a>]) {
        self.extra_row_again(label, text, values, None);
    }

    /// Keeps a row as an extra row (P2): one the template does not have, or (`again`) a second
    /// row of template row `again`, whose first stays bound.
    fn extra_row_again(
        &mut self,
        label: Label,
        text: &str,
        values: &[RawCell<'a>],
        again: Option<usize>,
    ) {
        let mut label = label;
        if label.value != text {
            label.value = text.to_string();
        }
        let col = ColumnDef {
            key: "",
            label: "",
            kind: ColumnKind::SignedCount,
        };
        if self
            .extra_rows
            .iter()
            .filter(|r| r.table == self.table)
            .count()
            >= MAX_EXTRA_ROWS
        {
            self.dropped_extra += 1;
            return;
        }
        let cells = values.iter().map(|v| to_cell(v, &col, None)).collect();
        let name = section_name(self.table);
        // The message is written into a string of its length (`format!` would grow it as it goes).
        let mut msg = String::with_capacity(name.len() + label.value.len() + 96);
        let diagnostic = match again {
            None => {
                let _ = write!(
                    msg,
                    "{name}: row `{}` is not in template {}; kept as an extra row",
                    label.value, self.template
                );
                Diagnostic::new(Code::P2, Severity::Warning, msg)
            }
            Some(i) => {
                // Where the row bound first stands.
                let first = self.rows.get(i).and_then(|r| r.label()).map(|l| l.span);
                let _ = write!(
                    msg,
                    "{name}: row `{}` stands a second time; the first is kept, this one as an extra row",
                    label.value
                );
                Diagnostic::new(Code::P2, Severity::Warning, msg)
                    .with_keys(keys_of(self.template, [i].into_iter()))
                    .also_at(first)
            }
        };
        self.diagnostics.push(diagnostic.at(Some(label.span)));
        self.extra_rows.push(ExtraRow {
            table: self.table,
            label,
            cells,
        });
    }

    /// Emits the table's summary diagnostics (P1, P3, P4, P6).
    pub(crate) fn finish_table(mut self) {
        let template = self.template;
        let name = section_name(self.table);
        if self.cut {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P1,
                    Severity::Warning,
                    format!(
                        "{name}: the table's text is longer than any table of the template; only its first {} rows of at most {} cells were read",
                        layout::MAX_ROWS,
                        layout::MAX_CELLS
                    ),
                )
                .at(self.anchor()),
            );
        }
        if self.dropped_extra > 0 {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P2,
                    Severity::Warning,
                    format!(
                        "{name}: {} more rows not in the template were found and not kept (at most {MAX_EXTRA_ROWS} are)",
                        self.dropped_extra
                    ),
                )
                .at(self.anchor()),
            );
        }
        // Rows by index into the template's rows (never by address: the tables are constants).
        let defs = || (0..template.rows().len()).filter(|&i| self.def(i).table == self.table);
        let unbound = || defs().filter(|&i| !self.bound.has(i));
        if self.lost.is_empty()
            && self.stray.is_empty()
            && self.found_any
            && unbound().next().is_none()
        {
            self.notes_diagnostics();
            return;
        }
        if !self.found_any {
            let defs: Vec<usize> = defs().collect();
            let cells: usize = defs.iter().map(|&i| self.def(i).columns.len()).sum();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P6,
                    Severity::Warning,
                    format!("{name}: table not found; its {cells} cells are missing"),
                )
                .with_keys(keys_of(template, defs.iter().copied()))
                .at(self.anchor()),
            );
            return;
        }
        // The rows whose values were lost, then those not found.
        let mut lost: Vec<usize> = Vec::with_capacity(self.lost.len() + template.rows().len());
        lost.extend(self.lost.iter().map(|(i, _)| *i));
        lost.extend(unbound());
        if !lost.is_empty() || !self.stray.is_empty() {
            let cells: usize = lost.iter().map(|&i| self.def(i).columns.len()).sum();
            // Where the lost rows stand, then the stray cells: one list, whose first place is
            // the primary one when a row was lost.
            let mut spans: Vec<Span> = Vec::with_capacity(self.lost.len() + self.stray.len());
            spans.extend(self.lost.iter().filter_map(|(_, s)| *s));
            // Section 四's one row of values is three template rows: one place.
            spans.dedup();
            let lost_spans = spans.len();
            spans.extend(self.stray.iter().map(|c| {
                let (s, e) = c.trimmed();
                Span::bytes(s, e)
            }));
            // One message, written in place: `values of 2 rows could not be placed with certainty
            // and 1 row not found; 21 cells are missing; 3 value cell(s) stood under no row label`.
            let s = |n: usize| if n == 1 { "" } else { "s" };
            let (placed, found) = (self.lost.len(), lost.len() - self.lost.len());
            let mut msg = String::with_capacity(160);
            let _ = write!(msg, "{name}: ");
            if placed > 0 {
                let _ = write!(
                    msg,
                    "values of {placed} row{} could not be placed with certainty",
                    s(placed)
                );
            }
            if found > 0 {
                let and = if placed > 0 { " and " } else { "" };
                let _ = write!(msg, "{and}{found} row{} not found", s(found));
            }
            if placed + found > 0 {
                let _ = write!(msg, "; {cells} cells are missing");
            }
            if !self.stray.is_empty() {
                let sep = if placed + found > 0 { "; " } else { "" };
                let _ = write!(
                    msg,
                    "{sep}{} value cell(s) stood under no row label",
                    self.stray.len()
                );
            }
            // The first lost row's place, else the first stray cell's (which stays among the
            // secondary places too), else the table's.
            let primary = if lost_spans > 0 {
                Some(spans.remove(0))
            } else {
                spans.first().copied().or(self.anchor())
            };
            let mut d = Diagnostic::new(Code::P1, Severity::Warning, msg)
                .with_keys(keys_of(template, lost.iter().copied()))
                .at(primary);
            d.secondary = spans;
            self.diagnostics.push(d);
        }
        self.notes_diagnostics();
    }

    /// The table's notes (P3, P4), one diagnostic per code.
    fn notes_diagnostics(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        let template = self.template;
        let name = section_name(self.table);
        for code in [Code::P3, Code::P4] {
            let noted = || self.notes.iter().filter(|(c, _, _)| *c == code);
            let rows = noted().count();
            if rows == 0 {
                continue;
            }
            let what = match code {
                Code::P3 => "carried more cells than columns, all the same number; each column took that number",
                _ => "held a single number at the right end; it was placed under 总计 and the other cells read as blank",
            };
            // Where the rows stand, the first the primary place, the others kept as the
            // secondary ones, a place repeated at once kept once (section 四's one row of values
            // is three template rows: one place). No list is made for no secondary place.
            let mut places = noted().filter_map(|(_, _, s)| *s);
            let primary = places.next();
            let mut spans: Vec<Span> = Vec::new();
            let mut last = primary;
            for s in places {
                if last != Some(s) {
                    if spans.capacity() == 0 {
                        spans.reserve_exact(rows - 1);
                    }
                    spans.push(s);
                    last = Some(s);
                }
            }
            // Written into a string of its length (formatting alone would grow it piece by piece).
            let mut msg = String::with_capacity(name.len() + what.len() + 32);
            let _ = write!(msg, "{name}: {rows} row(s) {what}");
            let mut d = Diagnostic::new(code, Severity::Note, msg)
                .with_keys(keys_of(template, noted().map(|(_, i, _)| *i)))
                .at(primary);
            d.secondary = spans;
            self.diagnostics.push(d);
        }
    }

    /// Places section 四's values (the value cells that stand under no row label).
    pub(crate) fn bind_review(mut self, layout: Layout) {
        let stray = std::mem::take(&mut self.stray);
        // Section 四's rows, the last of the template: no list of them is built.
        let review = self.template.review_rows();
        let columns: usize = self.template.rows()[review.clone()]
            .iter()
            .map(|d| d.columns.len())
            .sum();
        if stray.is_empty() && !self.found_any {
            return self.finish_table();
        }
        self.found_any = true;
        let placement = if stray.is_empty() {
            Placement::Lost
        } else {
            place(&stray, columns, layout, false)
        };
        let first_span = stray.first().map(|c| {
            let (s, e) = c.trimmed();
            Span::bytes(s, e)
        });
        // A group bound by its own label (a copy with a labelled row per group) keeps its values
        // and is left out of what the row of values says: the rows bound before these.
        let by_label = self.bound;
        for i in review.clone() {
            self.bound.set(i);
        }
        if let Placement::Cells(slots, _) = &placement {
            // `k`: the column among all of section 四's.
            let mut k = 0;
            for i in review.clone() {
                let def = self.def(i);
                let row = match self.rows.get_mut(i) {
                    Some(row) if !by_label.has(i) => row,
                    _ => {
                        k += def.columns.len();
                        continue;
                    }
                };
                let mut cells = [const { None }; crate::model::MAX_ROW_CELLS];
                row.parts_mut(&mut cells);
                for (ci, col) in def.columns.iter().enumerate() {
                    // Field by field: the cell is written in place.
                    if let Some(c) = cells.get_mut(ci).and_then(|c| c.as_deref_mut()) {
                        match slots.get(k) {
                            Some(vi) => {
                                let raw = &stray[usize::from(vi)];
                                set_value(&mut c.value, raw, col, None);
                                c.span = Some(raw.span());
                            }
                            None => *c = Cell::new(Value::Blank),
                        }
                    }
                    k += 1;
                }
            }
        }
        let unlabelled = review.filter(|&i| !by_label.has(i));
        match placement {
            Placement::Cells(_, Some(code)) => {
                for i in unlabelled {
                    self.notes.push((code, i, first_span));
                }
            }
            Placement::Lost => {
                for i in unlabelled {
                    self.lost.push((i, first_span));
                }
            }
            _ => {}
        }
        self.finish_table();
    }
}

/// The canonical keys of the rows' cells (rows by index), borrowed from the static key table.
fn keys_of(
    template: Template,
    rows: impl Iterator<Item = usize> + Clone,
) -> Vec<Cow<'static, str>> {
    let defs = template.rows();
    let cells = rows
        .clone()
        .map(|i| defs.get(i).map_or(0, |d| d.columns.len()));
    let mut out = Vec::with_capacity(cells.sum());
    for i in rows {
        let keys = crate::cells::row_keys(template, i);
        out.extend(keys.iter().map(|k| Cow::Borrowed(k.as_str())));
    }
    out
}

fn section_name(t: TableKind) -> &'static str {
    match t {
        TableKind::Proactive => "section 二 (主动公开)",
        TableKind::Applications => "section 三 (依申请公开)",
        TableKind::ReviewLitigation => "section 四 (行政复议、行政诉讼)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "",
        "第",
        "第二十条",
        "\t第二十条第（一）项",
        "\u{3000} 第二十条第九项 ",
        "\u{a0}第二十条",
        "\t第二十",
        "第二十一条",
        "本列数据的勾稽关系为第一项加第二项之和",
        "勾稽关系",
        "勾稽关",
        "信息内容",
        "本年新制作数量",
        "本年新制作数量（件）",
        "采购总金额",
        "采购总金额万元",
        "总计",
        "总计数",
        "ab",
        "abcdefghij",
    ];

    #[test]
    fn first_chars_are_those_the_text_starts_with() {
        let long = "要".repeat(70);
        for t in TEXTS.iter().copied().chain([long.as_str(), "已获取信息"]) {
            let (buf, n) = first_chars(t);
            let want: Vec<char> = t.chars().take(65).collect();
            assert_eq!(&buf[..n], want.as_slice(), "{t:?}");
        }
    }

    #[test]
    fn slots_in_order_take_the_cells_from_the_first_on() {
        for first in 0..=240u8 {
            for n in 0..=MAX_COLUMNS + 1 {
                let slots = Slots::in_order_from(first, n);
                for i in 0..=MAX_COLUMNS {
                    let want = (i < n.min(MAX_COLUMNS)).then(|| first + i as u8);
                    assert_eq!(slots.get(i), want, "{first} {n} {i}");
                }
            }
        }
    }

    #[test]
    fn review_rows_are_the_rows_of_section_four() {
        for t in [Template::T2019, Template::T2021] {
            let found: Vec<usize> = (0..t.rows().len())
                .filter(|&i| t.rows()[i].table == TableKind::ReviewLitigation)
                .collect();
            assert_eq!(t.review_rows().collect::<Vec<_>>(), found);
        }
    }

    #[test]
    fn blank_cells_take_the_value_decoding_gives_them() {
        let mut keys = crate::layout::Keys::default();
        for t in [
            "",
            " ",
            "\u{3000}",
            "—",
            "/",
            "无",
            "－",
            "0",
            "12",
            "1.5万元",
            "规章",
        ] {
            let raw = RawCell::new(t, 0, (1, 1), &mut keys);
            assert_eq!(raw.is_blank(), raw.kind() == CellText::Blank, "{t:?}");
            for kind in [
                ColumnKind::Count,
                ColumnKind::SignedCount,
                ColumnKind::Amount,
            ] {
                let col = ColumnDef {
                    key: "",
                    label: "",
                    kind,
                };
                if raw.is_blank() {
                    assert_eq!(number_value(&raw, &col, None), Value::Blank, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn columns_other_than_amounts_have_no_units() {
        for t in [Template::T2019, Template::T2021] {
            let mut report = AnnualReport::empty(t);
            let b = TableBinder::new(&mut report, TableKind::Proactive);
            for def in t.rows() {
                for c in def.columns.iter().filter(|c| c.kind != ColumnKind::Amount) {
                    assert_eq!(b.m.unit_for(c), None, "{}", def.key);
                }
            }
        }
    }

    #[test]
    fn article_headers_are_found_as_trimming_finds_them() {
        for t in TEXTS {
            assert_eq!(
                is_article_header(t),
                text::trim(t).1.starts_with("第二十条"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn shortcuts_agree_with_plain_comparisons() {
        // The texts above, and every column header as it stands, cut and run on.
        let mut texts: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
        for table in [
            TableKind::Proactive,
            TableKind::Applications,
            TableKind::ReviewLitigation,
        ] {
            for h in header_cores(table) {
                let cut: String = h.core.chars().skip(1).collect();
                texts.extend([h.core.clone(), format!("{}数", h.core), cut]);
            }
        }
        for t in &texts {
            let t = t.as_str();
            assert_eq!(holds(t, "勾稽关系"), t.contains("勾稽关系"), "{t:?}");
            for table in [
                TableKind::Proactive,
                TableKind::Applications,
                TableKind::ReviewLitigation,
            ] {
                for h in header_cores(table) {
                    let plain = *t == h.core
                        || (t.starts_with(h.core.as_str()) && h.core.chars().count() >= 4);
                    assert_eq!(h.named_by(t.as_bytes(), head(t.as_bytes())), plain, "{t:?}");
                }
            }
            let n = t.len().min(8);
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&t.as_bytes()[..n]);
            assert_eq!(head(t.as_bytes()), u64::from_le_bytes(w), "{t:?}");
        }
    }
}
