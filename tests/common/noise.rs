//! The noise real copies carry, applied to the renderer's clean text.
//!
//! Each kind of noise is an option; where it strikes is drawn from `seed`. Every kind keeps the
//! meaning of the text: what the copy says is still the report (a value is never moved to
//! another cell, a blank never becomes a missing cell or the reverse). The kinds follow SPEC §1
//! and §6 and what the corpus shows: 000/003 (line-broken), 002/004 (tab-separated), 001 (blank
//! cells dropped).

use super::reports::{EXTRA_APPLICATIONS, EXTRA_PROACTIVE};
use super::Rng;
use proptest::prelude::*;
use zfxxgk::{Layout, SectionKind};

/// Which kinds of noise to apply.
#[derive(Debug, Clone, Default)]
pub struct Noise {
    /// Where each kind strikes.
    pub seed: u64,
    /// Full-width digits and punctuation in values, dates, years (`１２`, `３．５万元`).
    pub full_width: bool,
    /// Thousands separators and sign words (`1,234`, `减少3`, `－3`).
    pub number_forms: bool,
    /// Cells, labels and narrative padded with spaces, U+3000 and U+00A0.
    pub padding: bool,
    /// Blank cells written `-`, `/`, `无`, `——`, or as nothing but spaces (where that cannot
    /// be taken for padding).
    pub blank_forms: bool,
    /// `\r\n` line ends.
    pub crlf: bool,
    /// A byte-order mark (U+FEFF) at the start.
    pub bom: bool,
    /// Tabs at the end of lines (tab-separated tables, headings, narrative).
    pub trailing_tabs: bool,
    /// Blank lines (and lines of spaces) where they do not end a row.
    pub blank_lines: bool,
    /// Rows cut in two lines: the labels on one, the values on the next.
    pub cut_rows: bool,
    /// A long label's tail on a line of its own (`已获取信息`).
    pub label_tails: bool,
    /// Header cells broken over lines (`本年新` / `制作数量`), line-broken layout.
    pub broken_headers: bool,
    /// Surplus cells: empty cells after a row, and rows of equal numbers exported twice (11 or
    /// 16 values where 7 or 15 are expected).
    pub surplus_cells: bool,
    /// The wording variants SPEC lists (`其他法律法规禁止公开`, `社会组织`, `一、工作情况` …).
    pub variants: bool,
    /// Page furniture before and after the report (`用微信扫描二维码分享至好友和朋友圈`, `收起` …).
    pub furniture: bool,
    /// ASCII instead of full-width punctuation in headings and labels (`(一)`, `:`), trailing
    /// colons, spaces after numbering.
    pub ascii_punctuation: bool,
    /// The title over two lines (agency above), the date written otherwise.
    pub title_and_date: bool,
}

impl Noise {
    /// Every kind on.
    pub fn all(seed: u64) -> Noise {
        Noise {
            seed,
            full_width: true,
            number_forms: true,
            padding: true,
            blank_forms: true,
            crlf: true,
            bom: true,
            trailing_tabs: true,
            blank_lines: true,
            cut_rows: true,
            label_tails: true,
            broken_headers: true,
            surplus_cells: true,
            variants: true,
            furniture: true,
            ascii_punctuation: true,
            title_and_date: true,
        }
    }
}

/// Any combination of noise.
pub fn any_noise() -> impl Strategy<Value = Noise> {
    (
        any::<u64>(),
        proptest::array::uniform8(any::<bool>()),
        proptest::array::uniform8(any::<bool>()),
    )
        .prop_map(|(seed, a, b)| Noise {
            seed,
            full_width: a[0],
            number_forms: a[1],
            padding: a[2],
            blank_forms: a[3],
            crlf: a[4],
            bom: a[5],
            trailing_tabs: a[6],
            blank_lines: a[7],
            cut_rows: b[0],
            label_tails: b[1],
            broken_headers: b[2],
            surplus_cells: b[3],
            variants: b[4],
            furniture: b[5],
            ascii_punctuation: b[6],
            title_and_date: b[7],
        })
}

/// Furniture of the pages reports are copied from (all known to the parser).
const FURNITURE: &[&str] = &[
    "用微信扫描二维码分享至好友和朋友圈",
    "收起",
    "政务微信",
    "政务微博",
    "打印本页",
    "关闭窗口",
    "扫一扫在手机打开当前页",
];

