//! Matching items of two documents: the one module `check` (a plan's
//! promises against a summary's sentences) and `compare` (a plan's items
//! against the next plan's) stand on.
//!
//! - **Profiles.** An item's text becomes a sorted set of character
//!   bigrams (Han characters and ASCII words), after the words of
//!   `dictionaries/synonyms.txt` are replaced by their canonical form
//!   (职代会, 教代会 → 职工代表大会) and its figures are masked, so that
//!   20场 against 26场, or a raised target, does not lower the similarity.
//!   Bigrams are as good as words for Chinese retrieval and need no
//!   segmenter. The item's heading path joins the profile with a lower
//!   weight: a summary written by theme repeats the plan's theme words in
//!   its headings.
//! - **Weights.** Each bigram is weighted by its inverse document frequency
//!   over the items of both documents ([`Weights`]), so 工会, 职工, 开展
//!   count little and 两癌, 书屋, 宣讲 much.
//! - **Similarity** is the weighted cosine of two profiles, in 0..=1.
//! - **Figures** pair by unit family (`dictionaries/unit_families.txt`:
//!   场/场次/次, 人/人次/名 …; money in yuan; %), by subject and by the
//!   similarity of their sentences ([`Matcher::figure_affinity`]).
//! - **Assignment**: one-to-one pairs that maximise the summed similarity
//!   (Kuhn–Munkres, [`assign`]), for compare; check ranks instead.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use pathfinding::prelude::{Matrix, kuhn_munkres};

use crate::dict::Dictionaries;
use crate::digest::{DigestFigure, DigestItem};
use crate::figure::{FigureKind, FigureValue, Qualifier, Role};
use crate::lang::chars::is_han;

pub const SYNONYMS_DICT: &str = "synonyms.txt";
pub const UNIT_FAMILIES_DICT: &str = "unit_families.txt";
pub const COMPLETION_DICT: &str = "completion_cues.txt";

/// Weight of a heading's bigrams next to the item's own (1.0).
const HEADING_WEIGHT: f32 = 0.35;

/// A text as matching sees it: sorted, distinct bigram ids with a weight
/// factor (1 for the item's text, less for its headings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    terms: Vec<(u64, f32)>,
}

impl Profile {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }
}

/// What a summary sentence says of how far a piece of work went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completion {
    /// Started, under way, postponed, cancelled, part done.
    Partial,
    /// Moved online.
    Online,
    /// Said not to be done.
    Undone,
}

/// The matching resources: synonyms, unit families, completion cues.
pub struct Matcher {
    synonyms: AhoCorasick,
    /// Canonical form of each synonym pattern.
    canonical: Vec<String>,
    families: HashMap<String, String>,
    completion: AhoCorasick,
    completion_class: Vec<Completion>,
}

