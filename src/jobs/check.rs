//! `check`: was what a plan promised reported in the summary of the same
//! organisation and period?
//!
//! Summaries are written by theme, in other words and in another order, so
//! each promise of the plan is a query over the summary's sentences
//! ([`crate::matching`]): the best few are its evidence. Each target figure
//! of the promise is then paired with the summary figure that states the
//! same thing (same unit family, similar subject, a similar sentence), one
//! summary figure for one target at most, best pairs first; the target's
//! qualifier says whether the actual meets it.
//!
//! Status rules:
//! - `not_reported`: no summary sentence is similar enough
//!   ([`REPORTED_MIN`]) and no actual figure was paired;
//! - `partial`: reported, but a target is missed, or the evidence says the
//!   work was only started, postponed, cancelled or part done
//!   (`dictionaries/completion_cues.txt`);
//! - `done`: reported, and no target is missed. `exceeded` marks a target
//!   beaten; `unmeasured` marks an item with targets reported without a
//!   figure (已开展, no number).

use crate::digest::{Digest, DigestFigure, DigestItem};
use crate::figure::{FigureKind, Role};
use crate::matching::{
    ABOUT_TOLERANCE, Bound, Completion, FigureKey, Matcher, Postings, Profile, Weighted, Weights,
    comparable, cosine, figure_affinity, is_measure, numeric_value,
};

/// Similarity from which a summary sentence reports a promise.
pub const REPORTED_MIN: f32 = 0.15;
/// Affinity below which a target's actual is marked uncertain.
pub const UNCERTAIN_BELOW: f32 = 0.45;
/// Similarity from which a sentence is listed as evidence.
pub const EVIDENCE_MIN: f32 = 0.12;
/// Evidence listed per item, at most.
pub const EVIDENCE_MAX: usize = 3;
/// Affinity from which a summary figure is a target's actual.
pub const ACTUAL_MIN: f32 = 0.2;
/// Sentence similarity below which a summary sentence is not searched for
/// a target's actual.
const UNRELATED: f32 = 0.03;
/// What a summary's frequency loses against its counts as an actual.
const FREQUENCY_RESTATED: f32 = 0.3;
/// What a figure of a breakdown (其中…) loses as an actual.
const BREAKDOWN: f32 = 0.1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Done,
    Partial,
    NotReported,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Partial => "partial",
            Status::NotReported => "not_reported",
        }
    }
}

/// A summary sentence that reports a promise.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<'a> {
    pub item: &'a DigestItem,
    pub score: f32,
}

/// A target figure of a promise and what the summary reports of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck<'a> {
    pub target: &'a DigestFigure,
    pub bound: Bound,
    /// The summary figure stating the same thing, and its sentence.
    pub actual: Option<(&'a DigestItem, &'a DigestFigure)>,
    /// None when the summary gives no figure for it.
    pub met: Option<bool>,
    pub exceeded: bool,
    /// actual − target (in the unit of the values: yuan for money, days
    /// for dates).
    pub gap: Option<f64>,
    /// actual ÷ target.
    pub ratio: Option<f64>,
    /// How surely the actual states this target (its affinity: the
    /// sentences', the clauses' and the figures' agreement); None without
    /// an actual.
    pub score: Option<f32>,
}

impl TargetCheck<'_> {
    /// An actual paired on weak evidence: shown as uncertain, not asserted.
    pub fn uncertain(&self) -> bool {
        self.score.is_some_and(|s| s < UNCERTAIN_BELOW)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemCheck<'a> {
    pub item: &'a DigestItem,
    pub status: Status,
    pub exceeded: bool,
    /// Reported, has targets, but the summary gives none of their figures.
    pub unmeasured: bool,
    /// Completion cues in the evidence (部分, 延期, 改为线上 …).
    pub completion: Vec<Completion>,
    pub evidence: Vec<Evidence<'a>>,
    /// The summary sentences nearest to it, reported or not: for a person
    /// to confirm a `not_reported`.
    pub nearest: Vec<Evidence<'a>>,
    pub targets: Vec<TargetCheck<'a>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub done: usize,
    pub partial: usize,
    pub not_reported: usize,
}

/// One plan checked against one summary.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport<'a> {
    pub plan: &'a Digest,
    pub summary: &'a Digest,
    pub items: Vec<ItemCheck<'a>>,
    /// Summary results that answer no promise: work beyond the plan.
    pub also_reported: Vec<&'a DigestItem>,
}

impl CheckReport<'_> {
    pub fn counts(&self) -> StatusCounts {
        let mut c = StatusCounts::default();
        for i in &self.items {
            match i.status {
                Status::Done => c.done += 1,
                Status::Partial => c.partial += 1,
                Status::NotReported => c.not_reported += 1,
            }
        }
        c
    }
}

