//! The templates' labels indexed for matching: every core a template row or marker can have,
//! looked up once per label cell by hash.

use crate::template::{Template, MARKERS_2019, MARKERS_2021};
use crate::text::core;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fast hash for the short keys of the label tables, eight bytes a step (no key from the
/// input is ever stored, so no flooding to fear).
#[derive(Default)]
pub(crate) struct WordHash(u64);

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        self.0 = h;
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
    type CoreMap = HashMap<String, Hit, BuildHasherDefault<WordHash>>;
    static M: OnceLock<CoreMap> = OnceLock::new();
    let map = M.get_or_init(|| {
        let mut m = CoreMap::default();
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
        m
    });
    map.get(core).copied().unwrap_or_default()
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