impl Matcher {
    pub fn new(dicts: &Dictionaries) -> Matcher {
        let mut patterns = Vec::new();
        let mut canonical = Vec::new();
        for line in dicts.text(SYNONYMS_DICT).lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let canon = words[0];
            for w in &words {
                patterns.push(w.to_string());
                canonical.push(canon.to_string());
            }
        }
        let synonyms = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("synonym patterns are plain strings");
        let mut families = HashMap::new();
        for line in dicts.text(UNIT_FAMILIES_DICT).lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((family, units)) = line.split_once(':') {
                for u in units.split_whitespace() {
                    families.insert(u.to_string(), family.trim().to_string());
                }
            }
        }
        let mut cue_words = Vec::new();
        let mut completion_class = Vec::new();
        for line in dicts.text(COMPLETION_DICT).lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((class, word)) = line.split_once(':') else {
                continue;
            };
            let class = match class.trim() {
                "partial" => Completion::Partial,
                "online" => Completion::Online,
                "undone" => Completion::Undone,
                _ => continue,
            };
            cue_words.push(word.trim().to_string());
            completion_class.push(class);
        }
        let completion = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cue_words)
            .expect("completion cues are plain strings");
        Matcher {
            synonyms,
            canonical,
            families,
            completion,
            completion_class,
        }
    }

    /// The matcher of the built-in dictionaries.
    pub fn embedded() -> Matcher {
        Matcher::new(&Dictionaries::embedded())
    }

    /// `text` with synonyms replaced by their canonical form and the byte
    /// ranges in `masks` (figures) replaced by a space.
    pub fn canonical_text(&self, text: &str, masks: &[(usize, usize)]) -> String {
        let mut masked = String::with_capacity(text.len());
        let mut at = 0;
        let mut sorted: Vec<(usize, usize)> = masks
            .iter()
            .copied()
            .filter(|&(s, e)| s < e && e <= text.len())
            .collect();
        sorted.sort_unstable();
        for (s, e) in sorted {
            if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            masked.push_str(&text[at..s]);
            masked.push(' ');
            at = e;
        }
        masked.push_str(&text[at..]);
        let mut out = String::with_capacity(masked.len());
        let mut last = 0;
        for m in self.synonyms.find_iter(&masked) {
            out.push_str(&masked[last..m.start()]);
            out.push_str(&self.canonical[m.pattern().as_usize()]);
            last = m.end();
        }
        out.push_str(&masked[last..]);
        out
    }

    /// The profile of a text with figures masked and headings added.
    pub fn profile(&self, text: &str, masks: &[(usize, usize)], headings: &[String]) -> Profile {
        let mut terms: Vec<(u64, f32)> = Vec::new();
        bigrams(&self.canonical_text(text, masks), 1.0, &mut terms);
        for h in headings {
            bigrams(
                &self.canonical_text(strip_marker(h), &[]),
                HEADING_WEIGHT,
                &mut terms,
            );
        }
        // Keep each bigram once, with its highest weight.
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        terms.dedup_by_key(|t| t.0);
        Profile { terms }
    }

    /// The profile of an item: its cleaned text with its figures masked,
    /// and its heading path.
    pub fn item_profile(&self, item: &DigestItem) -> Profile {
        let masks: Vec<(usize, usize)> = item.figures.iter().map(|f| f.at).collect();
        self.profile(&item.clean, &masks, &item.section_clean)
    }

    /// The profile of the sentence of an item that holds a figure (its
    /// own promise in an item of several), without headings.
    pub fn figure_profile(&self, item: &DigestItem, figure: &DigestFigure) -> Profile {
        let (s, e) = sentence_in(&item.clean, figure.at);
        self.range_profile(item, s, e)
    }

    /// The profile of a figure's clause, figures masked.
    pub fn clause_profile(&self, item: &DigestItem, figure: &DigestFigure) -> Profile {
        self.range_profile(item, figure.clause.0, figure.clause.1)
    }

    /// The profile of a byte range of an item's cleaned text, its figures
    /// masked, without headings.
    fn range_profile(&self, item: &DigestItem, s: usize, e: usize) -> Profile {
        let (s, e) = (s.min(item.clean.len()), e.min(item.clean.len()).max(s));
        if !item.clean.is_char_boundary(s) || !item.clean.is_char_boundary(e) {
            return Profile::default();
        }
        let masks: Vec<(usize, usize)> = item
            .figures
            .iter()
            .filter(|f| f.at.0 >= s && f.at.1 <= e)
            .map(|f| (f.at.0 - s, f.at.1 - s))
            .collect();
        self.profile(&item.clean[s..e], &masks, &[])
    }

    /// The family of a figure's unit: what it counts.
    pub fn family(&self, f: &DigestFigure) -> String {
        match f.figure.kind {
            FigureKind::Amount => "money".into(),
            FigureKind::Percent => match f.figure.unit.as_deref() {
                Some(u) if u.contains("百分点") => "points".into(),
                _ => "percent".into(),
            },
            FigureKind::Date => "date".into(),
            FigureKind::Count | FigureKind::Frequency => {
                let unit = f.figure.unit.as_deref().unwrap_or("");
                self.families
                    .get(unit)
                    .cloned()
                    .unwrap_or_else(|| unit.to_string())
            }
        }
    }

    /// What pairing needs of a figure, computed once: its unit family and
    /// the canonical bigrams of its subject.
    pub fn figure_key(&self, f: &DigestFigure) -> FigureKey {
        FigureKey {
            family: self.family(f),
            subject: f.figure.subject.as_deref().map(|s| self.phrase_terms(s)),
        }
    }

    /// How well two figures state the same thing, in 0..=1: None when they
    /// cannot ([`comparable`]). `context` is the similarity of
    /// their sentences and clauses.
    pub fn figure_affinity(&self, a: &DigestFigure, b: &DigestFigure, context: f32) -> Option<f32> {
        figure_affinity(a, &self.figure_key(a), b, &self.figure_key(b), context)
    }

    /// Dice similarity of two short phrases (subjects), over canonical
    /// bigrams.
    pub fn phrase_similarity(&self, a: &str, b: &str) -> f32 {
        dice(&self.phrase_terms(a), &self.phrase_terms(b))
    }

    /// The sorted, distinct canonical bigrams of a short phrase.
    pub fn phrase_terms(&self, s: &str) -> Vec<u64> {
        let mut t = Vec::new();
        bigrams(&self.canonical_text(s, &[]), 1.0, &mut t);
        let mut ids: Vec<u64> = t.into_iter().map(|(id, _)| id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The completion cues of a text, in text order.
    pub fn completion(&self, text: &str) -> Vec<Completion> {
        self.completion
            .find_iter(text)
            .map(|m| self.completion_class[m.pattern().as_usize()])
            .collect()
    }
}

/// What pairing needs of a figure ([`Matcher::figure_key`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureKey {
    pub family: String,
    pub subject: Option<Vec<u64>>,
}