/// Wording variants of SPEC §1–§3: (as the template writes it, as reports write it).
const VARIANTS: &[(&str, &str)] = &[
    ("规范性文件", "行政规范性文件"),
    ("行政规范性文件", "规范性文件"),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（二）部分公开（区分处理的，只计这一情况，不计其他情况）",
    ),
    ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开"),
    ("5.属于三类内部事务信息", "5.属于三类内容事务信息"),
    ("社会公益组织", "社会组织"),
    (
        "本年收费金额（单位：万元）",
        "本年收费金额（单位：万元，保留4位小数）",
    ),
    ("一、总体情况", "一、工作情况"),
];

/// Labels whose tail a copy may put on a line of its own: (head, tail). Each head still names
/// its row alone; no tail resembles any label.
const TAILS: &[(&str, &str)] = &[
    ("5.要求行政机关确认或重新出具", "已获取信息"),
    ("2.没有现成信息", "需要另行制作"),
    ("一、本年新收政府", "信息公开申请数量"),
    ("四、结转下年度", "继续办理"),
    ("其他对外管理", "服务事项"),
    (
        "1.申请人无正当理由逾期不补正、",
        "行政机关不再处理其政府信息公开申请",
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、",
        "行政机关不再处理其政府信息公开申请",
    ),
];

/// Header cells that may be broken over two lines in the line-broken layout.
const HEADERS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "处理决定数量",
    "采购项目数量",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额（单位：万元）",
    "法人或其他组织",
    "社会公益组织",
    "法律服务机构",
    "未经复议直接起诉",
];

const PADS: &[&str] = &[" ", "  ", "\u{3000}", "\u{a0}", "\u{3000}\u{3000}"];

/// Whether a cell of the clean text is a value (a number, or `—` for a blank).
pub fn is_value(cell: &str) -> bool {
    if cell == "—" {
        return true;
    }
    let number = cell
        .strip_suffix(" 万元")
        .or_else(|| cell.strip_suffix(" 元"))
        .unwrap_or(cell);
    let digits = number.strip_prefix('-').unwrap_or(number);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            ',' => '，',
            '-' => '－',
            _ => c,
        })
        .collect()
}

fn with_thousands(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Ctx<'a> {
    n: &'a Noise,
    rng: Rng,
    layout: Layout,
}

impl Ctx<'_> {
    fn pad(&mut self, s: &str) -> String {
        if !self.n.padding || !self.rng.one_in(3) {
            return s.to_string();
        }
        let before = if self.rng.one_in(2) {
            *self.rng.pick(PADS)
        } else {
            ""
        };
        let after = if self.rng.one_in(2) {
            *self.rng.pick(PADS)
        } else {
            ""
        };
        format!("{before}{s}{after}")
    }

    /// A number written otherwise: separators, sign words, unit spacing, full-width forms.
    fn number(&mut self, cell: &str) -> String {
        let mut s = cell.to_string();
        if self.n.number_forms && self.rng.one_in(2) {
            let (body, unit) = match s.find(' ') {
                Some(i) => (s[..i].to_string(), s[i..].to_string()),
                None => (s.clone(), String::new()),
            };
            let (neg, digits) = match body.strip_prefix('-') {
                Some(d) => (true, d.to_string()),
                None => (false, body.clone()),
            };
            let (int, frac) = match digits.split_once('.') {
                Some((i, f)) => (i.to_string(), format!(".{f}")),
                None => (digits.clone(), String::new()),
            };
            let int = if int.len() > 3 && self.rng.one_in(2) {
                with_thousands(&int)
            } else {
                int
            };
            let sign = if neg {
                *self.rng.pick(&["-", "减少", "减"])
            } else {
                ""
            };
            let unit = if unit.is_empty() || self.rng.one_in(2) {
                unit
            } else {
                unit.trim_start().to_string()
            };
            s = format!("{sign}{int}{frac}{unit}");
        }
        if self.n.full_width && self.rng.one_in(3) {
            s = full_width(&s);
        }
        s
    }

    /// A blank cell written otherwise; `may_be_empty` when nothing-but-spaces is safe here.
    fn blank(&mut self, may_be_empty: bool) -> String {
        if !self.n.blank_forms || self.rng.one_in(3) {
            return "—".to_string();
        }
        if may_be_empty && self.rng.one_in(2) {
            return self
                .rng
                .pick(&["", " ", "\u{3000}", "\u{a0}", "  "])
                .to_string();
        }
        self.rng
            .pick(&["-", "/", "无", "——", "－", "／"])
            .to_string()
    }

    /// Wording variants and punctuation of a label, header or heading.
    fn text(&mut self, cell: &str) -> String {
        let mut s = cell.to_string();
        if self.n.variants && self.rng.one_in(2) {
            if let Some((_, v)) = VARIANTS.iter().find(|(t, _)| *t == s) {
                s = v.to_string();
            }
        }
        if self.n.ascii_punctuation && self.rng.one_in(2) {
            let space = if self.rng.one_in(2) { " " } else { "" };
            s = s
                .replace('（', "(")
                .replace('）', &format!("){space}"))
                .replace('，', ",")
                .replace('：', ":")
                .replace(['“', '”'], "\"");
            if let Some(rest) = s.strip_prefix(|c: char| c.is_ascii_digit()) {
                if let Some(r) = rest.strip_prefix('.') {
                    let sep = *self.rng.pick(&[". ", "．", "、"]);
                    s = format!("{}{sep}{r}", &s[..1]);
                }
            }
        }
        s
    }

    fn trailing_tabs(&mut self, line: &mut String) {
        if self.n.trailing_tabs && self.rng.one_in(4) {
            for _ in 0..=self.rng.below(3) {
                line.push('\t');
            }
        }
    }

    fn blank_lines(&mut self, out: &mut Vec<String>) {
        if self.n.blank_lines && self.rng.one_in(5) {
            for _ in 0..=self.rng.below(2) {
                out.push(self.rng.pick(&["", " ", "\u{3000}"]).to_string());
            }
        }
    }

    fn tail_of(&mut self, label: &str) -> Option<(&'static str, &'static str)> {
        if !self.n.label_tails || !self.rng.one_in(2) {
            return None;
        }
        TAILS
            .iter()
            .find(|(h, t)| {
                label.len() == h.len() + t.len() && label.starts_with(h) && label.ends_with(t)
            })
            .copied()
    }
}

