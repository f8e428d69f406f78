//! Accuracy of `compare` on the hand-annotated plan series
//! (tests/data/compare_gold_*.jsonl): item pairs, target changes (with
//! their direction), added and removed items, as F1. DEV series are tuned
//! on (COMPARE_DEBUG=1 prints their misses); the floors hold on TEST.
//!
//! Gold items are found by their line and quote; several gold items in one
//! of our items count once. Our pairs, changes and added/removed items
//! count only where they touch a gold item (an opening sentence we keep as
//! an item, and the gold does not, is not an error of compare).

#[path = "common/gold.rs"]
mod gold;
#[path = "common/traditional.rs"]
mod traditional;

use std::collections::{BTreeMap, BTreeSet};

use gold::{Sources, f1, overlaps, pick};
use gonghui::digest::Digest;
use gonghui::jobs::archive::TwoFiles;
use gonghui::jobs::compare::compare;
use gonghui::pipeline::Resources;
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldPair {
    old_line: usize,
    old_quote: String,
    new_line: usize,
    new_quote: String,
}

#[derive(Deserialize)]
struct GoldChange {
    old_line: usize,
    old_quote: String,
    new_line: usize,
    new_quote: String,
    direction: String,
}

#[derive(Deserialize)]
struct GoldPlace {
    line: usize,
    quote: String,
}

#[derive(Deserialize)]
struct GoldCompare {
    series: String,
    split: String,
    old_file: String,
    new_file: String,
    pairs: Vec<GoldPair>,
    changes: Vec<GoldChange>,
    removed: Vec<GoldPlace>,
    added: Vec<GoldPlace>,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add<T: Ord + Clone>(&mut self, gold: &BTreeSet<T>, ours: &BTreeSet<T>) {
        self.tp += gold.intersection(ours).count();
        self.fp += ours.difference(gold).count();
        self.fn_ += gold.difference(ours).count();
    }
    fn f1(&self) -> f64 {
        f1(self.tp, self.fp, self.fn_).2
    }
}

#[derive(Default)]
struct Score {
    pairs: Counts,
    changes: Counts,
    added_removed: Counts,
}

/// The index of our item holding an original byte offset.
fn item_at(d: &Digest, at: usize) -> Option<usize> {
    d.working_items()
        .position(|i| i.span.start <= at && at < i.span.end)
}

fn gold() -> Vec<GoldCompare> {
    gold::read_gold("compare_gold_")
}

/// A traditional-script copy (s2hk), made in the test.
fn traditional_copy(text: &str) -> (String, Vec<u8>) {
    let v = traditional::Variant::HongKong;
    let t = traditional::to_traditional(text, v);
    let b = traditional::bytes_of(&t, v);
    (t, b)
}

fn score_all() -> BTreeMap<String, Score> {
    score_all_in(None)
}

