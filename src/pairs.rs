//! Pairs: which documents of a set of inputs belong together.
//!
//! A **check pair** is the plan and the summary of one organisation for
//! one period (same [`OrgKey::key`](crate::document::OrgKey::key), equal
//! [`Period`]); the parts of a mixed document take part on their own, so
//! the summary part of 2019年工作总结暨2020年工作打算 pairs with a 2019 plan
//! and its plan part with a 2020 summary. A **compare pair** is two plans of
//! one organisation for consecutive periods (2018 → 2019, 2019-H1 →
//! 2019-H2), in period order. Every document or part in no check pair is
//! **unpaired**, with the reason.
//!
//! Only organisations with a name count: a document that names only a
//! category (机关工会) could be any 机关工会, so it is unpaired with
//! [`Reason::OrgUnknown`]. Repeats ([`Document::duplicate_of`]) are left
//! out. When two plans (or summaries) share an organisation and period, the
//! first in input order pairs.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::{DocKind, DocRef, Document, Period, PeriodSpan};

/// A document, or one part of a mixed document, as pairs see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub file: String,
    pub doc: usize,
    /// Index of the part in a mixed document.
    pub part: Option<usize>,
    pub title: String,
    pub kind: DocKind,
    /// The organisation's name as written (or its category).
    pub org: Option<String>,
    /// The grouping key, when the organisation is named.
    pub org_key: Option<String>,
    pub period: Option<Period>,
}