/// Checks the promises of `plan` against the sentences of `summary`.
pub fn check<'a>(plan: &'a Digest, summary: &'a Digest, m: &Matcher) -> CheckReport<'a> {
    let promises: Vec<&DigestItem> = plan.working_items().collect();
    let reports: Vec<&DigestItem> = summary.working_items().collect();
    let p_prof: Vec<Profile> = promises.iter().map(|i| m.item_profile(i)).collect();
    let r_prof: Vec<Profile> = reports.iter().map(|i| m.item_profile(i)).collect();
    let weights = Weights::new(p_prof.iter().chain(&r_prof));

    let p_w: Vec<Weighted> = p_prof.iter().map(|p| weights.weigh(p)).collect();
    let r_w: Vec<Weighted> = r_prof.iter().map(|p| weights.weigh(p)).collect();

    // Sentence scores of every promise.
    let r_index = Postings::new(&r_w);
    let scores: Vec<Vec<f32>> = p_w
        .iter()
        .map(|q| r_index.cosine_with_each(q, &r_w))
        .collect();

    let report_keys: Vec<Vec<FigureKey>> = reports
        .iter()
        .map(|r| r.figures.iter().map(|f| m.figure_key(f)).collect())
        .collect();
    let report_clauses: Vec<Vec<Weighted>> = reports
        .iter()
        .map(|r| {
            r.figures
                .iter()
                .map(|f| weights.weigh(&m.clause_profile(r, f)))
                .collect()
        })
        .collect();
    // Targets and candidate actuals, paired best first, one to one.
    struct Cand {
        promise: usize,
        target: usize,
        report: usize,
        figure: usize,
        affinity: f32,
    }
    let mut cands = Vec::new();
    for (pi, p) in promises.iter().enumerate() {
        for (ti, t) in p.figures.iter().enumerate() {
            if !is_measure(t) {
                continue;
            }
            let tq = weights.weigh(&m.figure_profile(p, t));
            let tk = m.figure_key(t);
            let tc = weights.weigh(&m.clause_profile(p, t));
            let target_scores = r_index.cosine_with_each(&tq, &r_w);
            for (ri, r) in reports.iter().enumerate() {
                if r.figures.is_empty() {
                    continue;
                }
                let sentence = target_scores[ri].max(0.9 * scores[pi][ri]);
                // A sentence sharing almost nothing with the promise holds
                // no actual of it (and skipping it keeps big pairs fast).
                if sentence < UNRELATED {
                    continue;
                }
                for (fi, a) in r.figures.iter().enumerate() {
                    // A summary restating its target is not reporting it.
                    if !is_measure(a)
                        || a.figure.role == Some(Role::Target)
                        || !comparable(t, &tk, a, &report_keys[ri][fi])
                    {
                        continue;
                    }
                    let clause = cosine(&tc, &report_clauses[ri][fi]);
                    let context = 0.6 * sentence + 0.4 * clause.max(sentence * 0.5);
                    // A summary's own frequency (每季度召开一次) restates how
                    // work is done; its count (全年召开5次) reports it.
                    let mut restated = if a.figure.kind == FigureKind::Frequency {
                        FREQUENCY_RESTATED
                    } else {
                        0.0
                    };
                    // 慰问困难职工1532人次，其中一线职工600多人次: the part is
                    // not the whole.
                    if r.clean[a.clause.0..a.at.0].contains("其中") {
                        restated += BREAKDOWN;
                    }
                    if let Some(affinity) =
                        figure_affinity(t, &tk, a, &report_keys[ri][fi], context)
                            .map(|x| x - restated)
                        && affinity >= ACTUAL_MIN
                    {
                        cands.push(Cand {
                            promise: pi,
                            target: ti,
                            report: ri,
                            figure: fi,
                            affinity,
                        });
                    }
                }
            }
        }
    }
    cands.sort_by(|a, b| b.affinity.total_cmp(&a.affinity));
    let mut target_taken = std::collections::HashSet::new();
    let mut actual_taken = std::collections::HashSet::new();
    let mut actual_of = std::collections::HashMap::new();
    for c in &cands {
        if target_taken.contains(&(c.promise, c.target))
            || actual_taken.contains(&(c.report, c.figure))
        {
            continue;
        }
        target_taken.insert((c.promise, c.target));
        actual_taken.insert((c.report, c.figure));
        actual_of.insert((c.promise, c.target), (c.report, c.figure, c.affinity));
    }

    let mut used = vec![false; reports.len()];
    let mut items = Vec::with_capacity(promises.len());
    for (pi, p) in promises.iter().enumerate() {
        let mut targets = Vec::new();
        let mut actual_reports = Vec::new();
        for (ti, t) in p.figures.iter().enumerate() {
            if !is_measure(t) {
                continue;
            }
            let found = actual_of.get(&(pi, ti)).copied();
            let actual = found.map(|(ri, fi, _)| {
                actual_reports.push(ri);
                (reports[ri], &reports[ri].figures[fi])
            });
            targets.push(TargetCheck {
                score: found.map(|(_, _, a)| a),
                ..judge(t, actual)
            });
        }
        // Evidence: the sentences of the actuals first, then the best others.
        let mut ranked: Vec<(usize, f32)> = scores[pi].iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best = ranked.first().map_or(0.0, |r| r.1);
        let mut evidence_idx: Vec<(usize, f32)> = Vec::new();
        for &ri in &actual_reports {
            if !evidence_idx.iter().any(|e| e.0 == ri) {
                evidence_idx.push((ri, scores[pi][ri]));
            }
        }
        evidence_idx.sort_by(|a, b| b.1.total_cmp(&a.1));
        let reported = best >= REPORTED_MIN || !actual_reports.is_empty();
        if reported {
            for &(ri, s) in &ranked {
                if evidence_idx.len() >= EVIDENCE_MAX.max(actual_reports.len()) {
                    break;
                }
                if s < EVIDENCE_MIN.max(0.6 * best) {
                    break;
                }
                if !evidence_idx.iter().any(|e| e.0 == ri) {
                    evidence_idx.push((ri, s));
                }
            }
        }
        for &(ri, _) in &evidence_idx {
            used[ri] = true;
        }
        // Completion cues are read in the best evidence sentence and in the
        // sentences of the actuals.
        let mut completion = Vec::new();
        if reported {
            let mut read: Vec<usize> = actual_reports.clone();
            if let Some(&(ri, _)) = evidence_idx.first() {
                read.push(ri);
            }
            read.sort_unstable();
            read.dedup();
            for ri in read {
                for c in m.completion(&reports[ri].clean) {
                    if !completion.contains(&c) {
                        completion.push(c);
                    }
                }
            }
        }
        // A target missed by an actual paired on weak evidence is not
        // taken as missed: the pairing is shown as uncertain instead.
        let missed = targets
            .iter()
            .any(|t| t.met == Some(false) && !t.uncertain());
        let status = if !reported {
            Status::NotReported
        } else if missed
            || completion
                .iter()
                .any(|c| matches!(c, Completion::Partial | Completion::Undone))
        {
            Status::Partial
        } else {
            Status::Done
        };
        let exceeded = reported && targets.iter().any(|t| t.exceeded && !t.uncertain());
        // No target got a figure one can be sure of.
        let unmeasured = reported
            && !targets.is_empty()
            && targets.iter().all(|t| t.actual.is_none() || t.uncertain());
        items.push(ItemCheck {
            item: p,
            status,
            exceeded,
            unmeasured,
            completion,
            nearest: ranked
                .iter()
                .take(EVIDENCE_MAX)
                .map(|&(ri, score)| Evidence {
                    item: reports[ri],
                    score,
                })
                .collect(),
            evidence: evidence_idx
                .into_iter()
                .map(|(ri, score)| Evidence {
                    item: reports[ri],
                    score,
                })
                .collect(),
            targets: if reported {
                targets
            } else {
                targets
                    .into_iter()
                    .map(|t| TargetCheck {
                        actual: None,
                        met: None,
                        exceeded: false,
                        gap: None,
                        ratio: None,
                        score: None,
                        ..t
                    })
                    .collect()
            },
        });
    }
    let also_reported = reports
        .iter()
        .enumerate()
        .filter(|&(ri, r)| !used[ri] && r.kind == crate::item::ItemKind::Result)
        .map(|(_, r)| *r)
        .collect();
    CheckReport {
        plan,
        summary,
        items,
        also_reported,
    }
}

