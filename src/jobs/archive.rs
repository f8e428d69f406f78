//! An archive: the documents of many files kept for the jobs that pair
//! them (check, compare), as digests, in input order.
//!
//! Only what pairing needs is kept of each file: its documents (keys,
//! fingerprints, parts) and the digests of the units that can pair (a named
//! organisation, a known period, a plan or a summary, not a repeat). A run
//! over thousands of files therefore holds their items, not their texts.

use std::collections::BTreeMap;

use crate::digest::{Digest, digest_file, digest_file_where};
use crate::document::{DocKind, Document};
use crate::jobs::check::{CheckReport, check};
use crate::jobs::compare::{CompareReport, Thread, compare, threads};
use crate::matching::Matcher;
use crate::pairs::{Pairs, Unit, find_pairs};
use crate::pipeline::FileAnalysis;
use rayon::prelude::*;

/// What an archive keeps of one file, made where the file was analysed
/// (a worker thread) and added in input order.
#[derive(Debug, Clone)]
pub struct ArchiveEntry {
    name: String,
    documents: Vec<Document>,
    digests: Vec<Digest>,
}

impl ArchiveEntry {
    /// The file's documents and the digests of its units that can pair: a
    /// named organisation, a known period, a plan or a summary, not a
    /// repeat.
    pub fn pairable(fa: &FileAnalysis) -> ArchiveEntry {
        ArchiveEntry {
            name: fa.source.name.clone(),
            documents: fa.documents.iter().map(|d| d.doc.clone()).collect(),
            digests: digest_file_where(fa, |u, doc| {
                u.org_key.is_some()
                    && u.period.is_some_and(|p| p.is_known())
                    && matches!(u.kind, DocKind::Plan | DocKind::Summary)
                    && doc.duplicate_of.is_none()
            }),
        }
    }

    /// The file's documents and the digests of all its units.
    pub fn all(fa: &FileAnalysis) -> ArchiveEntry {
        ArchiveEntry {
            name: fa.source.name.clone(),
            documents: fa.documents.iter().map(|d| d.doc.clone()).collect(),
            digests: digest_file(fa),
        }
    }
}

#[derive(Debug, Default)]
pub struct Archive {
    files: Vec<(String, Vec<Document>)>,
    digests: BTreeMap<(String, usize, Option<usize>), Digest>,
}

impl Archive {
    pub fn new() -> Archive {
        Archive::default()
    }

    /// Adds an analysed file (in input order): the units that can pair.
    pub fn add(&mut self, fa: &FileAnalysis) {
        self.push(ArchiveEntry::pairable(fa));
    }

    /// Adds every unit of an analysed file, pairable or not (for `check
    /// PLAN SUMMARY`, where the user names the documents).
    pub fn add_all(&mut self, fa: &FileAnalysis) {
        self.push(ArchiveEntry::all(fa));
    }

    /// Adds what a worker kept of a file (in input order).
    pub fn push(&mut self, e: ArchiveEntry) {
        for d in e.digests {
            let u = &d.unit;
            self.digests.insert((u.file.clone(), u.doc, u.part), d);
        }
        self.files.push((e.name, e.documents));
    }

    /// Every file added, with its documents, in input order.
    pub fn files(&self) -> &[(String, Vec<Document>)] {
        &self.files
    }

    /// The digest of a unit, if kept.
    pub fn digest(&self, u: &Unit) -> Option<&Digest> {
        self.digests.get(&(u.file.clone(), u.doc, u.part))
    }

    /// Every digest kept, in input order.
    pub fn digests(&self) -> impl Iterator<Item = &Digest> {
        let order: BTreeMap<&str, usize> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (f.as_str(), i))
            .collect();
        let mut all: Vec<&Digest> = self.digests.values().collect();
        all.sort_by_key(|d| {
            (
                order.get(d.unit.file.as_str()).copied(),
                d.unit.doc,
                d.unit.part,
            )
        });
        all.into_iter()
    }

    /// Which units pair (see [`find_pairs`]).
    pub fn pairs(&self) -> Pairs {
        find_pairs(
            self.files
                .iter()
                .flat_map(|(f, ds)| ds.iter().enumerate().map(move |(i, d)| (f.as_str(), i, d))),
        )
    }

    /// Every check pair checked, in the order of [`Archive::pairs`].
    pub fn checks<'a>(&'a self, pairs: &Pairs, m: &Matcher) -> Vec<CheckReport<'a>> {
        // Pairs are independent: both cores, results in order.
        pairs
            .check
            .par_iter()
            .filter_map(|p| Some(check(self.digest(&p.plan)?, self.digest(&p.summary)?, m)))
            .collect()
    }

    /// Every compare pair compared, in the order of [`Archive::pairs`].
    pub fn compares<'a>(&'a self, pairs: &Pairs, m: &Matcher) -> Vec<CompareReport<'a>> {
        pairs
            .compare
            .par_iter()
            .filter_map(|p| Some(compare(self.digest(&p.earlier)?, self.digest(&p.later)?, m)))
            .collect()
    }
}