/// Whether two figures can state the same thing: units of one family (a
/// frequency also answers a count of events or sessions: 每季度一次 against
/// 全年4期), both rates or both totals.
pub fn comparable(a: &DigestFigure, ka: &FigureKey, b: &DigestFigure, kb: &FigureKey) -> bool {
    if a.per_unit != b.per_unit {
        return false;
    }
    if ka.family == kb.family {
        return true;
    }
    let sessions = |f: &str| matches!(f, "events" | "classes");
    let freq = a.figure.kind == FigureKind::Frequency || b.figure.kind == FigureKind::Frequency;
    freq && sessions(&ka.family) && sessions(&kb.family)
}

/// How well two figures state the same thing ([`Matcher::figure_affinity`]),
/// their keys computed once.
pub fn figure_affinity(
    a: &DigestFigure,
    ka: &FigureKey,
    b: &DigestFigure,
    kb: &FigureKey,
    context: f32,
) -> Option<f32> {
    if !comparable(a, ka, b, kb) {
        return None;
    }
    let subject = match (&ka.subject, &kb.subject) {
        (Some(x), Some(y)) => Some(dice(x, y)),
        _ => None,
    };
    let action = match (&a.figure.action, &b.figure.action) {
        (Some(x), Some(y)) if x == y => 0.1,
        _ => 0.0,
    };
    let unit = if a.figure.unit == b.figure.unit {
        0.1
    } else {
        0.0
    };
    // Targets and their actuals, or two years' targets, are rarely an
    // order of magnitude apart.
    let closeness = match (numeric_value(a), numeric_value(b)) {
        (Some(x), Some(y)) if x > 0.0 && y > 0.0 && a.figure.kind != FigureKind::Date => {
            0.15 * (1.0 - ((y / x).ln().abs() / 10f64.ln()).min(1.0)) as f32
        }
        _ => 0.0,
    };
    // Subject, verb, unit and size count only as far as the sentences
    // agree: in an unrelated sentence a like subject is chance.
    let gate = (context / 0.2).min(1.0);
    let score = 0.6 * context + gate * (0.3 * subject.unwrap_or(0.3) + action + unit + closeness);
    Some(score.min(1.0))
}

