//! Documents that repeat an earlier one: the same 范文 saved in two files,
//! posted twice in one, or reposted under a new title.
//!
//! Each document gets a [`Fingerprint`] from the opening of its body (the
//! title is not part of it): the smallest [`SKETCH`] hashes of its
//! character 4-gram shingles, counting only letters, digits and CJK (so
//! spacing, punctuation and other cleaning noise do not matter). Two
//! fingerprints estimate the Jaccard similarity of the shingle sets
//! (bottom-k sketch); at [`DUPLICATE_SIMILARITY`] or more the later
//! document repeats the earlier.
//!
//! A [`DuplicateIndex`] is fed the documents in input order and names, for
//! each, the first document it repeats, wherever that is in the inputs. Fed
//! in the same order, it gives the same answers whatever the thread count.

use std::collections::HashMap;

use super::DocRef;

/// Characters of a body's opening that make its fingerprint.
pub const SAMPLE_CHARS: usize = 3000;
/// Hashes kept per fingerprint.
pub const SKETCH: usize = 64;
/// Least estimated similarity of a repeat.
pub const DUPLICATE_SIMILARITY: f64 = 0.8;
/// Least shingles a body needs to be compared at all.
const MIN_SHINGLES: usize = 8;
/// The smallest hashes of a fingerprint that are looked up in the index:
/// two bodies 80% alike share one of them but with a tiny chance.
const PROBES: usize = 8;

/// The bottom-k sketch of a body's shingles: sorted, distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    hashes: Vec<u32>,
    /// Distinct shingles of the body (all, not just the sketch's).
    shingles: usize,
}

fn shingle_hash(w: &[u32]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in w {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
        h ^= h >> 29;
    }
    h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as u32
}

/// Letters, digits and CJK: `char::is_alphanumeric`, with the two common
/// ranges answered without the Unicode table look-up (which was most of the
/// cost of a fingerprint).
fn is_shingle_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
    }
}

/// Sorts `v` ascending, a byte at a time from the lowest (LSD radix sort):
/// the shingle hashes are uniform, and four counting passes over a few
/// thousand of them cost a third of a comparison sort.
fn radix_sort(v: &mut Vec<u32>) {
    let mut counts = [[0usize; 256]; 4];
    for &x in v.iter() {
        for (b, c) in counts.iter_mut().enumerate() {
            c[(x >> (8 * b)) as usize & 0xFF] += 1;
        }
    }
    let mut from = std::mem::take(v);
    let mut to = vec![0u32; from.len()];
    for (b, c) in counts.iter().enumerate() {
        let mut next = [0usize; 256];
        let mut at = 0;
        for (slot, n) in next.iter_mut().zip(c) {
            *slot = at;
            at += n;
        }
        for &x in &from {
            let d = (x >> (8 * b)) as usize & 0xFF;
            to[next[d]] = x;
            next[d] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *v = from;
}

impl Fingerprint {
    /// The fingerprint of a body's opening.
    pub fn of(body: &str) -> Fingerprint {
        let mut all: Vec<u32> = Vec::with_capacity(SAMPLE_CHARS);
        let mut window = [0u32; 4];
        for (n, c) in body
            .chars()
            .filter(|&c| is_shingle_char(c))
            .take(SAMPLE_CHARS)
            .enumerate()
        {
            window = [window[1], window[2], window[3], c as u32];
            if n >= 3 {
                all.push(shingle_hash(&window));
            }
        }
        radix_sort(&mut all);
        all.dedup();
        let shingles = all.len();
        all.truncate(SKETCH);
        Fingerprint {
            hashes: all,
            shingles,
        }
    }

    /// Whether the body is long enough to be compared.
    pub fn is_comparable(&self) -> bool {
        self.shingles >= MIN_SHINGLES
    }

    /// Estimated Jaccard similarity of the two bodies' shingle sets: of the
    /// smallest hashes of the union, the share both hold.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let (a, b) = (&self.hashes, &other.hashes);
        let k = SKETCH.min(a.len().max(b.len()));
        if k == 0 {
            return 0.0;
        }
        let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
        while seen < k && (i < a.len() || j < b.len()) {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    both += 1;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => i += 1,
                (Some(_), Some(_)) => j += 1,
                (Some(_), None) => i += 1,
                (None, _) => j += 1,
            }
            seen += 1;
        }
        both as f64 / seen as f64
    }
}