/// Threads of the compare reports: the reports of one organisation chained
/// in period order (each one's new plan is the next one's old plan), items
/// followed through at least `min_steps` plans.
pub fn threads_of<'a>(
    reports: &[CompareReport<'a>],
    min_steps: usize,
    m: &Matcher,
) -> Vec<Thread<'a>> {
    let mut by_org: BTreeMap<String, Vec<&CompareReport<'a>>> = BTreeMap::new();
    for r in reports {
        let key = r.old.unit.org_key.clone().unwrap_or_default();
        by_org.entry(key).or_default().push(r);
    }
    let mut out = Vec::new();
    for (_, mut rs) in by_org {
        rs.sort_by_key(|r| r.old.unit.period);
        // Cut into chains of consecutive reports.
        let mut chain: Vec<CompareReport<'a>> = Vec::new();
        for r in rs {
            let continues = chain.last().is_some_and(|l| l.new.unit == r.old.unit);
            if !continues && !chain.is_empty() {
                out.extend(threads(&chain, min_steps, m));
                chain.clear();
            }
            chain.push(r.clone());
        }
        if !chain.is_empty() {
            out.extend(threads(&chain, min_steps, m));
        }
    }
    out
}

/// What `check A B` and `compare A B` look for in the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TwoFiles {
    /// A plan and the summary of the same period (either file first).
    Check,
    /// A plan and the plan of the next period, in the files' order.
    Compare,
}

/// Which document to take from each of two files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Choice {
    /// The calendar year of the pair (check) or of the old plan (compare).
    pub year: Option<i32>,
    /// Document index in the first and in the second file.
    pub first_doc: Option<usize>,
    pub second_doc: Option<usize>,
}

impl Archive {
    /// The two units that `check A B` or `compare A B` reads: in a file of
    /// several documents or a mixed document, the part of the right kind,
    /// the same period (check) or the next one (compare) preferred.
    pub fn pick_two<'a>(
        &'a self,
        first: &str,
        second: &str,
        job: TwoFiles,
        choice: Choice,
    ) -> Result<(&'a Digest, &'a Digest), String> {
        let of = |file: &str, kind: DocKind, doc: Option<usize>| -> Vec<&'a Digest> {
            self.digests()
                .filter(|d| d.unit.file == file && d.unit.kind == kind)
                .filter(|d| doc.is_none_or(|i| d.unit.doc == i))
                .collect()
        };
        let best = |x: Vec<&'a Digest>, y: Vec<&'a Digest>| best_pair(x, y, job, choice.year);
        let (c1, c2) = (choice.first_doc, choice.second_doc);
        let picked = match job {
            TwoFiles::Check => best(
                of(first, DocKind::Plan, c1),
                of(second, DocKind::Summary, c2),
            )
            .or_else(|| {
                best(
                    of(second, DocKind::Plan, c2),
                    of(first, DocKind::Summary, c1),
                )
            }),
            TwoFiles::Compare => best(of(first, DocKind::Plan, c1), of(second, DocKind::Plan, c2)),
        };
        picked.ok_or_else(|| {
            let what = match job {
                TwoFiles::Check => "plan in one file with a summary in the other",
                TwoFiles::Compare => "plan in each file",
            };
            let year = choice.year.map(|y| format!(" for {y}")).unwrap_or_default();
            let found: Vec<String> = self
                .digests()
                .filter(|d| d.unit.file == first || d.unit.file == second)
                .map(|d| {
                    format!(
                        "{}#{} {} {}",
                        d.unit.file,
                        d.unit.doc,
                        d.unit.kind.as_str(),
                        d.unit.period.map(|p| p.iso()).unwrap_or_else(|| "?".into())
                    )
                })
                .collect();
            format!(
                "{first} and {second}: found no {what}{year} (documents: {})",
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            )
        })
    }
}

/// The best (first, second) of two lists of units for a job: the same
/// period (check) or the next (compare) first, else the first in order.
fn best_pair<'a>(
    a: Vec<&'a Digest>,
    b: Vec<&'a Digest>,
    job: TwoFiles,
    year: Option<i32>,
) -> Option<(&'a Digest, &'a Digest)> {
    let year_ok =
        |d: &Digest| year.is_none_or(|y| d.unit.period.and_then(|p| p.calendar_year()) == Some(y));
    let mut found: Option<((&'a Digest, &'a Digest), u8)> = None;
    for x in a.iter().filter(|d| year_ok(d)) {
        for y in &b {
            let fit = match job {
                TwoFiles::Check => x.unit.period.is_some() && x.unit.period == y.unit.period,
                TwoFiles::Compare => x.unit.period.and_then(|p| p.next()) == y.unit.period,
            } as u8;
            if found.is_none_or(|(_, f)| fit > f) {
                found = Some(((*x, *y), fit));
            }
        }
    }
    found.map(|(p, _)| p)
}
