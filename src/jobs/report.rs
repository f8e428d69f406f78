//! The report job: what one page shows of an archive. The checks,
//! comparisons and threads come from [`Archive`]; this module adds the
//! numbers over the years, gathered from every analysed file in one pass,
//! and the overview of what was read.
//!
//! The series are `stats` queries with fixed filters, so a number on the
//! page is the number `gonghui stats` gives for the same question:
//! - aid paid: `--kind amount --topic aid --action pay --doc-kind summary
//!   --role actual --by year`, totals in 元;
//! - people reached: `--kind count --doc-kind summary --role actual --by
//!   year`, totals in persons (人 and 名 together) and, apart, in 人次;
//! - figures by topic: every body figure of a dated document, by year and
//!   best topic.

use std::collections::BTreeMap;

use crate::document::Document;
use crate::figure::{Family, FigureKind, Role};
use crate::jobs::archive::Archive;
use crate::jobs::stats::{Basis, GroupBy, StatsBuilder};
use crate::jobs::{ActionFilter, FigureFilter, figures_of};
use crate::pipeline::FileAnalysis;

/// One value per year of a series, with how many figures it sums.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub figures: usize,
}

/// A number followed over the years.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// A short id (`aid_paid`, `people`, `person_times`).
    pub id: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    /// In year order.
    pub points: Vec<Point>,
}

/// How many figures of each topic a year's documents hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicYears {
    /// Topic ids, most figures first.
    pub topics: Vec<&'static str>,
    /// Years in order, each with its count per topic (in `topics` order).
    pub years: Vec<(i32, Vec<usize>)>,
}

/// The numbers a report charts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumbersOverTime {
    pub series: Vec<Series>,
    pub topics: TopicYears,
}

