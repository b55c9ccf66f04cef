//! The templates' labels indexed for matching: every core a template row or marker can have,
//! looked up once per label cell by hash.

use crate::template::{Template, MARKERS_2019, MARKERS_2021};
use crate::text::core;
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

/// An open-addressing table from core to [`Hit`], filled once: a slot holds an entry's index
/// (`u32::MAX`: empty); at most a quarter of the slots are taken, so a miss ends soon.
struct Table {
    slots: Vec<u32>,
    entries: Vec<(u64, String, Hit)>,
}

impl Table {
    fn new(entries: Vec<(String, Hit)>) -> Table {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![u32::MAX; size];
        let entries: Vec<(u64, String, Hit)> = entries
            .into_iter()
            .map(|(k, v)| (hash(k.as_bytes()), k, v))
            .collect();
        for (e, (h, _, _)) in entries.iter().enumerate() {
            let mut i = (*h as usize) & (size - 1);
            while slots[i] != u32::MAX {
                i = (i + 1) & (size - 1);
            }
            slots[i] = e as u32;
        }
        Table { slots, entries }
    }

    fn get(&self, key: &str) -> Hit {
        let h = hash(key.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let Some((eh, ek, hit)) = self.entries.get(self.slots[i] as usize) else {
                return Hit::default();
            };
            if *eh == h && ek == key {
                return *hit;
            }
            i = (i + 1) & mask;
        }
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

/// The cores of each template row's label and aliases, as text and as characters.
struct Cores {
    text: Vec<Vec<String>>,
    chars: Vec<Vec<Vec<char>>>,
}

const TEMPLATES: [Template; 2] = [Template::T2019, Template::T2021];

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
                .map(|cs| cs.iter().map(|c| c.chars().collect()).collect())
                .collect();
            Cores { text, chars }
        })
    })[template as usize]
}

/// The cores of each row's label and aliases, by row index.
pub(crate) fn row_cores(template: Template) -> &'static [Vec<String>] {
    &cores(template).text
}

/// The same cores as characters (for similarity scoring).
pub(crate) fn row_chars(template: Template) -> &'static [Vec<Vec<char>>] {
    &cores(template).chars
}

/// What the templates know of `core` (nothing: the default).
pub(crate) fn lookup(core: &str) -> Hit {
    static T: OnceLock<Table> = OnceLock::new();
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