impl Unit {
    pub fn doc_ref(&self) -> DocRef {
        DocRef {
            file: self.file.clone(),
            doc: self.doc,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckPair {
    pub org_key: String,
    pub period: Period,
    pub plan: Unit,
    pub summary: Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparePair {
    pub org_key: String,
    pub earlier: Unit,
    pub later: Unit,
}

/// Why a document or part is in no check pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// A plan with no summary of its organisation and period.
    NoSummary,
    /// A summary with no plan of its organisation and period.
    NoPlan,
    /// Only a category of organisation, or none, is known.
    OrgUnknown,
    /// The year (or which half, quarter or term) is unknown.
    PeriodUnknown,
    /// It repeats another document.
    DuplicateOf { of: DocRef },
    /// Neither a plan nor a summary.
    OtherKind,
    /// Another plan (or summary) of the same organisation and period pairs.
    SameAs { paired: DocRef },
}

impl Reason {
    /// A short English sentence for tables.
    pub fn describe(&self, unit: &Unit) -> String {
        let period = unit.period.map(|p| p.iso()).unwrap_or_default();
        match self {
            Reason::NoSummary => format!("no summary for {period}"),
            Reason::NoPlan => format!("no plan for {period}"),
            Reason::OrgUnknown => "org unknown".into(),
            Reason::PeriodUnknown => "period unknown".into(),
            Reason::DuplicateOf { of } => format!("duplicate of {of}"),
            Reason::OtherKind => "neither plan nor summary".into(),
            Reason::SameAs { paired } => format!("{paired} pairs for the same org and period"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpaired {
    pub unit: Unit,
    #[serde(flatten)]
    pub reason: Reason,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pairs {
    pub check: Vec<CheckPair>,
    pub compare: Vec<ComparePair>,
    pub unpaired: Vec<Unpaired>,
}

/// Columns of [`Pairs::table_rows`].
pub const PAIRS_TABLE_HEADER: &[&str] = &["pair", "org", "period", "first", "second / why"];

impl Unit {
    /// `file#doc` (`/part`) and the title, for tables.
    pub fn label(&self) -> String {
        let part = self.part.map(|p| format!("/{p}")).unwrap_or_default();
        format!("{}#{}{} {}", self.file, self.doc, part, self.title)
    }
}

impl Pairs {
    /// One row per check pair, compare pair and unpaired unit, for a table.
    pub fn table_rows(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for c in &self.check {
            rows.push(vec![
                "check".into(),
                c.org_key.clone(),
                c.period.iso(),
                c.plan.label(),
                c.summary.label(),
            ]);
        }
        for c in &self.compare {
            let (a, b) = (c.earlier.period, c.later.period);
            rows.push(vec![
                "compare".into(),
                c.org_key.clone(),
                format!(
                    "{} → {}",
                    a.map(|p| p.iso()).unwrap_or_default(),
                    b.map(|p| p.iso()).unwrap_or_default()
                ),
                c.earlier.label(),
                c.later.label(),
            ]);
        }
        for u in &self.unpaired {
            rows.push(vec![
                "unpaired".into(),
                u.unit.org.clone().unwrap_or_default(),
                u.unit.period.map(|p| p.iso()).unwrap_or_default(),
                u.unit.label(),
                u.reason.describe(&u.unit),
            ]);
        }
        rows
    }
}

/// The units of one document: its parts when it is mixed, else itself.
pub fn units(file: &str, index: usize, d: &Document) -> Vec<Unit> {
    let named = d.org.as_ref().filter(|o| o.is_named());
    let unit = |part: Option<usize>, kind: DocKind, period: Option<Period>, title: &str| Unit {
        file: file.to_string(),
        doc: index,
        part,
        title: title.to_string(),
        kind,
        org: d.org.as_ref().map(|o| o.name.clone()),
        org_key: named.map(|o| o.key()),
        period,
    };
    if d.kind == DocKind::Mixed && !d.parts.is_empty() {
        d.parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let title = p.title.as_deref().unwrap_or(&d.title);
                unit(Some(i), p.kind, p.period, title)
            })
            .collect()
    } else {
        vec![unit(None, d.kind, d.period, &d.title)]
    }
}

/// Pairs of the documents of a set of inputs, given in input order as
/// (file name, index in the file, document).
pub fn find_pairs<'a>(docs: impl IntoIterator<Item = (&'a str, usize, &'a Document)>) -> Pairs {
    let mut out = Pairs::default();
    // Candidates by (org key, period): the first plan and summary.
    let mut plans: BTreeMap<(String, Period), Unit> = BTreeMap::new();
    let mut summaries: BTreeMap<(String, Period), Unit> = BTreeMap::new();
    // Units that may pair, in input order, and why the others cannot.
    let mut pending: Vec<Unit> = Vec::new();
    for (file, i, d) in docs {
        for u in units(file, i, d) {
            let reason = if let Some(of) = &d.duplicate_of {
                Some(Reason::DuplicateOf { of: of.clone() })
            } else if !matches!(u.kind, DocKind::Plan | DocKind::Summary) {
                Some(Reason::OtherKind)
            } else if u.org_key.is_none() {
                Some(Reason::OrgUnknown)
            } else if !u.period.is_some_and(|p| p.is_known()) {
                Some(Reason::PeriodUnknown)
            } else {
                None
            };
            match reason {
                Some(reason) => out.unpaired.push(Unpaired { unit: u, reason }),
                None => pending.push(u),
            }
        }
    }
    let key = |u: &Unit| -> Option<(String, Period)> { Some((u.org_key.clone()?, u.period?)) };
    let mut seconds: Vec<(Unit, DocRef)> = Vec::new();
    for u in &pending {
        let Some(k) = key(u) else { continue };
        let map = if u.kind == DocKind::Plan {
            &mut plans
        } else {
            &mut summaries
        };
        match map.get(&k) {
            Some(first) => seconds.push((u.clone(), first.doc_ref())),
            None => {
                map.insert(k, u.clone());
            }
        }
    }
    // A plan of one year with no review of that year pairs with a review
    // of several years that ends with it (a 2010 plan and the review of
    // 2006–2010 in the report of 2011).
    let mut covering: BTreeMap<(String, Period), (String, Period)> = BTreeMap::new();
    for (k, plan) in &plans {
        if summaries.contains_key(k) || plan.period.is_none_or(|p| p.span != PeriodSpan::Year) {
            continue;
        }
        let wider = summaries.keys().find(|(org, p)| {
            *org == k.0 && matches!(p.span, PeriodSpan::Years(_)) && p.calendar_year() == k.1.year
        });
        if let Some(w) = wider {
            covering.insert(k.clone(), w.clone());
        }
    }
    for (k, plan) in &plans {
        let summary = summaries
            .get(k)
            .or_else(|| covering.get(k).and_then(|w| summaries.get(w)));
        if let Some(summary) = summary {
            out.check.push(CheckPair {
                org_key: k.0.clone(),
                period: k.1,
                plan: plan.clone(),
                summary: summary.clone(),
            });
        }
    }
    // Compare pairs: consecutive plan periods of one organisation.
    for ((org, period), plan) in &plans {
        if let Some(next) = period.next()
            && let Some(later) = plans.get(&(org.clone(), next))
        {
            out.compare.push(ComparePair {
                org_key: org.clone(),
                earlier: plan.clone(),
                later: later.clone(),
            });
        }
    }
    for (u, paired) in seconds {
        out.unpaired.push(Unpaired {
            unit: u,
            reason: Reason::SameAs { paired },
        });
    }
    for (k, plan) in &plans {
        if !summaries.contains_key(k) && !covering.contains_key(k) {
            out.unpaired.push(Unpaired {
                unit: plan.clone(),
                reason: Reason::NoSummary,
            });
        }
    }
    for (k, summary) in &summaries {
        if !plans.contains_key(k) && !covering.values().any(|w| w == k) {
            out.unpaired.push(Unpaired {
                unit: summary.clone(),
                reason: Reason::NoPlan,
            });
        }
    }
    // Input order: file, document, part.
    out.unpaired.sort_by(|a, b| {
        (&a.unit.file, a.unit.doc, a.unit.part).cmp(&(&b.unit.file, b.unit.doc, b.unit.part))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::CleanText;
    use crate::dict::Dictionaries;
    use crate::document::DocumentSplitter;

    fn docs(texts: &[(&str, String)]) -> Vec<(String, Vec<Document>)> {
        let sp = DocumentSplitter::new(&Dictionaries::embedded());
        texts
            .iter()
            .map(|(name, t)| {
                let ct = CleanText::from_plain(t);
                (name.to_string(), sp.split_file(&ct, name))
            })
            .collect()
    }

    const PLAN: &str = "一、加强组织建设,要进一步完善工会组织,确保各项工作落到实处,继续做好会员发展工作。\n二、开展文体活动,将组织职工运动会,力争全员参与,要丰富职工业余生活。\n";
    const SUMMARY: &str = "一、组织建设,一年来我们开展了会员发展工作,取得了明显成效,完成了换届。\n二、文体活动,举办了职工运动会,组织了书画展,取得了好成绩。\n";

    #[test]
    fn plan_and_summary_of_one_org_and_year_pair() {
        let inputs = docs(&[
            ("a.txt", format!("青溪县总工会2019年工作计划\n{PLAN}")),
            ("b.txt", format!("青溪县总工会2019年工作总结\n{SUMMARY}")),
            (
                "c.txt",
                format!("青溪县总工会2020年工作要点\n{PLAN}二、其他。\n"),
            ),
            ("d.txt", format!("2019年机关工会工作计划\n{PLAN}")),
        ]);
        let p = find_pairs(
            inputs
                .iter()
                .flat_map(|(f, ds)| ds.iter().enumerate().map(move |(i, d)| (f.as_str(), i, d))),
        );
        assert_eq!(p.check.len(), 1);
        assert_eq!(p.check[0].org_key, "青溪县总工会");
        assert_eq!(p.check[0].period.iso(), "2019");
        assert_eq!(
            (
                p.check[0].plan.file.as_str(),
                p.check[0].summary.file.as_str()
            ),
            ("a.txt", "b.txt")
        );
        assert_eq!(p.compare.len(), 1);
        assert_eq!(p.compare[0].later.file, "c.txt");
        let reasons: Vec<(&str, &Reason)> = p
            .unpaired
            .iter()
            .map(|u| (u.unit.file.as_str(), &u.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                ("c.txt", &Reason::NoSummary),
                ("d.txt", &Reason::OrgUnknown)
            ]
        );
    }
}