/// A row of the clean text: its label cells and its value cells.
struct Row {
    labels: Vec<String>,
    values: Vec<String>,
}

fn split_row(cells: Vec<String>) -> Row {
    let first_value = cells
        .iter()
        .rposition(|c| !is_value(c))
        .map_or(0, |i| i + 1);
    let mut labels = cells;
    let values = labels.split_off(first_value);
    Row { labels, values }
}

/// Applies the noise to the clean text `text` of a report rendered in `layout`.
pub fn apply(text: &str, layout: Layout, n: &Noise) -> String {
    let mut cx = Ctx {
        n,
        rng: Rng::new(n.seed),
        layout,
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let heading_at = |k: SectionKind| lines.iter().position(|l| *l == k.heading());
    let h2 = heading_at(SectionKind::Proactive).expect("heading 二");
    let h5 = heading_at(SectionKind::Problems).expect("heading 五");
    let h6 = heading_at(SectionKind::Other).expect("heading 六");
    // The signature: after the last blank line, when the last line is a date.
    let last_blank = lines.iter().rposition(|l| l.is_empty()).unwrap_or(0);
    let is_date = |l: &str| l.ends_with('日') && l.contains('年') && l.contains('月');
    let signature = if lines.last().is_some_and(|l| is_date(l)) && last_blank > h6 {
        last_blank + 1
    } else {
        lines.len()
    };

    let mut out: Vec<String> = Vec::new();
    if n.furniture {
        for _ in 0..cx.rng.below(3) {
            out.push(cx.rng.pick(FURNITURE).to_string());
        }
    }
    // Title.
    let title = lines[0];
    let split_title = n.title_and_date && cx.rng.one_in(2);
    match title.find(|c: char| c.is_ascii_digit()) {
        Some(i) if split_title && i > 0 => {
            out.push(cx.pad(&title[..i]));
            out.push(cx.pad(&title[i..]));
        }
        _ => out.push(cx.pad(title)),
    }
    if n.full_width && cx.rng.one_in(2) {
        let t = out.pop().unwrap();
        out.push(full_width(&t));
    }
    let mut i = 1;
    while i < lines.len() {
        let line = lines[i];
        if i >= signature {
            let mut l = line.to_string();
            if is_date(line) && n.title_and_date && cx.rng.one_in(2) {
                l = date_form(line, &mut cx.rng);
            } else if is_date(line) && n.full_width && cx.rng.one_in(2) {
                l = full_width(line);
            }
            if n.padding && cx.rng.one_in(2) {
                l = format!("{}{l}", " ".repeat(1 + cx.rng.below(30)));
            }
            out.push(l);
            cx.blank_lines(&mut out);
            i += 1;
            continue;
        }
        if let Some(kind) = SectionKind::ALL.iter().find(|k| k.heading() == line) {
            out.push(heading(&mut cx, *kind));
            cx.blank_lines(&mut out);
            i += 1;
            if (h2..h5).contains(&(i - 1)) {
                // A table section: up to the next heading.
                let end = lines[i..]
                    .iter()
                    .position(|l| SectionKind::ALL.iter().any(|k| k.heading() == *l))
                    .map_or(lines.len(), |p| i + p);
                table(&mut cx, &lines[i..end], &mut out);
                if end > i && lines[end - 1].is_empty() && out.last().is_some_and(|l| !l.is_empty())
                {
                    out.push(String::new());
                }
                i = end;
            }
            continue;
        }
        // Narrative, blank lines.
        if line.is_empty() {
            out.push(String::new());
        } else {
            let mut l = cx.pad(line);
            cx.trailing_tabs(&mut l);
            out.push(l);
        }
        cx.blank_lines(&mut out);
        i += 1;
    }
    if n.furniture {
        for _ in 0..cx.rng.below(4) {
            out.push(cx.rng.pick(FURNITURE).to_string());
        }
    }
    let mut s = out.join("\n");
    if n.crlf {
        s = s.replace('\n', "\r\n");
    }
    if n.bom {
        s.insert(0, '\u{feff}');
    }
    s
}

fn heading(cx: &mut Ctx<'_>, kind: SectionKind) -> String {
    let mut h = cx.text(kind.heading());
    if cx.n.ascii_punctuation && cx.rng.one_in(2) {
        if cx.rng.one_in(2) {
            h = h.replacen('、', "、 ", 1);
        }
        h.push(*cx.rng.pick(&['：', ':']));
    }
    let mut h = cx.pad(&h);
    cx.trailing_tabs(&mut h);
    h
}

fn date_form(line: &str, rng: &mut Rng) -> String {
    if rng.one_in(2) {
        return line
            .replace('年', " 年 ")
            .replace('月', " 月 ")
            .replace('日', " 日");
    }
    // 二〇二一年二月十八日
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .nth(c.to_digit(10).unwrap() as usize)
            .unwrap()
    };
    let small = |n: u32| -> String {
        match n {
            1..=9 => digit(char::from_digit(n, 10).unwrap()).to_string(),
            10 => "十".into(),
            11..=19 => format!("十{}", digit(char::from_digit(n - 10, 10).unwrap())),
            _ if n.is_multiple_of(10) => {
                format!("{}十", digit(char::from_digit(n / 10, 10).unwrap()))
            }
            _ => format!(
                "{}十{}",
                digit(char::from_digit(n / 10, 10).unwrap()),
                digit(char::from_digit(n % 10, 10).unwrap())
            ),
        }
    };
    let (y, rest) = line.split_once('年').unwrap();
    let (m, rest) = rest.split_once('月').unwrap();
    let d = rest.trim_end_matches('日');
    format!(
        "{}年{}月{}日",
        y.chars().map(digit).collect::<String>(),
        small(m.parse().unwrap()),
        small(d.parse().unwrap())
    )
}

