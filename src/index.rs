//! The templates' labels indexed for matching: every core a template row or marker can have,
//! looked up once per label cell by hash.

use crate::bind::{header_role, HeaderRole};
use crate::template::{
    Numbering, TableKind, Template, GROUPS, HEADER_WORDS, MARKERS_2019, MARKERS_2021,
};
use crate::text::label_key_checked;
use crate::text::{core, CharMasks, KeyRef};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A fast hash of a short key: its length and its first and last eight bytes (no key from the
/// input is ever stored, so there is no flooding to fear; keys alike at both ends are told
/// apart by the comparison that follows).
fn hash(bytes: &[u8]) -> u64 {
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let n = bytes.len();
    let (head, tail) = if n >= 8 {
        (word(&bytes[..8]), word(&bytes[n - 8..]))
    } else {
        (word(bytes), 0)
    };
    let h = (head ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95)
        ^ tail.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

/// An open-addressing table from a text to a `V`, filled once; at most a quarter of the slots
/// are taken, so a miss ends soon. A slot tells all a look-up needs before the key's bytes:
/// the high half of the key's hash, where the key stands in one string of all keys (in the
/// order given, so that keys given together lie together), its length, and the value's index.
/// A look-up reads a slot, the key's bytes and the value: no entry or text strewn over the
/// heap.
struct Table<V> {
    slots: Vec<Slot>,
    text: String,
    values: Vec<V>,
}

/// A slot of a [`Table`]: an entry's key (its hash's high half, start and length in the
/// table's text) and value index; [`Slot::EMPTY`] for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    tag: u32,
    start: u32,
    len: u32,
    value: u32,
}

impl Slot {
    const EMPTY: Slot = Slot {
        tag: 0,
        start: 0,
        len: u32::MAX,
        value: u32::MAX,
    };
}

impl<V> Table<V> {
    fn new(entries: Vec<(String, V)>) -> Table<V> {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![Slot::EMPTY; size];
        let mut text = String::new();
        let mut values = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let h = hash(k.as_bytes());
            // The templates' texts: a few kilobytes.
            let slot = Slot {
                tag: (h >> 32) as u32,
                start: text.len() as u32,
                len: k.len() as u32,
                value: values.len() as u32,
            };
            text.push_str(&k);
            values.push(v);
            let mut i = (h as usize) & (size - 1);
            while slots[i] != Slot::EMPTY {
                i = (i + 1) & (size - 1);
            }
            slots[i] = slot;
        }
        Table {
            slots,
            text,
            values,
        }
    }

    fn get(&self, key: &str) -> Option<&V> {
        let h = hash(key.as_bytes());
        let (tag, len) = ((h >> 32) as u32, key.len());
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let s = self.slots[i];
            if s.tag == tag && s.len as usize == len {
                let start = s.start as usize;
                if self.text.as_bytes().get(start..start + len) == Some(key.as_bytes()) {
                    return self.values.get(s.value as usize);
                }
            }
            if s.value == u32::MAX {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The entries: each key and its value.
    #[cfg(test)]
    fn entries(&self) -> impl Iterator<Item = (&str, &V)> {
        let mut slots: Vec<Slot> = self
            .slots
            .iter()
            .copied()
            .filter(|s| *s != Slot::EMPTY)
            .collect();
        slots.sort_by_key(|s| s.value);
        slots.into_iter().map(|s| {
            let start = s.start as usize;
            (
                &self.text[start..start + s.len as usize],
                &self.values[s.value as usize],
            )
        })
    }
}

/// What the templates know of one core.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Per template (2019, 2021): the rows (bit `i`: row `i`) whose label or an alias has
    /// exactly this core.
    pub rows: [u64; 2],
    /// Per template (2019, 2021): whether the core marks that template's tables.
    pub marks: [bool; 2],
}

impl Hit {
    /// The rows of `template` with this core.
    pub fn rows(&self, template: Template) -> u64 {
        self.rows[template as usize]
    }
}

/// The cores of each template row's label and aliases, as text and as character masks.
struct Cores {
    text: Vec<Vec<String>>,
    chars: Vec<Vec<CharMasks>>,
}

const TEMPLATES: [Template; 2] = [Template::T2019, Template::T2021];

/// The tables, in the order of their [`TableKind`] numbers.
const TABLES: [TableKind; 3] = [
    TableKind::Proactive,
    TableKind::Applications,
    TableKind::ReviewLitigation,
];

fn cores(template: Template) -> &'static Cores {
    static C: OnceLock<[Cores; 2]> = OnceLock::new();
    &C.get_or_init(|| {
        TEMPLATES.map(|t| {
            let rows = t.rows();
            assert!(rows.len() <= 64, "a row set is a u64");
            let text: Vec<Vec<String>> = rows
                .iter()
                .map(|d| {
                    std::iter::once(d.label)
                        .chain(d.aliases.iter().copied())
                        .map(core)
                        .collect()
                })
                .collect();
            let chars = text
                .iter()
                .map(|cs| {
                    cs.iter()
                        .map(|c| CharMasks::new(&c.chars().collect::<Vec<char>>()))
                        .collect()
                })
                .collect();
            Cores { text, chars }
        })
    })[template as usize]
}