/// Dice similarity of two sorted id sets.
fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// Whether a figure states a target or a level to compare: a plan's target
/// or change, a summary's actual or change; never a baseline, and never a
/// bare year (2021年 names the period, it promises nothing).
pub fn is_measure(f: &DigestFigure) -> bool {
    if matches!(f.figure.role, Some(Role::Baseline)) {
        return false;
    }
    match (&f.figure.kind, &f.figure.value) {
        (FigureKind::Date, FigureValue::Date(d)) => d.len() > 4,
        _ => true,
    }
}

/// Inverse document frequencies of bigrams over a set of profiles.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    idf: HashMap<u64, f32>,
    /// The weight of a bigram seen in no profile.
    unseen: f32,
}

impl Weights {
    pub fn new<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Weights {
        let mut df: HashMap<u64, u32> = HashMap::new();
        let mut n = 0u32;
        for p in profiles {
            n += 1;
            for &(t, _) in &p.terms {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        let n = n as f32;
        let idf = df
            .into_iter()
            .map(|(t, d)| (t, bm25_idf(n, d as f32)))
            .collect();
        Weights {
            idf,
            unseen: bm25_idf(n, 0.0),
        }
    }

    fn weight(&self, t: u64) -> f32 {
        *self.idf.get(&t).unwrap_or(&self.unseen)
    }

    /// Weighted cosine of two profiles over binary bigram sets, in 0..=1.
    pub fn similarity(&self, a: &Profile, b: &Profile) -> f32 {
        cosine(&self.weigh(a), &self.weigh(b))
    }

    /// A profile with its weights looked up once, for many comparisons.
    pub fn weigh(&self, p: &Profile) -> Weighted {
        let terms: Vec<(u64, f32)> = p
            .terms
            .iter()
            .map(|&(t, f)| (t, self.weight(t) * f))
            .collect();
        let norm = terms.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        let total = terms.iter().map(|&(_, w)| w).sum();
        Weighted { terms, norm, total }
    }
}

/// A profile with each bigram's weight (idf × factor) and its norm.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weighted {
    terms: Vec<(u64, f32)>,
    norm: f32,
    /// The summed weight.
    total: f32,
}

/// The share of `query`'s weight that `doc` holds, in 0..=1
/// (how much of a promise one sentence, or one item, holds).
pub fn covered(query: &Weighted, doc: &Weighted) -> f32 {
    if query.total == 0.0 {
        return 0.0;
    }
    let got: f32 = intersect(&query.terms, &doc.terms)
        .map(|(_, q, d)| q.min(d))
        .sum();
    (got / query.total).min(1.0)
}

/// An inverted index of weighted profiles: for each bigram, the profiles
/// holding it and its weight there. Scoring one query against every
/// indexed profile visits only the bigrams they share, so two plans of
/// thousands of items (a collection read as one document) compare in
/// linear time in the shared postings, not in items × items.
pub struct Postings {
    lists: HashMap<u64, Vec<(u32, f32)>>,
    len: usize,
}

impl Postings {
    pub fn new(profiles: &[Weighted]) -> Postings {
        let mut lists: HashMap<u64, Vec<(u32, f32)>> = HashMap::new();
        for (j, c) in profiles.iter().enumerate() {
            for &(t, w) in &c.terms {
                lists.entry(t).or_default().push((j as u32, w));
            }
        }
        Postings {
            lists,
            len: profiles.len(),
        }
    }

    /// `combine(query weight, profile weight)` summed over the shared
    /// bigrams, for every indexed profile (0 where none is shared). Sums run
    /// in the query's term order, as a pairwise merge does.
    fn accumulate(&self, query: &Weighted, combine: impl Fn(f32, f32) -> f32) -> Vec<f32> {
        let mut acc = vec![0f32; self.len];
        for &(t, w) in &query.terms {
            if let Some(list) = self.lists.get(&t) {
                for &(j, wc) in list {
                    acc[j as usize] += combine(w, wc);
                }
            }
        }
        acc
    }