/// Scores of the pairs as written, or of copies made with `convert`.
fn score_all_in(convert: Option<gold::Convert>) -> BTreeMap<String, Score> {
    let res = Resources::load(None).unwrap();
    let debug = std::env::var_os("COMPARE_DEBUG").is_some();
    let mut sources = convert.map_or_else(Sources::default, Sources::converted);
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    for g in gold() {
        let archive = gold::archive_of_with(&[&g.old_file, &g.new_file], &res, convert);
        let (old, new) = pick(&archive, &g.old_file, &g.new_file, TwoFiles::Compare);
        let report = compare(old, new, &res.matcher);
        let show = debug && g.split == "dev";
        let olds: Vec<_> = old.working_items().collect();
        let news: Vec<_> = new.working_items().collect();
        let idx = |items: &[&gonghui::digest::DigestItem], it: &gonghui::digest::DigestItem| {
            items.iter().position(|x| std::ptr::eq(*x, it)).unwrap()
        };
        let mut place = |file: &str, line: usize, quote: &str| sources.place(file, line, quote);

        // Gold items of each side, as our item indices.
        let mut gold_old = BTreeSet::new();
        let mut gold_new = BTreeSet::new();
        let mut gold_pairs = BTreeSet::new();
        for p in &g.pairs {
            let a = item_at(old, place(&g.old_file, p.old_line, &p.old_quote).0);
            let b = item_at(new, place(&g.new_file, p.new_line, &p.new_quote).0);
            if let Some(a) = a {
                gold_old.insert(a);
            }
            if let Some(b) = b {
                gold_new.insert(b);
            }
            gold_pairs.insert((a, b));
        }
        let mut gold_ar = BTreeSet::new();
        for r in &g.removed {
            let a = item_at(old, place(&g.old_file, r.line, &r.quote).0);
            if let Some(a) = a {
                gold_old.insert(a);
            }
            gold_ar.insert(("removed", a));
        }
        for r in &g.added {
            let b = item_at(new, place(&g.new_file, r.line, &r.quote).0);
            if let Some(b) = b {
                gold_new.insert(b);
            }
            gold_ar.insert(("added", b));
        }
        let mut ours_pairs = BTreeSet::new();
        for p in &report.pairs {
            let (a, b) = (idx(&olds, p.old), idx(&news, p.new));
            if gold_old.contains(&a) || gold_new.contains(&b) {
                ours_pairs.insert((Some(a), Some(b)));
            }
        }
        let mut ours_ar = BTreeSet::new();
        for r in &report.removed {
            let a = idx(&olds, r);
            if gold_old.contains(&a) {
                ours_ar.insert(("removed", Some(a)));
            }
        }
        for r in &report.added {
            let b = idx(&news, r);
            if gold_new.contains(&b) {
                ours_ar.insert(("added", Some(b)));
            }
        }
        // Changes: figure places and direction.
        let mut gold_changes = BTreeSet::new();
        let mut gold_change_places = Vec::new();
        for c in &g.changes {
            let a = place(&g.old_file, c.old_line, &c.old_quote);
            let b = place(&g.new_file, c.new_line, &c.new_quote);
            gold_change_places.push((a, b));
            gold_changes.insert((a, b, c.direction.clone()));
        }
        let mut ours_changes = BTreeSet::new();
        for p in &report.pairs {
            for c in &p.changes {
                let (a, b) = (
                    (c.old.span.start, c.old.span.end),
                    (c.new.span.start, c.new.span.end),
                );
                // Report our change in the gold's places when they overlap.
                let gp = gold_change_places
                    .iter()
                    .find(|(ga, gb)| overlaps(*ga, a) && overlaps(*gb, b))
                    .copied();
                let touches_gold = gold_old.contains(&idx(&olds, p.old));
                if let Some((ga, gb)) = gp {
                    ours_changes.insert((ga, gb, c.direction.as_str().to_string()));
                } else if touches_gold {
                    ours_changes.insert((a, b, c.direction.as_str().to_string()));
                }
            }
        }
        if show {
            let line = |items: &[&gonghui::digest::DigestItem], i: Option<usize>| {
                i.map(|i| {
                    format!(
                        "{}:{}",
                        items[i].span.line,
                        items[i].text.chars().take(14).collect::<String>()
                    )
                })
            };
            for p in gold_pairs.difference(&ours_pairs) {
                println!(
                    "{} missed pair {:?} -> {:?}",
                    g.series,
                    line(&olds, p.0),
                    line(&news, p.1)
                );
            }
            for p in ours_pairs.difference(&gold_pairs) {
                println!(
                    "{} wrong pair {:?} -> {:?}",
                    g.series,
                    line(&olds, p.0),
                    line(&news, p.1)
                );
            }
            for c in gold_changes.difference(&ours_changes) {
                println!("{} missed change {:?}", g.series, c);
            }
            for c in ours_changes.difference(&gold_changes) {
                println!("{} wrong change {:?}", g.series, c);
            }
            for x in gold_ar.difference(&ours_ar) {
                let items = if x.0 == "removed" { &olds } else { &news };
                println!("{} missed {} {:?}", g.series, x.0, line(items, x.1));
            }
            for x in ours_ar.difference(&gold_ar) {
                let items = if x.0 == "removed" { &olds } else { &news };
                println!("{} wrong {} {:?}", g.series, x.0, line(items, x.1));
            }
        }
        let s = scores.entry(g.split.clone()).or_default();
        s.pairs.add(&gold_pairs, &ours_pairs);
        s.changes.add(&gold_changes, &ours_changes);
        s.added_removed.add(&gold_ar, &ours_ar);
    }
    for (split, s) in &scores {
        println!(
            "{split}: pairs F1 {:.3} ({}/{}/{}), changes F1 {:.3} ({}/{}/{}), added+removed F1 {:.3} ({}/{}/{})",
            s.pairs.f1(),
            s.pairs.tp,
            s.pairs.fp,
            s.pairs.fn_,
            s.changes.f1(),
            s.changes.tp,
            s.changes.fp,
            s.changes.fn_,
            s.added_removed.f1(),
            s.added_removed.tp,
            s.added_removed.fp,
            s.added_removed.fn_
        );
    }
    scores
}

#[test]
fn compare_meets_its_floors_on_test_series() {
    floors(&score_all());
}

/// The same pairs in traditional script, converted in the test: the same
/// floors.
#[test]
fn compare_meets_its_floors_on_test_series_in_traditional() {
    floors(&score_all_in(Some(traditional_copy)));
}

fn floors(scores: &BTreeMap<String, Score>) {
    // Measured on TEST (S2, S3 2020→2021, S5 ×2, S6 ×2), as written and in
    // traditional script alike: pairs F1 0.973 (146 right, 4 wrong, 4
    // missed), changes F1 0.933 (187/12/15), added+removed F1 0.912
    // (31/2/4).
    let test = &scores["test"];
    assert!(
        test.pairs.tp >= 100,
        "only {} TEST pairs found",
        test.pairs.tp
    );
    assert!(test.pairs.f1() >= 0.9, "pairs F1 {:.3}", test.pairs.f1());
    assert!(
        test.changes.f1() >= 0.9,
        "changes F1 {:.3}",
        test.changes.f1()
    );
    assert!(
        test.added_removed.f1() >= 0.85,
        "added+removed F1 {:.3}",
        test.added_removed.f1()
    );
}