/// The fingerprints of the documents seen so far that repeat no other.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    originals: Vec<(DocRef, Fingerprint)>,
    /// Hash → originals whose smallest hashes hold it.
    postings: HashMap<u32, Vec<u32>>,
}

impl DuplicateIndex {
    pub fn new() -> DuplicateIndex {
        DuplicateIndex::default()
    }

    /// The earliest original `fp` repeats; when none, `doc` is recorded as
    /// an original (unless its body is too short to compare).
    pub fn check(&mut self, doc: DocRef, fp: &Fingerprint) -> Option<DocRef> {
        if !fp.is_comparable() {
            return None;
        }
        let mut candidates: Vec<u32> = fp
            .hashes
            .iter()
            .take(PROBES)
            .filter_map(|h| self.postings.get(h))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for c in candidates {
            let (r, other) = &self.originals[c as usize];
            // Jaccard is at most the ratio of the sizes.
            let (s, l) = (
                fp.shingles.min(other.shingles),
                fp.shingles.max(other.shingles),
            );
            if (s as f64) < DUPLICATE_SIMILARITY * l as f64 {
                continue;
            }
            if fp.similarity(other) >= DUPLICATE_SIMILARITY {
                return Some(r.clone());
            }
        }
        let id = self.originals.len() as u32;
        for h in fp.hashes.iter().take(PROBES) {
            self.postings.entry(*h).or_default().push(id);
        }
        self.originals.push((doc, fp.clone()));
        None
    }

    /// Sets `duplicate_of` of the documents of one file, in order.
    pub fn mark<'a>(
        &mut self,
        file: &str,
        docs: impl IntoIterator<Item = &'a mut super::Document>,
    ) {
        for (i, d) in docs.into_iter().enumerate() {
            d.duplicate_of = self.check(
                DocRef {
                    file: file.to_string(),
                    doc: i,
                },
                &d.fingerprint,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "一、组织建设,一年来我们开展了会员发展工作,取得了明显成效,完成了换届。二、文体活动,举办了职工运动会,组织了书画展,取得了好成绩。三、帮扶工作,走访慰问困难职工86户,发放慰问金20.6万元。";

    fn r(file: &str, doc: usize) -> DocRef {
        DocRef {
            file: file.into(),
            doc,
        }
    }

    #[test]
    fn shingle_chars_are_the_alphanumeric_ones() {
        for c in [
            'a', 'Z', '7', '工', '会', '〇', 'é', 'Ω', '，', ' ', '。', '-', '①', '㐀', '𠀀',
        ] {
            assert_eq!(is_shingle_char(c), c.is_alphanumeric(), "{c}");
        }
    }

    #[test]
    fn repeats_point_to_the_first_whatever_the_noise() {
        let mut ix = DuplicateIndex::new();
        assert_eq!(ix.check(r("a", 0), &Fingerprint::of(BODY)), None);
        let noisy = BODY.replace(',', "，").replace('。', "。\n ");
        assert_eq!(
            ix.check(r("b", 0), &Fingerprint::of(&noisy)),
            Some(r("a", 0))
        );
        // A repeat of a repeat names the original.
        assert_eq!(ix.check(r("c", 3), &Fingerprint::of(BODY)), Some(r("a", 0)));
        let other = "二、加强学习,组织干部职工参加学习强国学习,举办业务知识讲座两场,全年开展集中学习十二次,每季度开展一次专题讨论。";
        assert_eq!(ix.check(r("d", 0), &Fingerprint::of(other)), None);
        assert_eq!(ix.check(r("e", 0), &Fingerprint::of("短")), None);
    }

    #[test]
    fn radix_sort_sorts() {
        let mut v: Vec<u32> = (0..2000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) ^ (i << 7))
            .chain([0, u32::MAX, 5, 5])
            .collect();
        let mut want = v.clone();
        want.sort_unstable();
        radix_sort(&mut v);
        assert_eq!(v, want);
        let mut empty = Vec::new();
        radix_sort(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn similarity_of_near_copies() {
        let a = Fingerprint::of(BODY);
        assert_eq!(a.similarity(&a), 1.0);
        let edited = format!("{BODY}四、女职工工作,开展三八节活动。");
        assert!(a.similarity(&Fingerprint::of(&edited)) > 0.7);
    }
}
