//! `compare`: what changed between one plan and the next plan of the same
//! organisation, and how an item and its targets moved across years.
//!
//! The promises of the two plans are aligned one to one by an assignment
//! over their similarity matrix ([`crate::matching::assign`]), so order and
//! sections do not matter; figures are masked before similarity, so a
//! raised target does not break a pair. A second pass pairs an unpaired
//! item with an already paired one whose text covers it ([`MERGE_MIN`]):
//! two old items merged into one new, or one old split in two. A third
//! pass follows the targets ([`moved_targets`]): an item still unpaired
//! whose target restates one that another item's pair left without
//! counterpart joins that item. Last, lone unpaired items between two pairs
//! are paired ([`fill_gaps`]). What stays unpaired is `removed` (old only)
//! or `added` (new only).
//!
//! In each pair the old item's target figures are paired with the new
//! item's of the same unit family and subject, and each change has a
//! direction: `raised`, `lowered`, `same`, or `changed` when the unit or the
//! qualifier changed (以上 → 左右) or a deadline moved.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use similar::{ChangeTag, TextDiff};

use crate::digest::{Digest, DigestFigure, DigestItem};
use crate::figure::{FigureKind, FigureValue};
use crate::matching::{
    Bound, FigureKey, Matcher, Postings, Profile, Weighted, Weights, assign, comparable, cosine,
    figure_affinity, is_measure, numeric_value,
};

/// Similarity from which two items are one item rewritten.
pub const PAIR_MIN: f32 = 0.1;
/// Share of an unpaired item's weight that a paired item of the other plan
/// must hold for a merge or a split.
pub const MERGE_MIN: f32 = 0.4;
/// Affinity from which two target figures state the same target.
pub const CHANGE_MIN: f32 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Raised,
    Lowered,
    Same,
    Changed,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Raised => "raised",
            Direction::Lowered => "lowered",
            Direction::Same => "same",
            Direction::Changed => "changed",
        }
    }

    /// ↑ ↓ = ~ for tables.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Raised => "↑",
            Direction::Lowered => "↓",
            Direction::Same => "=",
            Direction::Changed => "~",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange<'a> {
    pub old: &'a DigestFigure,
    pub new: &'a DigestFigure,
    pub direction: Direction,
    /// new − old, for numbers.
    pub delta: Option<f64>,
}

/// A piece of the character diff of two texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

