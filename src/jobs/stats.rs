//! `stats`: aggregates of figures (count, sum, min, max, mean), grouped.
//! Sums are exact `f64`; they are rounded only when printed
//! ([`crate::output::StatRecord`]).
//!
//! Like is added to like only: besides the groups asked for, every row is
//! one figure kind and unit, one role (targets are not added to actuals),
//! one family (money raised is not added to money paid), one basis (a
//! breakdown after 其中 is not added to its total, a rate 每人500元 is no
//! total), and for counts one counted thing (9个比赛项目 and 42个参赛单位 are
//! not 51 个). Title and header figures (the document's own year) are left
//! out by the filter ([`super::FigureFilter`]).

use std::collections::BTreeMap;

use super::FigureIn;
use crate::figure::{FigureKind, FigureValue};

/// A grouping key of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Topic,
    Year,
    /// The kind of the document (plan, summary …) the figure stands in.
    DocKind,
    Org,
    File,
    Unit,
    /// What the figure counts or pays, as read (困难职工子女, 帮扶资金).
    Subject,
    /// The verb governing it (筹集, 发放, 资助 …).
    Action,
}

impl GroupBy {
    /// The names `--by` takes.
    pub const NAMES: &'static str = "topic, year, doc_kind, org, file, unit, subject, action";

    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s.trim() {
            "topic" => GroupBy::Topic,
            "year" => GroupBy::Year,
            "doc_kind" | "doc-kind" => GroupBy::DocKind,
            "org" => GroupBy::Org,
            "file" => GroupBy::File,
            "unit" => GroupBy::Unit,
            "subject" => GroupBy::Subject,
            "action" => GroupBy::Action,
            _ => return None,
        })
    }

    /// The column name of the key.
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Topic => "topic",
            GroupBy::Year => "year",
            GroupBy::DocKind => "doc_kind",
            GroupBy::Org => "org",
            GroupBy::File => "file",
            GroupBy::Unit => "unit",
            GroupBy::Subject => "subject",
            GroupBy::Action => "action",
        }
    }

    /// The key of a figure; empty when unknown (topic: `general`).
    pub fn key(self, f: FigureIn) -> String {
        let fig = &f.figure.figure;
        match self {
            GroupBy::Topic => f.topic().to_string(),
            GroupBy::Year => f.year().map(|y| y.to_string()).unwrap_or_default(),
            GroupBy::DocKind => f.doc_kind().as_str().to_string(),
            GroupBy::Org => f
                .document()
                .org
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            GroupBy::File => f.file.source.name.clone(),
            GroupBy::Unit => fig.unit.clone().unwrap_or_default(),
            GroupBy::Subject => fig.subject.clone().unwrap_or_default(),
            GroupBy::Action => fig.action.clone().unwrap_or_default(),
        }
    }
}

/// Whether a row's figures are totals, breakdowns of a total given before
/// them, or rates; only totals add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Basis {
    Total,
    Part,
    PerUnit,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Total => "total",
            Basis::Part => "part",
            Basis::PerUnit => "per_unit",
        }
    }

    pub fn of(f: &crate::figure::Figure) -> Basis {
        if f.per_unit {
            Basis::PerUnit
        } else if f.part {
            Basis::Part
        } else {
            Basis::Total
        }
    }
}

/// What a count counts, for telling unlike counts apart: the last two Han
/// chars of its subject (比赛项目 → 项目, 参赛单位 → 单位), the head of a
/// Chinese noun phrase; empty for other kinds and when nothing is named.
pub fn counted(f: &crate::figure::Figure) -> String {
    if f.kind != FigureKind::Count {
        return String::new();
    }
    let Some(s) = &f.subject else {
        return String::new();
    };
    let han: Vec<char> = s
        .chars()
        .filter(|&c| crate::lang::chars::is_han(c))
        .collect();
    han[han.len().saturating_sub(2)..].iter().collect()
}

/// The measure of a row: what its figures are, beyond the groups asked for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Measure {
    pub kind: FigureKind,
    pub unit: String,
    /// `target`, `actual`, `baseline`, `change`; empty when unknown.
    pub role: &'static str,
    /// `raise`, `pay`, `invest`, `recover`; empty for other work.
    pub family: &'static str,
    pub basis: Basis,
    /// What a count counts ([`counted`]).
    pub counted: String,
}

impl Measure {
    pub fn of(f: &crate::figure::Figure) -> Measure {
        Measure {
            kind: f.kind,
            unit: f.unit.clone().unwrap_or_default(),
            role: f.role.map_or("", |r| r.as_str()),
            family: f.family.map_or("", |x| x.as_str()),
            basis: Basis::of(f),
            counted: counted(f),
        }
    }
}

/// One row of `stats`: a group and its aggregates, exact. `sum` adds the
/// values (for amounts, yuan) and is there only for totals of amounts and
/// counts; ranges count with their low value, and their high one for `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    /// The key of each grouping, in the order asked for.
    pub group: Vec<(GroupBy, String)>,
    pub measure: Measure,
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