/// The rows of a table section of the clean text, in its layout.
fn rows_of(layout: Layout, lines: &[&str]) -> Vec<Row> {
    match layout {
        Layout::TabSeparated => lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| split_row(l.split('\t').map(str::to_string).collect()))
            .collect(),
        Layout::LineBroken => {
            let mut rows = Vec::new();
            let mut cells = Vec::new();
            for l in lines {
                match l.strip_prefix('\t') {
                    Some(c) => cells.push(c.to_string()),
                    None if !cells.is_empty() => rows.push(split_row(std::mem::take(&mut cells))),
                    None => {}
                }
            }
            if !cells.is_empty() {
                rows.push(split_row(cells));
            }
            rows
        }
        _ => {
            // Blank cells dropped: a text line starts a row, values follow it.
            let mut rows: Vec<Row> = Vec::new();
            for l in lines.iter().filter(|l| !l.is_empty()) {
                if is_value(l) {
                    match rows.last_mut() {
                        Some(r) => r.values.push(l.to_string()),
                        None => rows.push(Row {
                            labels: Vec::new(),
                            values: vec![l.to_string()],
                        }),
                    }
                } else {
                    rows.push(Row {
                        labels: vec![l.to_string()],
                        values: Vec::new(),
                    });
                }
            }
            rows
        }
    }
}

/// Writes the values of a row with noise; `empty_ok` says whether the last value may be left
/// with nothing but spaces (only where the row cannot be taken for a padded shorter one).
fn values(cx: &mut Ctx<'_>, values: &[String], empty_ok: bool) -> Vec<String> {
    let mut out = vec![String::new(); values.len()];
    let mut later_written = empty_ok;
    for (i, v) in values.iter().enumerate().rev() {
        let s = if v == "—" {
            cx.blank(later_written)
        } else {
            cx.number(v)
        };
        later_written |= !s.trim_matches(|c: char| c.is_whitespace()).is_empty();
        out[i] = cx.pad(&s);
    }
    out
}