impl DiffOp {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffOp::Equal => "equal",
            DiffOp::Delete => "delete",
            DiffOp::Insert => "insert",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemPair<'a> {
    pub old: &'a DigestItem,
    pub new: &'a DigestItem,
    pub score: f32,
    /// Paired by the second pass: part of a merge or a split.
    pub merge: bool,
    pub changes: Vec<TargetChange<'a>>,
    /// The character diff of the original texts, runs of one kind joined.
    pub diff: Vec<(DiffOp, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompareReport<'a> {
    pub old: &'a Digest,
    pub new: &'a Digest,
    /// In the new plan's order.
    pub pairs: Vec<ItemPair<'a>>,
    pub removed: Vec<&'a DigestItem>,
    pub added: Vec<&'a DigestItem>,
}

/// Compares the promises of two plans.
pub fn compare<'a>(old: &'a Digest, new: &'a Digest, m: &Matcher) -> CompareReport<'a> {
    let olds: Vec<&DigestItem> = old.working_items().collect();
    let news: Vec<&DigestItem> = new.working_items().collect();
    let o_prof: Vec<Profile> = olds.iter().map(|i| m.item_profile(i)).collect();
    let n_prof: Vec<Profile> = news.iter().map(|i| m.item_profile(i)).collect();
    let weights = Weights::new(o_prof.iter().chain(&n_prof));
    let o_w: Vec<Weighted> = o_prof.iter().map(|p| weights.weigh(p)).collect();
    let n_w: Vec<Weighted> = n_prof.iter().map(|p| weights.weigh(p)).collect();
    let (o_index, n_index) = (Postings::new(&o_w), Postings::new(&n_w));
    let scores: Vec<Vec<f32>> = o_w
        .iter()
        .map(|r| n_index.cosine_with_each(r, &n_w))
        .collect();
    let mut matched: Vec<(usize, usize, f32, bool)> = assign(&scores, PAIR_MIN)
        .into_iter()
        .map(|(i, j, s)| (i, j, s, false))
        .collect();
    let (old_paired, new_paired) = paired_flags(&matched, olds.len(), news.len());
    // Merges: an unpaired old item whose words a paired new item holds,
    // or that is as like it as a pair.
    for i in (0..olds.len()).filter(|&i| !old_paired[i]) {
        let cover = n_index.covered_by_each(&o_w[i]);
        let partner = merge_partner(
            (0..news.len()).filter(|&j| new_paired[j]),
            |j| cover[j],
            |j| scores[i][j],
        );
        if let Some(j) = partner {
            matched.push((i, j, scores[i][j], true));
        }
    }
    // Splits: an unpaired new item whose words a paired old item holds.
    for j in (0..news.len()).filter(|&j| !new_paired[j]) {
        let cover = o_index.covered_by_each(&n_w[j]);
        let partner = merge_partner(
            (0..olds.len()).filter(|&i| old_paired[i]),
            |i| cover[i],
            |i| scores[i][j],
        );
        if let Some(i) = partner {
            matched.push((i, j, scores[i][j], true));
        }
    }
    let targets = Targets::new(&olds, &news, m, &weights);
    let mut changes: HashMap<(usize, usize), Vec<(usize, usize)>> = matched
        .iter()
        .map(|&(i, j, _, _)| ((i, j), targets.changes(i, j)))
        .collect();
    let moved = moved_targets(&matched, &changes, &scores, &targets);
    matched.extend(moved);
    fill_gaps(&mut matched, &scores, olds.len(), news.len());
    matched.sort_by_key(|p| (p.1, p.0));
    let pairs = matched
        .iter()
        .map(|&(i, j, score, merge)| {
            let found = changes
                .remove(&(i, j))
                .unwrap_or_else(|| targets.changes(i, j));
            ItemPair {
                old: olds[i],
                new: news[j],
                score,
                merge,
                changes: found
                    .into_iter()
                    .map(|(a, b)| change(targets.old.of(i, m)[a].fig, targets.new.of(j, m)[b].fig))
                    .collect(),
                diff: char_diff(&olds[i].text, &news[j].text),
            }
        })
        .collect();
    let (old_done, new_done) = paired_flags(&matched, olds.len(), news.len());
    let removed = (0..olds.len())
        .filter(|&i| !old_done[i])
        .map(|i| olds[i])
        .collect();
    let added = (0..news.len())
        .filter(|&j| !new_done[j])
        .map(|j| news[j])
        .collect();
    CompareReport {
        old,
        new,
        pairs,
        removed,
        added,
    }
}

/// Which old and which new items a list of pairs holds.
fn paired_flags(
    matched: &[(usize, usize, f32, bool)],
    n_old: usize,
    n_new: usize,
) -> (Vec<bool>, Vec<bool>) {
    let (mut old, mut new) = (vec![false; n_old], vec![false; n_new]);
    for p in matched {
        old[p.0] = true;
        new[p.1] = true;
    }
    (old, new)
}

/// Similarity from which an unpaired item joins a pair as a merge or a
/// split whatever share of its words the partner holds.
pub const MERGE_SCORE: f32 = 0.25;

/// The paired item an unpaired one merges into (or splits from): the one
/// covering most of its words when that is enough, else the most similar
/// when that is similar enough.
fn merge_partner(
    candidates: impl Iterator<Item = usize> + Clone,
    cover: impl Fn(usize) -> f32,
    score: impl Fn(usize) -> f32,
) -> Option<usize> {
    let by = |f: &dyn Fn(usize) -> f32| {
        candidates
            .clone()
            .map(|k| (k, f(k)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    if let Some((k, c)) = by(&cover)
        && c >= MERGE_MIN
        && score(k) >= PAIR_MIN * 0.6
    {
        return Some(k);
    }
    by(&score)
        .filter(|&(_, s)| s >= MERGE_SCORE)
        .map(|(k, _)| k)
}

/// Similarity from which a lone unpaired item between two pairs is paired
/// with the lone unpaired item between their partners.
pub const GAP_MIN: f32 = 0.03;

/// Gap filling, as sentence aligners do: where exactly one old item and
/// one new item are left unpaired between two consecutive pairs (in both
/// plans' order), or before the first or after the last, they are one item
/// rewritten beyond the words it shares.
fn fill_gaps(
    matched: &mut Vec<(usize, usize, f32, bool)>,
    scores: &[Vec<f32>],
    n_old: usize,
    n_new: usize,
) {
    let (old_paired, new_paired) = paired_flags(matched, n_old, n_new);
    let old_free: Vec<bool> = old_paired.iter().map(|p| !p).collect();
    let new_free: Vec<bool> = new_paired.iter().map(|p| !p).collect();
    let mut anchors: Vec<(usize, usize)> = matched
        .iter()
        .filter(|p| !p.3)
        .map(|p| (p.0, p.1))
        .collect();
    anchors.sort_unstable();
    // Sentinels before the first and after the last item.
    let mut bounds: Vec<(isize, isize)> = vec![(-1, -1)];
    bounds.extend(anchors.iter().map(|&(i, j)| (i as isize, j as isize)));
    bounds.push((n_old as isize, n_new as isize));
    let mut added = Vec::new();
    for w in bounds.windows(2) {
        let ((a1, b1), (a2, b2)) = (w[0], w[1]);
        if a2 <= a1 || b2 <= b1 {
            continue; // the order crosses: no gap to fill
        }
        let olds: Vec<usize> = ((a1 + 1)..a2)
            .map(|i| i as usize)
            .filter(|&i| old_free[i])
            .collect();
        let news: Vec<usize> = ((b1 + 1)..b2)
            .map(|j| j as usize)
            .filter(|&j| new_free[j])
            .collect();
        if let ([i], [j]) = (olds.as_slice(), news.as_slice())
            && scores[*i][*j] >= GAP_MIN
        {
            added.push((*i, *j, scores[*i][*j], false));
        }
    }
    matched.extend(added);
}

/// The figures of an item that state a target to compare: measures
/// ([`is_measure`]), less a bare period that only says per what another
/// figure of its clause counts (每年 in 每人每年深入基层不少于30天, 每周 in
/// 每周开放不少于3天): the target is the other figure.
pub fn target_figures(item: &DigestItem) -> impl Iterator<Item = &DigestFigure> {
    item.figures
        .iter()
        .filter(move |f| is_measure(f) && !is_period_of_another(item, f))
}

fn is_period_of_another(item: &DigestItem, f: &DigestFigure) -> bool {
    f.figure.kind == FigureKind::Frequency
        && f.figure.unit.is_none()
        && item.figures.iter().any(|g| {
            !matches!(g.figure.kind, FigureKind::Frequency | FigureKind::Date)
                && g.at.0 >= f.at.1
                && g.at.1 <= f.clause.1
        })
}

/// The unit family (`dictionaries/unit_families.txt`) of figures that say
/// who or what is meant: an age, years of service, an anniversary.
pub const DESCRIBES_FAMILY: &str = "describes";

/// A target figure and what pairing it needs, each computed once: its key
/// (unit family, subject) and the weighted profiles of its sentence and of
/// its clause.
struct Target<'a> {
    fig: &'a DigestFigure,
    key: FigureKey,
    /// Says who or what is meant (从教30年以上的老教师): no target that
    /// changes, but evidence that two items speak of the same people.
    describes: bool,
    sentence: OnceCell<Weighted>,
    clause: OnceCell<Weighted>,
}

/// The target figures of one plan's items, found when first asked for (a
/// plan of thousands of items pays only for the items that pair).
struct Side<'a, 'b> {
    items: &'b [&'a DigestItem],
    targets: Vec<OnceCell<Vec<Target<'a>>>>,
}

impl<'a, 'b> Side<'a, 'b> {
    fn new(items: &'b [&'a DigestItem]) -> Self {
        Side {
            items,
            targets: (0..items.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    fn of(&self, i: usize, m: &Matcher) -> &[Target<'a>] {
        self.targets[i].get_or_init(|| {
            target_figures(self.items[i])
                .map(|f| {
                    let key = m.figure_key(f);
                    Target {
                        fig: f,
                        describes: key.family == DESCRIBES_FAMILY,
                        key,
                        sentence: OnceCell::new(),
                        clause: OnceCell::new(),
                    }
                })
                .collect()
        })
    }

    fn sentence<'t>(&self, i: usize, t: &'t Target<'a>, m: &Matcher, w: &Weights) -> &'t Weighted {
        t.sentence
            .get_or_init(|| w.weigh(&m.figure_profile(self.items[i], t.fig)))
    }

    fn clause<'t>(&self, i: usize, t: &'t Target<'a>, m: &Matcher, w: &Weights) -> &'t Weighted {
        t.clause
            .get_or_init(|| w.weigh(&m.clause_profile(self.items[i], t.fig)))
    }
}

/// The target figures of both plans.
struct Targets<'a, 'b> {
    m: &'b Matcher,
    weights: &'b Weights,
    old: Side<'a, 'b>,
    new: Side<'a, 'b>,
}

impl<'a, 'b> Targets<'a, 'b> {
    fn new(
        olds: &'b [&'a DigestItem],
        news: &'b [&'a DigestItem],
        m: &'b Matcher,
        weights: &'b Weights,
    ) -> Self {
        Targets {
            m,
            weights,
            old: Side::new(olds),
            new: Side::new(news),
        }
    }

    /// The old item's targets paired with the new item's, one to one, best
    /// first: (old target, new target) in the old item's order.
    fn changes(&self, i: usize, j: usize) -> Vec<(usize, usize)> {
        let (m, w) = (self.m, self.weights);
        let (olds, news) = (self.old.of(i, m), self.new.of(j, m));
        if olds.is_empty() || news.is_empty() {
            return Vec::new();
        }
        let mut cands = Vec::new();
        for (a, ta) in olds.iter().enumerate().filter(|(_, t)| !t.describes) {
            let sa = self.old.sentence(i, ta, m, w);
            for (b, tb) in news.iter().enumerate().filter(|(_, t)| !t.describes) {
                // A sentence of many targets (主要预期目标是：…；…) gives
                // each the same context: their own clauses tell them apart.
                let sentence = cosine(sa, self.new.sentence(j, tb, m, w));
                let clause = cosine(self.old.clause(i, ta, m, w), self.new.clause(j, tb, m, w));
                let context = CLAUSE_SHARE * clause + (1.0 - CLAUSE_SHARE) * sentence;
                // Order counts a little: the second target of an item is
                // usually restated second.
                let order = if a == b { 0.05 } else { 0.0 };
                if let Some(s) = figure_affinity(ta.fig, &ta.key, tb.fig, &tb.key, context)
                    && s + order >= CHANGE_MIN
                {
                    cands.push((a, b, s + order));
                }
            }
        }
        cands.sort_by(|x, y| y.2.total_cmp(&x.2));
        let mut used_a = vec![false; olds.len()];
        let mut used_b = vec![false; news.len()];
        let mut out = Vec::new();
        for (a, b, _) in cands {
            if used_a[a] || used_b[b] {
                continue;
            }
            used_a[a] = true;
            used_b[b] = true;
            out.push((a, b));
        }
        out.sort_by_key(|&(a, _)| olds[a].fig.at);
        out
    }

    /// How well target `a` of old item `i` and target `b` of new item `j`
    /// state one target, judged by their clauses alone (the items may say
    /// much else).
    fn restates(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f32> {
        let (m, w) = (self.m, self.weights);
        let (ta, tb) = (&self.old.of(i, m)[a], &self.new.of(j, m)[b]);
        // Most pairs of figures cannot state one target: no clause profiles
        // are made for them.
        if !comparable(ta.fig, &ta.key, tb.fig, &tb.key) {
            return None;
        }
        let context = cosine(self.old.clause(i, ta, m, w), self.new.clause(j, tb, m, w));
        figure_affinity(ta.fig, &ta.key, tb.fig, &tb.key, context)
    }
}

/// How much a target's own clause counts, against its sentence, in pairing
/// the targets of two paired items.
const CLAUSE_SHARE: f32 = 0.5;

/// Affinity from which a target of an unpaired item restates a target
/// that another item's pairs left without counterpart ([`moved_targets`]).
pub const MOVED_MIN: f32 = 0.6;
/// How many of the most similar items of the other plan are searched for
/// a moved target: the figure confirms a likeness, it does not search the
/// whole plan.
const MOVED_CANDIDATES: usize = 8;

/// Targets moved to another item: an item the passes before left unpaired
/// whose target restates a target of an item of the other plan that has no
/// counterpart in that item's own pairs. A promise split off into an item
/// of its own (送温暖 … 帮扶资金150万元 → 2.帮扶资金180万元), or two merged,
/// often shares few words with its partner beyond that target; the target
/// is the evidence. The partner may itself be unpaired: then the two are
/// one item rewritten.
fn moved_targets(
    matched: &[(usize, usize, f32, bool)],
    changes: &HashMap<(usize, usize), Vec<(usize, usize)>>,
    scores: &[Vec<f32>],
    targets: &Targets,
) -> Vec<(usize, usize, f32, bool)> {
    let m = targets.m;
    let (n_old, n_new) = (targets.old.items.len(), targets.new.items.len());
    let (old_paired, new_paired) = paired_flags(matched, n_old, n_new);
    let mut used_old: HashSet<(usize, usize)> = HashSet::new();
    let mut used_new: HashSet<(usize, usize)> = HashSet::new();
    for (&(i, j), found) in changes {
        for &(a, b) in found {
            used_old.insert((i, a));
            used_new.insert((j, b));
        }
    }
    // The most similar items of the other plan, best first.
    let nearest = |row: &mut dyn Iterator<Item = (usize, f32)>| -> Vec<usize> {
        let mut c: Vec<(usize, f32)> = row.filter(|&(_, s)| s > 0.0).collect();
        c.sort_by(|x, y| y.1.total_cmp(&x.1));
        c.truncate(MOVED_CANDIDATES);
        c.into_iter().map(|(k, _)| k).collect()
    };
    // (affinity, old item, old target, new item, new target, old unpaired)
    let mut edges: Vec<(f32, usize, usize, usize, usize, bool)> = Vec::new();
    for i in (0..n_old).filter(|&i| !old_paired[i]) {
        let count = targets.old.of(i, m).len();
        if count == 0 {
            continue;
        }
        for j in nearest(&mut scores[i].iter().copied().enumerate()) {
            for b in 0..targets.new.of(j, m).len() {
                if used_new.contains(&(j, b)) {
                    continue;
                }
                for a in 0..count {
                    if let Some(s) = targets.restates(i, a, j, b) {
                        edges.push((s, i, a, j, b, true));
                    }
                }
            }
        }
    }
    for j in (0..n_new).filter(|&j| !new_paired[j]) {
        let count = targets.new.of(j, m).len();
        if count == 0 {
            continue;
        }
        for i in nearest(&mut scores.iter().map(|r| r[j]).enumerate()) {
            for a in 0..targets.old.of(i, m).len() {
                if used_old.contains(&(i, a)) {
                    continue;
                }
                for b in 0..count {
                    if let Some(s) = targets.restates(i, a, j, b) {
                        edges.push((s, i, a, j, b, false));
                    }
                }
            }
        }
    }
    edges.retain(|e| e.0 >= MOVED_MIN);
    edges.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut old_taken, mut new_taken) = (old_paired, new_paired);
    let mut out = Vec::new();
    for (_, i, a, j, b, old_unpaired) in edges {
        let lone_free = if old_unpaired {
            !old_taken[i]
        } else {
            !new_taken[j]
        };
        if !lone_free || used_old.contains(&(i, a)) || used_new.contains(&(j, b)) {
            continue;
        }
        // A merge or split joins a pair; two items both unpaired are one
        // item rewritten.
        let merge = old_taken[i] || new_taken[j];
        old_taken[i] = true;
        new_taken[j] = true;
        used_old.insert((i, a));
        used_new.insert((j, b));
        out.push((i, j, scores[i][j], merge));
    }
    out
}

fn change<'a>(old: &'a DigestFigure, new: &'a DigestFigure) -> TargetChange<'a> {
    let (vo, vn) = (numeric_value(old), numeric_value(new));
    let delta = match (vo, vn) {
        (Some(a), Some(b)) if old.figure.kind != FigureKind::Date => Some(b - a),
        _ => None,
    };
    let direction = if old.figure.kind == FigureKind::Date {
        // Next year's plan names next year's months: 2022-04 and 2023-04
        // are the same date of the plan.
        match (&old.figure.value, &new.figure.value) {
            (FigureValue::Date(a), FigureValue::Date(b))
                if without_years(a) == without_years(b) =>
            {
                Direction::Same
            }
            _ => Direction::Changed,
        }
    } else if old.figure.unit != new.figure.unit || stated_bound(old) != stated_bound(new) {
        Direction::Changed
    } else if old.figure.value == new.figure.value && old.figure.value_max == new.figure.value_max {
        Direction::Same
    } else {
        match (vo, vn) {
            (Some(a), Some(b)) if b > a => Direction::Raised,
            (Some(a), Some(b)) if b < a => Direction::Lowered,
            (Some(_), Some(_)) => {
                // Same lower end, another upper end (1-2场 → 1-3场).
                match (old.figure.value_max, new.figure.value_max) {
                    (Some(x), Some(y)) if y > x => Direction::Raised,
                    (Some(x), Some(y)) if y < x => Direction::Lowered,
                    _ => Direction::Changed,
                }
            }
            _ => Direction::Changed,
        }
    };
    TargetChange {
        old,
        new,
        direction,
        delta,
    }
}

/// The bound a target states in words: none for a bare number. A bare
/// number is read as a minimum when it is checked ([`Bound::of`]), but
/// 8000人次 → 8000人次以上 rewrites the promise: its qualifier changed.
fn stated_bound(f: &DigestFigure) -> Option<Bound> {
    (f.figure.qualifier.is_some() || f.figure.approx).then(|| Bound::of(f))
}

/// A date as the figure stage writes it (2022-03/2022-05) without its
/// years (03/05).
fn without_years(iso: &str) -> String {
    iso.split('/')
        .map(|d| d.split_once('-').map_or("", |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("/")
}

/// The character diff of two texts, adjacent pieces of one kind joined.
pub fn char_diff(old: &str, new: &str) -> Vec<(DiffOp, String)> {
    let diff = TextDiff::from_chars(old, new);
    let mut out: Vec<(DiffOp, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        let op = match c.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Delete => DiffOp::Delete,
            ChangeTag::Insert => DiffOp::Insert,
        };
        match out.last_mut() {
            Some((last, text)) if *last == op => text.push_str(c.value()),
            _ => out.push((op, c.value().to_string())),
        }
    }
    out
}

/// One item followed through consecutive plans of one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread<'a> {
    /// The plan and the item, oldest first.
    pub steps: Vec<(&'a Digest, &'a DigestItem)>,
    /// Each target followed through the steps: its figure in each plan from
    /// the first it appears in (None where the target is not restated).
    pub targets: Vec<Vec<Option<&'a DigestFigure>>>,
}

/// Threads over the reports of consecutive plans of one organisation, in
/// period order (each report's `new` is the next one's `old`). Only items
/// found in at least `min_steps` plans are kept. A figure that only says
/// who is meant (an age, years of service, an anniversary: the `describes`
/// family) is no target followed.
pub fn threads<'a>(
    reports: &[CompareReport<'a>],
    min_steps: usize,
    m: &Matcher,
) -> Vec<Thread<'a>> {
    let mut out: Vec<Thread<'a>> = Vec::new();
    // Threads still open at the new side of the current report: the item
    // of its latest step.
    let mut open: Vec<usize> = Vec::new();
    for (k, r) in reports.iter().enumerate() {
        let mut next_open = Vec::new();
        // The best pair of each old item continues its thread.
        let mut best_of_old: Vec<&ItemPair<'a>> = Vec::new();
        for p in &r.pairs {
            match best_of_old.iter_mut().find(|q| std::ptr::eq(q.old, p.old)) {
                Some(q) if q.score < p.score => *q = p,
                Some(_) => {}
                None => best_of_old.push(p),
            }
        }
        for p in best_of_old {
            let existing = if k == 0 {
                None
            } else {
                open.iter().copied().find(|&t| {
                    out[t]
                        .steps
                        .last()
                        .is_some_and(|(_, it)| std::ptr::eq(*it, p.old))
                })
            };
            let t = match existing {
                Some(t) => t,
                None => {
                    out.push(Thread {
                        steps: vec![(r.old, p.old)],
                        targets: target_figures(p.old)
                            .filter(|f| m.figure_key(f).family != DESCRIBES_FAMILY)
                            .map(|f| vec![Some(f)])
                            .collect(),
                    });
                    out.len() - 1
                }
            };
            let th = &mut out[t];
            let step = th.steps.len();
            th.steps.push((r.new, p.new));
            for series in th.targets.iter_mut() {
                let last = series.last().copied().flatten();
                let next = last.and_then(|f| {
                    p.changes
                        .iter()
                        .find(|c| std::ptr::eq(c.old, f))
                        .map(|c| c.new)
                });
                series.push(next);
            }
            debug_assert!(th.targets.iter().all(|s| s.len() == step + 1));
            next_open.push(t);
        }
        open = next_open;
    }
    out.retain(|t| t.steps.len() >= min_steps);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_gap_between_pairs_is_filled() {
        // Old 0,1,2 and new 0,1,2: 0 and 2 paired; 1 and 1 left between.
        let scores = vec![
            vec![0.9, 0.0, 0.0],
            vec![0.0, 0.05, 0.0],
            vec![0.0, 0.0, 0.8],
        ];
        let mut m = vec![(0, 0, 0.9, false), (2, 2, 0.8, false)];
        fill_gaps(&mut m, &scores, 3, 3);
        assert!(m.contains(&(1, 1, 0.05, false)));
        // Nothing shared: no pair.
        let mut scores0 = scores.clone();
        scores0[1][1] = 0.0;
        let mut m = vec![(0, 0, 0.9, false), (2, 2, 0.8, false)];
        fill_gaps(&mut m, &scores0, 3, 3);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn next_years_dates_are_the_same_dates() {
        assert_eq!(without_years("2022-03/2022-05"), "03/05");
        assert_eq!(without_years("2023-04"), without_years("2022-04"));
        assert_ne!(without_years("2023-04"), without_years("2022-05"));
    }

    #[test]
    fn char_diff_joins_runs() {
        let d = char_diff("宣讲活动不少于20场", "宣讲活动不少于30场");
        let ops: Vec<_> = d.iter().map(|(o, t)| (o.as_str(), t.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                ("equal", "宣讲活动不少于"),
                ("delete", "2"),
                ("insert", "3"),
                ("equal", "0场")
            ]
        );
    }
}