/// Whether an actual meets a target, read with the target's qualifier.
fn judge<'a>(
    target: &'a DigestFigure,
    actual: Option<(&'a DigestItem, &'a DigestFigure)>,
) -> TargetCheck<'a> {
    let bound = Bound::of(target);
    let mut out = TargetCheck {
        target,
        bound,
        actual,
        met: None,
        exceeded: false,
        gap: None,
        ratio: None,
        score: None,
    };
    let Some((_, a)) = actual else { return out };
    let (Some(t), Some(v)) = (numeric_value(target), numeric_value(a)) else {
        return out;
    };
    let is_date = target.figure.kind == crate::figure::FigureKind::Date;
    out.gap = Some(v - t);
    if !is_date && t != 0.0 {
        out.ratio = Some(v / t);
    }
    if is_date {
        // A date target is a deadline: done by its last day.
        out.met = Some(v <= t);
        return out;
    }
    // A range target (1-2场) is met from its lower end.
    let (met, exceeded) = match bound {
        Bound::AtLeast => (v >= t, v > target.figure.value_max.unwrap_or(t)),
        Bound::AtMost => (v <= t, false),
        Bound::About => (
            v >= t * (1.0 - ABOUT_TOLERANCE),
            v > t * (1.0 + ABOUT_TOLERANCE),
        ),
    };
    out.met = Some(met);
    out.exceeded = exceeded;
    out
}