/// Aggregates figures grouped by `by` and by their [`Measure`].
#[derive(Default)]
pub struct StatsBuilder {
    by: Vec<GroupBy>,
    /// Keyed by the group's keys and the measure, so rows come out sorted
    /// by them.
    groups: BTreeMap<(Vec<String>, Measure), Acc>,
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
        let acc = self.groups.entry((key, Measure::of(fig))).or_default();
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
            .map(|((key, m), a)| {
                let numeric = a.n > 0;
                // Percentages and frequencies do not add up, nor do rates
                // and breakdowns.
                let additive = numeric
                    && matches!(m.kind, FigureKind::Amount | FigureKind::Count)
                    && m.basis == Basis::Total;
                StatRow {
                    group: self.by.iter().copied().zip(key.iter().cloned()).collect(),
                    measure: m.clone(),
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

    fn rows_of(text: &str, by: Vec<GroupBy>) -> Vec<StatRow> {
        let res = Resources::load(None).unwrap();
        let fa = analyze_source(
            decode("t.txt", text.as_bytes().to_vec()).unwrap(),
            &res,
            Stages::ALL,
        );
        let mut s = StatsBuilder::new(by);
        for f in figures_of(&fa) {
            if f.figure.figure.place == crate::figure::Place::Body {
                s.add(f);
            }
        }
        s.rows()
    }

    fn sum_of(rows: &[StatRow], kind: FigureKind, family: &str, basis: Basis) -> Option<f64> {
        rows.iter()
            .find(|r| {
                r.measure.kind == kind && r.measure.family == family && r.measure.basis == basis
            })
            .and_then(|r| r.sum)
    }

    #[test]
    fn stats_never_add_yuan_to_persons() {
        let rows = rows_of(
            "县总工会2018年工作总结\n一、困难帮扶\n\
             发放慰问金1000元,发放助学金2500元,资助困难职工子女72名。\n\
             入会率达到50%,建会率达到70%。\n",
            vec![GroupBy::Year],
        );
        let amount = rows
            .iter()
            .find(|r| r.measure.kind == FigureKind::Amount)
            .unwrap();
        assert_eq!(
            (amount.count, amount.sum, amount.max),
            (2, Some(3500.0), Some(2500.0))
        );
        assert_eq!(amount.group, vec![(GroupBy::Year, "2018".to_string())]);
        let count = rows
            .iter()
            .find(|r| r.measure.kind == FigureKind::Count)
            .unwrap();
        assert_eq!((count.sum, count.measure.unit.as_str()), (Some(72.0), "名"));
        let pct = rows
            .iter()
            .find(|r| r.measure.kind == FigureKind::Percent)
            .unwrap();
        assert_eq!((pct.count, pct.sum, pct.mean), (2, None, Some(60.0)));
    }

    #[test]
    fn raised_is_never_added_to_paid() {
        let rows = rows_of(
            "县总工会2019年工作总结\n全年筹集帮扶资金163.5万元，为困难职工发放生活救助金46.8万元，\
             发放金秋助学金23万元。\n",
            vec![],
        );
        let raise = sum_of(&rows, FigureKind::Amount, "raise", Basis::Total);
        let pay = sum_of(&rows, FigureKind::Amount, "pay", Basis::Total);
        assert_eq!((raise, pay), (Some(1_635_000.0), Some(698_000.0)));
    }

    #[test]
    fn breakdowns_and_rates_are_no_totals() {
        let rows = rows_of(
            "县总工会2019年工作总结\n全年发放慰问金85万元，其中春节慰问金60万元、夏送清凉25万元。\n\
             为200名困难职工每人发放慰问金500元。\n",
            vec![],
        );
        assert_eq!(
            sum_of(&rows, FigureKind::Amount, "pay", Basis::Total),
            Some(850_000.0)
        );
        let part = rows
            .iter()
            .find(|r| r.measure.basis == Basis::Part)
            .unwrap();
        assert_eq!((part.count, part.sum, part.max), (2, None, Some(600_000.0)));
        let rate = rows
            .iter()
            .find(|r| r.measure.basis == Basis::PerUnit)
            .unwrap();
        assert_eq!((rate.sum, rate.mean), (None, Some(500.0)));
    }

    #[test]
    fn counts_of_unlike_things_stay_apart() {
        let rows = rows_of(
            "县总工会2019年工作总结\n职工运动会设比赛项目9个，共有42个参赛单位参加。\n",
            vec![],
        );
        let mut counts: Vec<(String, Option<f64>)> = rows
            .iter()
            .filter(|r| r.measure.kind == FigureKind::Count)
            .map(|r| (r.measure.counted.clone(), r.sum))
            .collect();
        counts.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            counts,
            vec![
                ("单位".to_string(), Some(42.0)),
                ("项目".to_string(), Some(9.0))
            ]
        );
    }

    #[test]
    fn percentage_points_are_not_percents() {
        let rows = rows_of(
            "县总工会2019年工作总结\n建会率达到92%，比上年提高5个百分点。\n",
            vec![],
        );
        let units: Vec<&str> = rows
            .iter()
            .filter(|r| r.measure.kind == FigureKind::Percent)
            .map(|r| r.measure.unit.as_str())
            .collect();
        assert_eq!(units.len(), 2, "{units:?}");
        assert!(units.contains(&"%") && units.contains(&"个百分点"));
        assert!(
            rows.iter()
                .all(|r| r.measure.kind != FigureKind::Percent || r.sum.is_none())
        );
    }

    #[test]
    fn sums_are_exact_until_printed() {
        let text = "县总工会2018年工作总结\n发放资金134.1911万元,0.1万元和0.2万元。\n";
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
        let amount = rows
            .iter()
            .find(|r| r.measure.kind == FigureKind::Amount)
            .unwrap();
        assert_eq!((amount.count, amount.sum), (3, Some(exact)));
        assert_eq!(crate::output::format_number(exact), "1,344,911");
    }
}
