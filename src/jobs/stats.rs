//! `stats`: aggregates of figures (count, sum, min, max, mean), grouped.
//! Sums are exact `f64`; they are rounded only when printed
//! ([`crate::output::StatRecord`]).

use std::collections::BTreeMap;

use super::FigureIn;
use crate::figure::{FigureKind, FigureValue};

/// A grouping key of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Topic,
    Year,
    /// The kind of the document (plan, summary …) the figure stands in.
    Kind,
    Org,
    File,
    Unit,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s.trim() {
            "topic" => GroupBy::Topic,
            "year" => GroupBy::Year,
            "kind" | "doc_kind" => GroupBy::Kind,
            "org" => GroupBy::Org,
            "file" => GroupBy::File,
            "unit" => GroupBy::Unit,
            _ => return None,
        })
    }

    /// The column name of the key.
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Topic => "topic",
            GroupBy::Year => "year",
            GroupBy::Kind => "doc_kind",
            GroupBy::Org => "org",
            GroupBy::File => "file",
            GroupBy::Unit => "unit",
        }
    }

    /// The key of a figure; empty when unknown (topic: `general`).
    pub fn key(self, f: FigureIn) -> String {
        match self {
            GroupBy::Topic => f.topic().to_string(),
            GroupBy::Year => f.year().map(|y| y.to_string()).unwrap_or_default(),
            GroupBy::Kind => f.doc_kind().as_str().to_string(),
            GroupBy::Org => f
                .document()
                .org
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            GroupBy::File => f.file.source.name.clone(),
            GroupBy::Unit => f.figure.figure.unit.clone().unwrap_or_default(),
        }
    }
}

/// One row of `stats`: a group and its aggregates, exact. `sum` adds the
/// values (for amounts, yuan) and is there only for amounts and counts;
/// ranges count with their low value, and their high one for `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    /// The key of each grouping, in the order asked for.
    pub group: Vec<(GroupBy, String)>,
    pub kind: FigureKind,
    pub unit: String,
    pub count: usize,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
}

#[derive(Default)]
struct Acc {
    count: usize,
    n: usize,
    sum: f64,
    min: f64,
    max: f64,
}

/// Aggregates figures grouped by `by`; the figure kind and unit are always
/// part of the group, so yuan are never added to persons.
#[derive(Default)]
pub struct StatsBuilder {
    by: Vec<GroupBy>,
    /// Keyed by the group's keys, the kind's name and the unit, so rows
    /// come out sorted by them.
    groups: BTreeMap<(Vec<String>, &'static str, String), (FigureKind, Acc)>,
}

impl StatsBuilder {
    pub fn new(by: Vec<GroupBy>) -> StatsBuilder {
        StatsBuilder {
            by,
            groups: BTreeMap::new(),
        }
    }

    pub fn by(&self) -> &[GroupBy] {
        &self.by
    }

    pub fn add(&mut self, f: FigureIn) {
        let fig = &f.figure.figure;
        let key: Vec<String> = self.by.iter().map(|g| g.key(f)).collect();
        let unit = fig.unit.clone().unwrap_or_default();
        let (_, acc) = self
            .groups
            .entry((key, fig.kind.as_str(), unit))
            .or_insert_with(|| (fig.kind, Acc::default()));
        acc.count += 1;
        if let FigureValue::Number(v) = fig.value {
            if acc.n == 0 {
                acc.min = v;
                acc.max = v;
            }
            acc.n += 1;
            acc.sum += v;
            acc.min = acc.min.min(v);
            acc.max = acc.max.max(fig.value_max.unwrap_or(v));
        }
    }

    pub fn rows(&self) -> Vec<StatRow> {
        self.groups
            .iter()
            .map(|((key, _, unit), (kind, a))| {
                let numeric = a.n > 0;
                // Percentages and frequencies do not add up.
                let additive = numeric && matches!(kind, FigureKind::Amount | FigureKind::Count);
                StatRow {
                    group: self.by.iter().copied().zip(key.iter().cloned()).collect(),
                    kind: *kind,
                    unit: unit.clone(),
                    count: a.count,
                    sum: additive.then_some(a.sum),
                    min: numeric.then_some(a.min),
                    max: numeric.then_some(a.max),
                    mean: numeric.then(|| a.sum / a.n as f64),
                }
            })
            .collect()
    }

    pub fn group_names(&self) -> Vec<&'static str> {
        self.by.iter().map(|g| g.name()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::figures_of;
    use crate::pipeline::{Resources, Stages, analyze_source};
    use crate::read::decode;

    #[test]
    fn stats_never_add_yuan_to_persons() {
        let text = "县总工会2018年工作总结\n一、困难帮扶\n\
                    发放慰问金1000元,发放助学金2500元,资助困难职工子女72名。\n\
                    入会率达到50%,建会率达到70%。\n";
        let res = Resources::load(None).unwrap();
        let fa = analyze_source(
            decode("t.txt", text.as_bytes().to_vec()).unwrap(),
            &res,
            Stages::ALL,
        );
        let mut s = StatsBuilder::new(vec![GroupBy::Year]);
        for f in figures_of(&fa) {
            s.add(f);
        }
        let rows = s.rows();
        let amount = rows.iter().find(|r| r.kind == FigureKind::Amount).unwrap();
        assert_eq!(
            (amount.count, amount.sum, amount.max),
            (2, Some(3500.0), Some(2500.0))
        );
        assert_eq!(amount.group, vec![(GroupBy::Year, "2018".to_string())]);
        let count = rows.iter().find(|r| r.kind == FigureKind::Count).unwrap();
        assert_eq!((count.sum, count.unit.as_str()), (Some(72.0), "名"));
        let pct = rows.iter().find(|r| r.kind == FigureKind::Percent).unwrap();
        assert_eq!((pct.count, pct.sum, pct.mean), (2, None, Some(60.0)));
    }

    #[test]
    fn sums_are_exact_until_printed() {
        let text = "县总工会2018年工作总结\n筹集资金134.1911万元,发放0.1万元和0.2万元。\n";
        let res = Resources::load(None).unwrap();
        let fa = analyze_source(
            decode("t.txt", text.as_bytes().to_vec()).unwrap(),
            &res,
            Stages::ALL,
        );
        let mut s = StatsBuilder::new(vec![]);
        let mut exact = 0.0;
        for f in figures_of(&fa) {
            if let (FigureKind::Amount, FigureValue::Number(v)) =
                (f.figure.figure.kind, &f.figure.figure.value)
            {
                exact += v;
            }
            s.add(f);
        }
        let rows = s.rows();
        let amount = rows.iter().find(|r| r.kind == FigureKind::Amount).unwrap();
        assert_eq!((amount.count, amount.sum), (3, Some(exact)));
        assert_eq!(crate::output::format_number(exact), "1,344,911");
    }
}