fn table(cx: &mut Ctx<'_>, lines: &[&str], out: &mut Vec<String>) {
    let layout = cx.layout;
    for row in rows_of(layout, lines) {
        // Labels (and header cells) with their noise; a tail may go on a line of its own.
        let mut tail = None;
        let mut labels: Vec<String> = Vec::new();
        for l in &row.labels {
            if l.is_empty() {
                labels.push(String::new());
                continue;
            }
            let mut head = l.clone();
            if let Some((h, t)) = cx.tail_of(l) {
                head = h.to_string();
                tail = Some(t);
            }
            let mut text = cx.text(&head);
            if layout == Layout::LineBroken {
                if let Some(t) = tail.take() {
                    text = format!("{text}\n{t}");
                } else if cx.n.broken_headers && HEADERS.contains(&l.as_str()) && cx.rng.one_in(2) {
                    let chars: Vec<char> = text.chars().collect();
                    let at = 1 + cx.rng.below(chars.len() - 1);
                    text = format!(
                        "{}\n{}",
                        chars[..at].iter().collect::<String>(),
                        chars[at..].iter().collect::<String>()
                    );
                }
            }
            labels.push(cx.pad(&text));
        }
        let has_labels = labels.iter().any(|l| !l.is_empty());
        // An extra row is never cut: with no template label to go by, its label alone on a
        // line could as well be the tail of the label above.
        let extra = row.labels.iter().any(|l| {
            EXTRA_PROACTIVE.contains(&l.as_str()) || EXTRA_APPLICATIONS.contains(&l.as_str())
        });
        let cut = cx.n.cut_rows
            && has_labels
            && !extra
            && !row.values.is_empty()
            && layout != Layout::BlankDropped
            && cx.rng.one_in(3);
        // In the line-broken layout a labelled row keeps its cells apart by lines, so blank
        // cells of nothing but spaces are safe there; elsewhere only before a written cell.
        let empty_ok = layout == Layout::LineBroken && has_labels && !cut;
        let mut vals = values(cx, &row.values, empty_ok);
        let all_equal = row.values.len() > 1
            && row.values[0] != "—"
            && !row.values[0].contains(' ')
            && row.values.iter().all(|v| *v == row.values[0]);
        if layout == Layout::TabSeparated && cx.n.surplus_cells && all_equal && cx.rng.one_in(2) {
            let extra = if row.values.len() == 7 {
                4
            } else {
                1 + cx.rng.below(3)
            };
            let v = vals[0].clone();
            vals.extend(std::iter::repeat_n(v, extra));
        }
        match layout {
            Layout::TabSeparated => {
                let surplus = |cx: &mut Ctx<'_>, line: &mut String| {
                    if cx.n.surplus_cells && cx.rng.one_in(3) {
                        line.push_str(&"\t".repeat(1 + cx.rng.below(3)));
                    }
                    cx.trailing_tabs(line);
                };
                if cut {
                    let mut a = labels.join("\t");
                    surplus(cx, &mut a);
                    out.push(a);
                    cx.blank_lines(out);
                    let mut b = vals.join("\t");
                    surplus(cx, &mut b);
                    out.push(b);
                } else {
                    let mut line = labels
                        .into_iter()
                        .chain(vals)
                        .collect::<Vec<_>>()
                        .join("\t");
                    // A row of labels only is a row whose values were lost: no empty cells
                    // may be added to it (they would read as blanks).
                    if !row.values.is_empty() || !has_labels {
                        surplus(cx, &mut line);
                    }
                    out.push(line);
                }
                if let Some(t) = tail {
                    let mut line = format!("\t{}", cx.pad(t));
                    cx.trailing_tabs(&mut line);
                    out.push(line);
                }
                cx.blank_lines(out);
            }
            Layout::LineBroken => {
                for l in &labels {
                    out.push(format!("\t{l}"));
                }
                if cut {
                    out.push(String::new());
                    cx.blank_lines(out);
                }
                for v in &vals {
                    out.push(format!("\t{v}"));
                }
                out.push(String::new());
                cx.blank_lines(out);
            }
            _ => {
                for l in labels.iter().filter(|l| !l.is_empty()) {
                    out.push(l.clone());
                }
                if let Some(t) = tail {
                    out.push(cx.pad(t));
                }
                for v in &vals {
                    cx.blank_lines(out);
                    out.push(v.clone());
                }
                cx.blank_lines(out);
            }
        }
    }
}