/// The cores of each row's label and aliases, by row index.
pub(crate) fn row_cores(template: Template) -> &'static [Vec<String>] {
    &cores(template).text
}

/// The same cores as [`CharMasks`] (for similarity scoring).
pub(crate) fn row_chars(template: Template) -> &'static [Vec<CharMasks>] {
    &cores(template).chars
}

/// What the templates know of `core` (nothing: the default).
pub(crate) fn lookup(core: &str) -> Hit {
    static T: OnceLock<Table<Hit>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, Hit> = HashMap::new();
        for t in TEMPLATES {
            for (i, cs) in row_cores(t).iter().enumerate() {
                for c in cs {
                    m.entry(c.clone()).or_default().rows[t as usize] |= 1 << i;
                }
            }
        }
        for (t, markers) in [MARKERS_2019, MARKERS_2021].iter().enumerate() {
            for c in *markers {
                m.entry(c.to_string()).or_default().marks[t] = true;
            }
        }
        Table::new(m.into_iter().collect())
    })
    .get(core)
    .copied()
    .unwrap_or_default()
}

/// A label as the templates print it, reduced once by [`label_key_checked`]: its numbering,
/// core, core without parentheses, and what the templates know of them.
#[derive(Debug)]
pub(crate) struct Spelling {
    pub numbering: Numbering,
    pub core: String,
    pub core_np: Option<String>,
    pub hit: Hit,
    pub marks: [bool; 2],
    /// What the label is among each table's headers (by [`crate::template::TableKind`]).
    pub header: [HeaderRole; 3],
}

/// A label's marks per template (2019, 2021) packed for counting: 2019's in the low 32 bits,
/// 2021's in the high ones. A sum of them counts the labels that mark each template, the halves
/// apart as long as fewer than 2³² labels are summed (an input holds under 4 GiB, and a label
/// takes a byte or more).
pub(crate) fn mark_bits([a, b]: [bool; 2]) -> u64 {
    u64::from(a) | u64::from(b) << 32
}

/// The reduction of `text` (trimmed) when it is a label exactly as the templates print it
/// (`规章`, `（三）不予公开`, `1.属于国家秘密`, `1. 属于国家秘密`, a column header, a table's corner
/// cell): the same as reducing it, computed once for all reports.
pub(crate) fn spelled(text: &str) -> Option<&'static Spelling> {
    spellings().get(text)
}

/// The texts of the labels as the templates print them ([`spelled`]).
#[cfg(test)]
pub(crate) fn spelled_texts() -> impl Iterator<Item = &'static str> {
    spellings().entries().map(|(text, _)| text)
}

/// The labels as the templates print them (and as copies print their ASCII numberings, with a
/// space after), reduced.
fn spellings() -> &'static Table<Spelling> {
    static T: OnceLock<Table<Spelling>> = OnceLock::new();
    T.get_or_init(|| {
        let mut texts: Vec<String> = Vec::new();
        let mut add = |numbering: Numbering, label: &str| {
            let prefixes: Vec<String> = match numbering {
                Numbering::None => vec![String::new()],
                Numbering::Top(n) => vec![format!("{}、", cn(n))],
                // ASCII forms as copies often print them too: a space after the numbering.
                Numbering::Paren(n) => vec![
                    format!("（{}）", cn(n)),
                    format!("({})", cn(n)),
                    format!("({}) ", cn(n)),
                ],
                Numbering::Digit(n) => vec![
                    format!("{n}."),
                    format!("{n}．"),
                    format!("{n}、"),
                    format!("{n}. "),
                ],
            };
            texts.extend(prefixes.into_iter().map(|p| format!("{p}{label}")));
        };
        for t in TEMPLATES {
            for r in t.rows() {
                for l in std::iter::once(r.label).chain(r.aliases.iter().copied()) {
                    add(r.numbering, l);
                }
                for c in r.columns {
                    add(Numbering::None, c.label);
                }
            }
        }
        for g in GROUPS {
            add(g.numbering, g.label);
        }
        for w in HEADER_WORDS.iter().chain(CORNERS) {
            add(Numbering::None, w);
        }
        // Each text once, in the templates' order (the order of a report's labels).
        let mut seen = std::collections::HashSet::new();
        texts.retain(|t| seen.insert(t.clone()));
        let (mut scratch, mut arena) = (String::new(), String::new());
        let entries = texts
            .into_iter()
            .filter_map(|text| {
                arena.clear();
                let ((numbering, core, np), sentence) =
                    label_key_checked(&text, &mut scratch, &mut arena);
                let slice = |(a, b): (u32, u32)| arena[a as usize..b as usize].to_string();
                let (core, core_np) = (slice(core), np.map(slice));
                let hit = lookup(&core);
                let np_hit = core_np.as_deref().map_or(Hit::default(), lookup);
                let marks = [
                    hit.marks[0] || np_hit.marks[0],
                    hit.marks[1] || np_hit.marks[1],
                ];
                let key = KeyRef {
                    numbering,
                    core: &core,
                    core_np: core_np.as_deref(),
                    hit,
                    marks,
                    header: None,
                };
                let header = TABLES.map(|t| header_role(&key, t));
                (!sentence).then_some((
                    text,
                    Spelling {
                        numbering,
                        core,
                        core_np,
                        hit,
                        marks,
                        header,
                    },
                ))
            })
            .collect();
        Table::new(entries)
    })
}