    /// [`covered`] of `query` by every indexed profile.
    pub fn covered_by_each(&self, query: &Weighted) -> Vec<f32> {
        if query.total == 0.0 {
            return vec![0.0; self.len];
        }
        let mut got = self.accumulate(query, f32::min);
        for g in &mut got {
            *g = (*g / query.total).min(1.0);
        }
        got
    }

    /// [`cosine`] of `query` with every indexed profile.
    /// `profiles` are the indexed ones, for their norms.
    pub fn cosine_with_each(&self, query: &Weighted, profiles: &[Weighted]) -> Vec<f32> {
        if query.norm == 0.0 {
            return vec![0.0; self.len];
        }
        let dot = self.accumulate(query, |a, b| a * b);
        dot.iter()
            .zip(profiles)
            .map(|(&d, c)| {
                if d == 0.0 || c.norm == 0.0 {
                    0.0
                } else {
                    (d / (query.norm * c.norm)).min(1.0)
                }
            })
            .collect()
    }
}

/// The cosine of every row profile with every column profile, through an
/// inverted index of the columns ([`Postings`]).
pub fn cosine_matrix(rows: &[Weighted], cols: &[Weighted]) -> Vec<Vec<f32>> {
    let index = Postings::new(cols);
    rows.iter()
        .map(|r| index.cosine_with_each(r, cols))
        .collect()
}

/// Cosine of two weighted profiles, in 0..=1.
pub fn cosine(a: &Weighted, b: &Weighted) -> f32 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let dot: f32 = intersect(&a.terms, &b.terms).map(|(_, x, y)| x * y).sum();
    (dot / (a.norm * b.norm)).min(1.0)
}

fn bm25_idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// One-to-one pairs of rows and columns that maximise the summed score,
/// keeping only pairs scoring at least `min`: (row, column, score).
pub fn assign(scores: &[Vec<f32>], min: f32) -> Vec<(usize, usize, f32)> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    // Kuhn–Munkres needs integer weights and no more rows than columns;
    // scores below `min` are worth nothing, so they never displace a pair.
    if rows.min(cols) > ASSIGN_EXACT_MAX {
        return assign_greedy(scores, min);
    }
    let scale = |s: f32| if s >= min { (s * 10_000.0) as i64 } else { 0 };
    let transpose = rows > cols;
    let (r, c) = if transpose {
        (cols, rows)
    } else {
        (rows, cols)
    };
    let values: Vec<i64> = (0..r * c)
        .map(|k| {
            let (i, j) = (k / c, k % c);
            scale(if transpose {
                scores[j][i]
            } else {
                scores[i][j]
            })
        })
        .collect();
    let matrix = Matrix::from_vec(r, c, values).expect("r * c values");
    let (_, assignment) = kuhn_munkres(&matrix);
    let mut out: Vec<(usize, usize, f32)> = assignment
        .into_iter()
        .enumerate()
        .map(|(i, j)| if transpose { (j, i) } else { (i, j) })
        .map(|(i, j)| (i, j, scores[i][j]))
        .filter(|&(_, _, s)| s >= min)
        .collect();
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    out
}

/// Above this many items on both sides, [`assign`] pairs greedily, best
/// first: Kuhn–Munkres is cubic, and no real plan has hundreds of items
/// (a collection mistaken for one document might).
pub const ASSIGN_EXACT_MAX: usize = 150;

/// One-to-one pairs, best score first.
fn assign_greedy(scores: &[Vec<f32>], min: f32) -> Vec<(usize, usize, f32)> {
    let mut all: Vec<(usize, usize, f32)> = scores
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row.iter().enumerate().map(move |(j, &s)| (i, j, s)))
        .filter(|&(_, _, s)| s >= min)
        .collect();
    all.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut used_r = vec![false; scores.len()];
    let mut used_c = vec![false; scores.first().map_or(0, Vec::len)];
    let mut out = Vec::new();
    for (i, j, s) in all {
        if !used_r[i] && !used_c[j] {
            used_r[i] = true;
            used_c[j] = true;
            out.push((i, j, s));
        }
    }
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    out
}