/// Gathers the numbers over time from analysed files, in any order.
pub struct ReportBuilder {
    aid: StatsBuilder,
    people: StatsBuilder,
    aid_filter: FigureFilter,
    people_filter: FigureFilter,
    body_filter: FigureFilter,
    topic_years: BTreeMap<(i32, &'static str), usize>,
}

impl Default for ReportBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// The series of people reached: id, title, unit summed.
const PERSON_SERIES: &[(&str, &str, &str)] = &[
    ("people", "服务覆盖职工（人）", "人"),
    ("person_times", "服务职工（人次）", "人次"),
];

/// The people series a count unit adds to (人 and 名 are both persons;
/// 人次 counts visits, never added to them).
fn person_series(unit: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let id = match unit {
        "人" | "名" => "people",
        "人次" => "person_times",
        _ => return None,
    };
    PERSON_SERIES.iter().copied().find(|s| s.0 == id)
}

impl ReportBuilder {
    pub fn new() -> ReportBuilder {
        let reported = FigureFilter {
            roles: vec![Role::Actual],
            doc_kinds: vec![crate::document::DocKind::Summary],
            ..FigureFilter::default()
        };
        ReportBuilder {
            aid: StatsBuilder::new(vec![GroupBy::Year]),
            people: StatsBuilder::new(vec![GroupBy::Year]),
            aid_filter: FigureFilter {
                kinds: vec![FigureKind::Amount],
                topics: vec!["aid"],
                actions: vec![ActionFilter::Family(Family::Pay)],
                ..reported.clone()
            },
            people_filter: FigureFilter {
                kinds: vec![FigureKind::Count],
                ..reported
            },
            body_filter: FigureFilter::default(),
            topic_years: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, fa: &FileAnalysis) {
        for f in figures_of(fa) {
            if self.aid_filter.keeps(f) {
                self.aid.add(f);
            }
            if self.people_filter.keeps(f) {
                self.people.add(f);
            }
            if self.body_filter.keeps(f)
                && let Some(year) = f.year()
            {
                *self.topic_years.entry((year, f.topic())).or_default() += 1;
            }
        }
    }

    pub fn finish(&self) -> NumbersOverTime {
        let mut series = Vec::new();
        let mut aid: BTreeMap<i32, Point> = BTreeMap::new();
        for r in self.aid.rows() {
            if r.measure.basis != Basis::Total || r.measure.unit != "元" {
                continue;
            }
            add_point(&mut aid, &r.group[0].1, r.sum, r.count);
        }
        series.push(Series {
            id: "aid_paid",
            title: "帮扶救助资金发放（元）",
            unit: "元",
            points: aid.into_values().collect(),
        });
        let mut people: BTreeMap<&'static str, BTreeMap<i32, Point>> = BTreeMap::new();
        for r in self.people.rows() {
            let Some((id, _, _)) = person_series(&r.measure.unit) else {
                continue;
            };
            if r.measure.basis == Basis::Total {
                add_point(people.entry(id).or_default(), &r.group[0].1, r.sum, r.count);
            }
        }
        for &(id, title, unit) in PERSON_SERIES {
            series.push(Series {
                id,
                title,
                unit,
                points: people
                    .remove(id)
                    .unwrap_or_default()
                    .into_values()
                    .collect(),
            });
        }
        NumbersOverTime {
            series,
            topics: self.topic_years(),
        }
    }

    fn topic_years(&self) -> TopicYears {
        let mut totals: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (&(_, t), &n) in &self.topic_years {
            *totals.entry(t).or_default() += n;
        }
        let mut topics: Vec<(&'static str, usize)> = totals.into_iter().collect();
        topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let topics: Vec<&'static str> = topics.into_iter().map(|(t, _)| t).collect();
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (&(y, t), &n) in &self.topic_years {
            let row = years.entry(y).or_insert_with(|| vec![0; topics.len()]);
            if let Some(k) = topics.iter().position(|x| *x == t) {
                row[k] += n;
            }
        }
        TopicYears {
            topics,
            years: years.into_iter().collect(),
        }
    }
}

fn add_point(points: &mut BTreeMap<i32, Point>, year: &str, sum: Option<f64>, count: usize) {
    let (Ok(year), Some(sum)) = (year.parse::<i32>(), sum) else {
        return;
    };
    let p = points.entry(year).or_insert(Point {
        year,
        value: 0.0,
        figures: 0,
    });
    p.value += sum;
    p.figures += count;
}

/// The documents of an archive, file by file, for the overview.
pub fn documents(archive: &Archive) -> impl Iterator<Item = (&str, usize, &Document)> {
    archive
        .files()
        .iter()
        .flat_map(|(f, ds)| ds.iter().enumerate().map(move |(i, d)| (f.as_str(), i, d)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Resources, Stages, analyze_source};
    use crate::read::decode;

    fn numbers(texts: &[(&str, &str)]) -> NumbersOverTime {
        let res = Resources::load(None).unwrap();
        let mut b = ReportBuilder::new();
        for (name, text) in texts {
            let fa = analyze_source(
                decode(name, text.as_bytes().to_vec()).unwrap(),
                &res,
                Stages::ALL,
            );
            b.add(&fa);
        }
        b.finish()
    }

    #[test]
    fn aid_paid_and_people_are_summed_per_year_like_stats() {
        let n = numbers(&[
            (
                "a.txt",
                "青溪县总工会2019年工作总结\n一、困难帮扶\n全年发放困难职工救助金46.8万元，慰问困难职工320人。\n二、助学\n资助困难职工子女46名。\n",
            ),
            (
                "b.txt",
                "青溪县总工会2020年工作总结\n一、困难帮扶\n全年发放困难职工救助金50万元，慰问困难职工300人次。\n",
            ),
        ]);
        let aid = &n.series[0];
        assert_eq!(aid.id, "aid_paid");
        let got: Vec<(i32, f64)> = aid.points.iter().map(|p| (p.year, p.value)).collect();
        assert_eq!(got, vec![(2019, 468_000.0), (2020, 500_000.0)]);
        let people = n.series.iter().find(|s| s.id == "people").unwrap();
        assert_eq!(people.points.len(), 1);
        // 人 and 名 are both persons: one sum.
        assert_eq!(
            (people.points[0].year, people.points[0].value),
            (2019, 366.0)
        );
        let times = n.series.iter().find(|s| s.id == "person_times").unwrap();
        assert_eq!((times.points[0].year, times.points[0].value), (2020, 300.0));
        assert!(n.topics.topics.contains(&"aid"));
        assert_eq!(n.topics.years.len(), 2);
    }
}