/// The corner cells of section 二's tables (the article of the regulations each table counts,
/// and the note on the sums of section 三's table), as the templates print them with
/// full-width and with ASCII punctuation.
const CORNERS: &[&str] = &[
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
    "第二十条第(一)项",
    "第二十条第(五)项",
    "第二十条第(六)项",
    "第二十条第(八)项",
    "第二十条第(九)项",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
];

/// 一 … 九十九.
fn cn(n: u8) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[usize::from(n)].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[usize::from(n % 10)]),
        _ => format!(
            "{}十{}",
            D[usize::from(n / 10 % 10)],
            D[usize::from(n % 10)]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_reduce_as_any_label_does() {
        for text in [
            "规章",
            "（三）不予公开",
            "(三)不予公开",
            "1.属于国家秘密",
            "四、结转下年度继续办理",
            "自然人",
            "本年收费金额（单位：万元）",
            "(三) 不予公开",
            "1. 属于国家秘密",
            "第二十条第（一）项",
        ] {
            let s = spelled(text).unwrap_or_else(|| panic!("{text}"));
            let (mut scratch, mut arena) = Default::default();
            let ((n, c, np), _) = label_key_checked(text, &mut scratch, &mut arena);
            let slice = |(a, b): (u32, u32)| arena[a as usize..b as usize].to_string();
            assert_eq!(
                (s.numbering, s.core.clone(), s.core_np.clone()),
                (n, slice(c), np.map(slice)),
                "{text}"
            );
            assert_eq!(s.hit, lookup(&slice(c)));
        }
        assert!(spelled("规 章").is_none());
        // Every entry is what reducing its text gives, and is found by it.
        let table = spellings();
        assert_eq!(table.entries().count(), 168);
        for (text, s) in table.entries() {
            let (mut scratch, mut arena) = Default::default();
            let ((n, c, np), sentence) = label_key_checked(text, &mut scratch, &mut arena);
            let slice = |(a, b): (u32, u32)| arena[a as usize..b as usize].to_string();
            assert!(!sentence);
            assert_eq!(
                (s.numbering, s.core.clone(), s.core_np.clone()),
                (n, slice(c), np.map(slice)),
                "{text}"
            );
            assert!(std::ptr::eq(spelled(text).unwrap(), s), "{text}");
            // Its header roles are what the general test finds of its key.
            let (core, core_np) = (slice(c), np.map(slice));
            let key = KeyRef {
                numbering: n,
                core: &core,
                core_np: core_np.as_deref(),
                hit: s.hit,
                marks: s.marks,
                header: None,
            };
            assert_eq!(s.header, TABLES.map(|t| header_role(&key, t)), "{text}");
            // A cell spelled so is read as text, and as a label (not narrative), untried.
            assert_eq!(
                crate::text::cell_text_trimmed(text),
                crate::text::CellText::Text,
                "{text}"
            );
            assert!(text.chars().count() <= 60, "{text}");
        }
        assert_eq!(cn(3), "三");
        assert_eq!(cn(12), "十二");
        assert_eq!(cn(20), "二十");
    }

    #[test]
    fn cores_find_their_rows_and_markers() {
        for t in TEMPLATES {
            for (i, r) in t.rows().iter().enumerate() {
                for l in std::iter::once(r.label).chain(r.aliases.iter().copied()) {
                    assert_ne!(lookup(&core(l)).rows(t) & (1 << i), 0, "{}", r.key);
                }
            }
        }
        let t = Template::T2021;
        let key = |t: Template, k: &str| t.rows().iter().position(|r| r.key == k).unwrap();
        assert_eq!(
            lookup("行政事业性收费").rows(t),
            1 << key(t, "proactive.fees")
        );
        assert_eq!(
            lookup("规章").rows,
            [
                1 << key(Template::T2019, "proactive.rules"),
                1 << key(Template::T2021, "proactive.rules")
            ]
        );
        assert_eq!(lookup("不在模板里"), Hit::default());
        for m in MARKERS_2019 {
            assert!(lookup(m).marks[0], "{m}");
        }
        for m in MARKERS_2021 {
            assert!(lookup(m).marks[1], "{m}");
        }
    }
}