/// The qualifier a target is read with: 不少于/以上/达到 and a bare number
/// are minimums, 不超过/以内 maximums, 左右/约 a tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    AtLeast,
    AtMost,
    About,
}

impl Bound {
    pub fn of(f: &DigestFigure) -> Bound {
        match f.figure.qualifier {
            Some(Qualifier::AtMost) => Bound::AtMost,
            Some(Qualifier::AtLeast) => Bound::AtLeast,
            None if f.figure.approx => Bound::About,
            None => Bound::AtLeast,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bound::AtLeast => ">=",
            Bound::AtMost => "<=",
            Bound::About => "~",
        }
    }
}

/// Relative tolerance of 左右/约.
pub const ABOUT_TOLERANCE: f64 = 0.1;

/// A figure's value as a number: the number, or for a date its end as
/// days since 0000-01-01 (a month ends on its last day), so deadlines
/// compare.
pub fn numeric_value(f: &DigestFigure) -> Option<f64> {
    match &f.figure.value {
        FigureValue::Number(v) => Some(*v),
        FigureValue::Date(d) => date_end_days(d),
    }
}

/// Days since year 0 of the last day of a date as the figure stage writes
/// it (a range: its end), 31 to a month: enough to order deadlines.
fn date_end_days(iso: &str) -> Option<f64> {
    let (_, (y, m, d)) = crate::figure::date::day_bounds(iso)?;
    Some((i64::from(y) * 372 + (i64::from(m) - 1) * 31 + (i64::from(d) - 1)) as f64)
}

/// Byte range of the sentence of `text` around `at` (between sentence ends
/// or semicolons).
fn sentence_in(text: &str, at: (usize, usize)) -> (usize, usize) {
    let stop = |c: char| crate::lang::chars::is_sentence_end(c) || c == '；' || c == ';';
    let start = text[..at.0.min(text.len())]
        .char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at.1.min(text.len())..]
        .char_indices()
        .find(|&(_, c)| stop(c))
        .map_or(text.len(), |(i, c)| at.1 + i + c.len_utf8());
    (start, end)
}

/// A heading without its marker (一、 （二） 1. …): the words only.
fn strip_marker(h: &str) -> &str {
    h.trim_start_matches(|c: char| !is_han(c) || crate::lang::numeral::cjk_digit(c).is_some())
}

/// Pushes the bigrams of `text`: pairs of adjacent Han characters, and
/// ASCII letter runs as single terms (APP, EAP); anything else breaks.
fn bigrams(text: &str, weight: f32, out: &mut Vec<(u64, f32)>) {
    let mut prev: Option<char> = None;
    let mut word = String::new();
    for c in text.chars() {
        if is_han(c) {
            if let Some(p) = prev {
                out.push((((p as u64) << 32) | c as u64, weight));
            }
            prev = Some(c);
            flush_word(&mut word, weight, out);
        } else if c.is_ascii_alphabetic() {
            prev = None;
            word.push(c.to_ascii_uppercase());
        } else {
            prev = None;
            flush_word(&mut word, weight, out);
        }
    }
    flush_word(&mut word, weight, out);
}

fn flush_word(word: &mut String, weight: f32, out: &mut Vec<(u64, f32)>) {
    if word.len() >= 2 {
        // FNV-1a with the top bit set: never equal to a bigram of two chars
        // (those have bit 63 clear).
        let mut h: u64 = 0xcbf29ce484222325;
        for b in word.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        out.push((h | (1 << 63), weight));
    }
    word.clear();
}

/// The terms two sorted profiles share, with both weight factors.
fn intersect<'a>(
    a: &'a [(u64, f32)],
    b: &'a [(u64, f32)],
) -> impl Iterator<Item = (u64, f32, f32)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let r = (a[i].0, a[i].1, b[j].1);
                    i += 1;
                    j += 1;
                    return Some(r);
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::embedded()
    }

    #[test]
    fn synonyms_become_canonical() {
        let m = m();
        assert_eq!(m.canonical_text("召开教代会", &[]), "召开职工代表大会");
        assert_eq!(m.canonical_text("召开职代会", &[]), "召开职工代表大会");
    }

    #[test]
    fn figures_are_masked() {
        let m = m();
        let a = "开展宣讲活动不少于20场";
        let b = "开展宣讲活动26场";
        let pa = m.profile(a, &[(18, a.len())], &[]);
        let pb = m.profile(b, &[(18, b.len())], &[]);
        let w = Weights::new([&pa, &pb]);
        assert!((w.similarity(&pa, &pb) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn similarity_ranks_the_same_work_first() {
        let m = m();
        let q = m.profile("开展女职工两癌筛查", &[], &[]);
        let right = m.profile("为女职工进行妇科病乳腺癌筛查2000人", &[], &[]);
        let wrong = m.profile("开展职工技能竞赛", &[], &[]);
        let w = Weights::new([&q, &right, &wrong]);
        assert!(w.similarity(&q, &right) > w.similarity(&q, &wrong));
    }

    #[test]
    fn cosine_matrix_equals_pairwise_cosines() {
        let m = m();
        let texts = [
            "开展女职工两癌筛查",
            "举办职工运动会",
            "女职工两癌检查2000人",
            "APP上线",
        ];
        let profiles: Vec<Profile> = texts.iter().map(|t| m.profile(t, &[], &[])).collect();
        let w = Weights::new(&profiles);
        let weighted: Vec<Weighted> = profiles.iter().map(|p| w.weigh(p)).collect();
        let matrix = cosine_matrix(&weighted, &weighted);
        for (i, a) in weighted.iter().enumerate() {
            for (j, b) in weighted.iter().enumerate() {
                assert!((matrix[i][j] - cosine(a, b)).abs() < 1e-5, "{i},{j}");
            }
        }
        assert!(matrix[0][2] > matrix[0][1]);
        // Coverage through the index is the pairwise coverage, exactly.
        let index = Postings::new(&weighted);
        for a in &weighted {
            let each = index.covered_by_each(a);
            for (j, b) in weighted.iter().enumerate() {
                assert_eq!(each[j], covered(a, b), "{j}");
            }
        }
    }

    #[test]
    fn assignment_is_one_to_one_and_optimal() {
        // Greedy would take (0,0)=0.9 and leave row 1 with 0.1.
        let scores = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        let got = assign(&scores, 0.2);
        assert_eq!(got, vec![(0, 1, 0.8), (1, 0, 0.85)]);
        // More rows than columns, and a floor.
        let scores = vec![vec![0.9], vec![0.95], vec![0.1]];
        assert_eq!(assign(&scores, 0.5), vec![(1, 0, 0.95)]);
        assert!(assign(&[], 0.5).is_empty());
    }

    #[test]
    fn dates_compare_by_their_last_day() {
        assert!(date_end_days("2021-06").unwrap() > date_end_days("2021-06-20").unwrap());
        assert!(date_end_days("2021-06").unwrap() < date_end_days("2021-07-01").unwrap());
        assert_eq!(date_end_days("2020-02"), date_end_days("2020-02-29"));
        assert_eq!(date_end_days("2021-H1"), date_end_days("2021-06-30"));
        assert_eq!(date_end_days("2021-Q3"), date_end_days("2021-09-30"));
        assert_eq!(date_end_days("2021-07/2021-08"), date_end_days("2021-08"));
    }

    #[test]
    fn completion_cues_are_read() {
        let m = m();
        assert_eq!(
            m.completion("因疫情影响延期举办"),
            vec![Completion::Partial]
        );
        assert_eq!(m.completion("改为线上进行"), vec![Completion::Online]);
        assert!(m.completion("圆满完成").is_empty());
    }

    #[test]
    fn sentence_in_finds_the_figures_sentence() {
        let t = "一是开展宣讲。二是举办培训班3期；三是慰问。";
        let at = t.find('3').unwrap();
        let (s, e) = sentence_in(t, (at, at + 1));
        assert_eq!(&t[s..e], "二是举办培训班3期；");
    }
}
