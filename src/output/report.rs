//! The report page: one self-contained HTML file (CSS, the filter script
//! and the charts inline; nothing fetched) made from the check, compare
//! and thread records and the numbers over time.
//!
//! The page is rendered by minijinja from `templates/report.html`, which is
//! embedded. Every value from the inputs reaches the page through the
//! template engine's HTML escaping (on for `.html` templates): a
//! `<script>` inside a document is shown as text. Charts are SVG drawn by
//! the template from geometry computed here, so no chart library is needed
//! and labels are escaped like everything else.

use minijinja::Environment;
use serde::Serialize;

use crate::document::Document;
use crate::jobs::report::{NumbersOverTime, Series};
use crate::output::check::{CheckRecord, CompareRecord, ThreadRecord, status_label};
use crate::output::text::format_number;
use crate::read::ReadError;

const TEMPLATE: &str = include_str!("../../templates/report.html");

/// One document of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct DocRow {
    pub file: String,
    pub doc: usize,
    pub title: String,
    pub org: String,
    pub period: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub repeat_of: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureRow {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
struct Evidence {
    text: String,
    at: String,
}

#[derive(Debug, Clone, Serialize)]
struct TargetView {
    target: String,
    actual: String,
    gap: String,
    /// met, exceeded, missed, uncertain (an actual paired on weak
    /// evidence), or empty when no actual was found.
    mark: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct CheckRow {
    no: usize,
    section: String,
    text: String,
    status: &'static str,
    status_label: &'static str,
    /// exceeded / unmeasured, for colouring.
    flag: &'static str,
    topics: Vec<&'static str>,
    topic_labels: Vec<&'static str>,
    targets: Vec<TargetView>,
    evidence: Vec<Evidence>,
    at: String,
}

#[derive(Debug, Clone, Serialize)]
struct CheckView {
    id: String,
    plan: String,
    summary: String,
    org: String,
    period: String,
    done: usize,
    partial: usize,
    not_reported: usize,
    exceeded: usize,
    unmeasured: usize,
    rows: Vec<CheckRow>,
}

#[derive(Debug, Clone, Serialize)]
struct Segment {
    op: &'static str,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct ChangeView {
    old: String,
    new: String,
    arrow: &'static str,
    direction: &'static str,
    delta: String,
}

#[derive(Debug, Clone, Serialize)]
struct PairView {
    old: String,
    new: String,
    old_at: String,
    new_at: String,
    section: String,
    score: f64,
    changes: Vec<ChangeView>,
    diff: Vec<Segment>,
    /// Whether the text changed at all.
    reworded: bool,
}

#[derive(Debug, Clone, Serialize)]
struct PlaceView {
    text: String,
    at: String,
    section: String,
}

#[derive(Debug, Clone, Serialize)]
struct CompareView {
    id: String,
    old: String,
    new: String,
    org: String,
    periods: String,
    raised: usize,
    lowered: usize,
    pairs: Vec<PairView>,
    added: Vec<PlaceView>,
    removed: Vec<PlaceView>,
}

#[derive(Debug, Clone, Serialize)]
struct ThreadView {
    org: String,
    periods: Vec<String>,
    texts: Vec<String>,
    /// One row per target: its value per period ("" where not restated).
    targets: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
    value: String,
}

#[derive(Debug, Clone, Serialize)]
struct Tick {
    y: f64,
    label: String,
}

/// A bar chart of one series, laid out for the template.
#[derive(Debug, Clone, Serialize)]
struct Chart {
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    width: f64,
    height: f64,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    rows: Vec<(String, String, usize)>,
}

#[derive(Debug, Clone, Serialize)]
struct StackPiece {
    y: f64,
    h: f64,
    colour: &'static str,
    topic: &'static str,
    count: usize,
}

#[derive(Debug, Clone, Serialize)]
struct Stack {
    x: f64,
    w: f64,
    label: String,
    pieces: Vec<StackPiece>,
}

#[derive(Debug, Clone, Serialize)]
struct TopicChart {
    width: f64,
    height: f64,
    stacks: Vec<Stack>,
    ticks: Vec<Tick>,
    legend: Vec<(&'static str, &'static str)>,
    header: Vec<&'static str>,
    rows: Vec<(i32, Vec<usize>)>,
}

/// What the report shows, as the library's jobs gave it.
pub struct ReportInput<'a> {
    pub title: &'a str,
    pub documents: Vec<DocRow>,
    pub failures: Vec<FailureRow>,
    pub checks: &'a [CheckRecord],
    pub compares: &'a [CompareRecord],
    pub threads: &'a [ThreadRecord],
    pub numbers: &'a NumbersOverTime,
}

impl DocRow {
    pub fn of(file: &str, doc: usize, d: &Document) -> DocRow {
        DocRow {
            file: file.to_string(),
            doc,
            title: d.title.clone(),
            org: d.org.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            period: d.period.map(|p| p.iso()).unwrap_or_default(),
            kind: d.kind.as_str(),
            kind_label: kind_label(d.kind.as_str()),
            repeat_of: d
                .duplicate_of
                .as_ref()
                .map(|r| format!("{}#{}", r.file, r.doc)),
        }
    }
}

impl FailureRow {
    pub fn of(e: &ReadError) -> FailureRow {
        FailureRow {
            file: e.file.clone(),
            reason: e.reason.clone(),
        }
    }
}

/// The heading path of an item without the item's own heading (a
/// numbered item is a section of its own): what it stands under.
fn headings_above(path: &[String], text: &str) -> String {
    path.iter()
        .filter(|h| !text.starts_with(h.as_str()))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" › ")
}

const TOPIC_COLOURS: &[&str] = &[
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
];

fn check_view(k: usize, r: &CheckRecord) -> CheckView {
    let rows: Vec<CheckRow> = r
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| CheckRow {
            no: n + 1,
            section: headings_above(&i.section, &i.text),
            text: i.text.clone(),
            status: i.status,
            status_label: status_label(i),
            flag: if i.exceeded {
                "exceeded"
            } else if i.unmeasured {
                "unmeasured"
            } else {
                ""
            },
            topics: i.topics.clone(),
            topic_labels: i
                .topics
                .iter()
                .map(|t| crate::dict::topic_label(t))
                .collect(),
            targets: i
                .targets
                .iter()
                .map(|t| TargetView {
                    target: t.text.clone(),
                    actual: t
                        .actual
                        .as_ref()
                        .map(|a| a.text.clone())
                        .unwrap_or_default(),
                    gap: t
                        .gap
                        .map(|g| {
                            let s = format_number(g);
                            if g > 0.0 { format!("+{s}") } else { s }
                        })
                        .unwrap_or_default(),
                    mark: match t.met {
                        _ if t.uncertain => "uncertain",
                        Some(true) if t.exceeded => "exceeded",
                        Some(true) => "met",
                        Some(false) => "missed",
                        None => "",
                    },
                })
                .collect(),
            evidence: i
                .evidence
                .iter()
                .take(2)
                .map(|e| Evidence {
                    text: e.text.clone(),
                    at: format!("{}:{}", e.file, e.line),
                })
                .collect(),
            at: format!("{}:{}", r.plan.file, i.line),
        })
        .collect();
    CheckView {
        id: format!("check-{}", k + 1),
        plan: format!("{} ({})", r.plan.title, r.plan.file),
        summary: format!("{} ({})", r.summary.title, r.summary.file),
        org: r.plan.org.clone().unwrap_or_default(),
        period: r.plan.period.clone().unwrap_or_default(),
        done: r.counts.done,
        partial: r.counts.partial,
        not_reported: r.counts.not_reported,
        exceeded: rows.iter().filter(|x| x.flag == "exceeded").count(),
        unmeasured: rows.iter().filter(|x| x.flag == "unmeasured").count(),
        rows,
    }
}

fn compare_view(k: usize, r: &CompareRecord) -> CompareView {
    let place = |file: &str, p: &crate::output::check::PlaceRecord| PlaceView {
        text: p.text.clone(),
        at: format!("{file}:{}", p.line),
        section: headings_above(&p.section, &p.text),
    };
    let pairs: Vec<PairView> = r
        .pairs
        .iter()
        .map(|p| PairView {
            old: p.old.text.clone(),
            new: p.new.text.clone(),
            old_at: format!("{}:{}", r.old.file, p.old.line),
            new_at: format!("{}:{}", r.new.file, p.new.line),
            section: headings_above(&p.new.section, &p.new.text),
            score: p.score,
            changes: p
                .changes
                .iter()
                .map(|c| ChangeView {
                    old: c.old.text.clone(),
                    new: c.new.text.clone(),
                    arrow: match c.direction {
                        "raised" => "↑",
                        "lowered" => "↓",
                        "same" => "=",
                        _ => "~",
                    },
                    direction: c.direction,
                    delta: c
                        .delta
                        .map(|d| {
                            let s = format_number(d);
                            if d > 0.0 { format!("+{s}") } else { s }
                        })
                        .unwrap_or_default(),
                })
                .collect(),
            reworded: p.diff.iter().any(|d| d.op != "equal"),
            diff: p
                .diff
                .iter()
                .map(|d| Segment {
                    op: d.op,
                    text: d.text.clone(),
                })
                .collect(),
        })
        .collect();
    let count = |dir: &str| {
        pairs
            .iter()
            .flat_map(|p| &p.changes)
            .filter(|c| c.direction == dir)
            .count()
    };
    CompareView {
        id: format!("compare-{}", k + 1),
        old: format!("{} ({})", r.old.title, r.old.file),
        new: format!("{} ({})", r.new.title, r.new.file),
        org: r.new.org.clone().unwrap_or_default(),
        periods: format!(
            "{} → {}",
            r.old.period.as_deref().unwrap_or("?"),
            r.new.period.as_deref().unwrap_or("?")
        ),
        raised: count("raised"),
        lowered: count("lowered"),
        added: r.added.iter().map(|p| place(&r.new.file, p)).collect(),
        removed: r.removed.iter().map(|p| place(&r.old.file, p)).collect(),
        pairs,
    }
}

fn thread_view(t: &ThreadRecord) -> ThreadView {
    ThreadView {
        org: t.org.clone().unwrap_or_default(),
        periods: t
            .steps
            .iter()
            .map(|s| s.period.clone().unwrap_or_default())
            .collect(),
        texts: t.steps.iter().map(|s| s.text.clone()).collect(),
        targets: t
            .targets
            .iter()
            .map(|row| {
                row.iter()
                    .map(|p| p.as_ref().map(|p| p.text.clone()).unwrap_or_default())
                    .collect()
            })
            .collect(),
    }
}

const CHART_W: f64 = 520.0;
const CHART_H: f64 = 220.0;
const PAD_L: f64 = 70.0;
const PAD_B: f64 = 28.0;
const PAD_T: f64 = 12.0;

/// A round step for `ticks` gridlines up to `max`.
fn nice_step(max: f64, ticks: usize) -> f64 {
    let raw = (max / ticks as f64).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Gridlines from 0 to the top of the scale, and that top.
fn scale(max: f64) -> (f64, Vec<Tick>) {
    let step = nice_step(max.max(1.0), 4);
    let top = (max.max(1.0) / step).ceil() * step;
    let plot_h = CHART_H - PAD_B - PAD_T;
    let ticks = (0..=((top / step).round() as usize))
        .map(|k| {
            let v = k as f64 * step;
            Tick {
                y: r1(PAD_T + plot_h - v / top * plot_h),
                label: short_number(v),
            }
        })
        .collect();
    (top, ticks)
}

/// 1,500,000 as 150万, to two decimals, for labels on a chart (its table
/// beside it has the exact number).
fn short_number(v: f64) -> String {
    let two = |x: f64| format_number((x * 100.0).round() / 100.0);
    if v >= 1e8 {
        format!("{}亿", two(v / 1e8))
    } else if v >= 1e4 {
        format!("{}万", two(v / 1e4))
    } else {
        two(v)
    }
}

/// A coordinate to a tenth of a unit: the page stays small.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn bar_chart(s: &Series) -> Chart {
    let max = s.points.iter().map(|p| p.value).fold(0.0, f64::max);
    let (top, ticks) = scale(max);
    let plot_w = CHART_W - PAD_L - 10.0;
    let plot_h = CHART_H - PAD_B - PAD_T;
    let n = s.points.len().max(1) as f64;
    let slot = plot_w / n;
    let bars = s
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let h = p.value / top * plot_h;
            Bar {
                x: r1(PAD_L + k as f64 * slot + slot * 0.15),
                y: r1(PAD_T + plot_h - h),
                w: r1(slot * 0.7),
                h: r1(h),
                label: p.year.to_string(),
                value: short_number(p.value),
            }
        })
        .collect();
    Chart {
        id: s.id,
        title: s.title,
        unit: s.unit,
        width: CHART_W,
        height: CHART_H,
        bars,
        ticks,
        rows: s
            .points
            .iter()
            .map(|p| (p.year.to_string(), format_number(p.value), p.figures))
            .collect(),
    }
}

/// Topics beyond this many are summed as the last colour's "other".
const TOPICS_CHARTED: usize = 7;

fn topic_chart(n: &NumbersOverTime) -> TopicChart {
    let t = &n.topics;
    let shown = t.topics.len().min(TOPICS_CHARTED);
    let max = t
        .years
        .iter()
        .map(|(_, c)| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0) as f64;
    let (top, ticks) = scale(max);
    let plot_w = CHART_W - PAD_L - 10.0;
    let plot_h = CHART_H - PAD_B - PAD_T;
    let slot = plot_w / t.years.len().max(1) as f64;
    let stacks = t
        .years
        .iter()
        .enumerate()
        .map(|(k, (year, counts))| {
            let mut base = PAD_T + plot_h;
            let mut pieces = Vec::new();
            let mut add = |count: usize, topic: &'static str, colour: &'static str| {
                if count == 0 {
                    return;
                }
                let h = count as f64 / top * plot_h;
                base -= h;
                pieces.push(StackPiece {
                    y: r1(base),
                    h: r1(h),
                    colour,
                    topic,
                    count,
                });
            };
            for (i, &c) in counts.iter().enumerate().take(shown) {
                add(c, crate::dict::topic_label(t.topics[i]), TOPIC_COLOURS[i]);
            }
            let rest: usize = counts.iter().skip(shown).sum();
            add(rest, "其他", TOPIC_COLOURS[TOPIC_COLOURS.len() - 1]);
            Stack {
                x: r1(PAD_L + k as f64 * slot + slot * 0.15),
                w: r1(slot * 0.7),
                label: year.to_string(),
                pieces,
            }
        })
        .collect();
    let mut legend: Vec<(&'static str, &'static str)> = t
        .topics
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, id)| (crate::dict::topic_label(id), TOPIC_COLOURS[i]))
        .collect();
    if t.topics.len() > shown {
        legend.push(("其他", TOPIC_COLOURS[TOPIC_COLOURS.len() - 1]));
    }
    TopicChart {
        width: CHART_W,
        height: CHART_H,
        stacks,
        ticks,
        legend,
        header: t
            .topics
            .iter()
            .map(|id| crate::dict::topic_label(id))
            .collect(),
        rows: t.years.clone(),
    }
}

/// The page, rendered. Errors only if the embedded template is broken,
/// which the tests would show.
pub fn render_report(input: &ReportInput) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let checks: Vec<CheckView> = input
        .checks
        .iter()
        .enumerate()
        .map(|(k, r)| check_view(k, r))
        .collect();
    let compares: Vec<CompareView> = input
        .compares
        .iter()
        .enumerate()
        .map(|(k, r)| compare_view(k, r))
        .collect();
    let threads: Vec<ThreadView> = input.threads.iter().map(thread_view).collect();
    let charts: Vec<Chart> = input.numbers.series.iter().map(bar_chart).collect();
    let mut by_kind: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in &input.documents {
        *by_kind.entry(d.kind).or_default() += 1;
    }
    let files = {
        let mut f: Vec<&str> = input.documents.iter().map(|d| d.file.as_str()).collect();
        f.dedup();
        f.len()
    };
    let mut topics: Vec<(&'static str, &'static str)> = checks
        .iter()
        .flat_map(|c| &c.rows)
        .flat_map(|r| r.topics.iter().zip(&r.topic_labels))
        .map(|(a, b)| (*a, *b))
        .collect();
    topics.sort();
    topics.dedup();
    let totals = CountsTotal {
        items: checks.iter().map(|c| c.rows.len()).sum(),
        done: checks.iter().map(|c| c.done).sum(),
        partial: checks.iter().map(|c| c.partial).sum(),
        not_reported: checks.iter().map(|c| c.not_reported).sum(),
        raised: compares.iter().map(|c| c.raised).sum(),
        lowered: compares.iter().map(|c| c.lowered).sum(),
        added: compares.iter().map(|c| c.added.len()).sum(),
        removed: compares.iter().map(|c| c.removed.len()).sum(),
    };
    let by_kind: std::collections::BTreeMap<&str, usize> = by_kind
        .into_iter()
        .map(|(k, n)| (kind_label(k), n))
        .fold(Default::default(), |mut m, (k, n)| {
            *m.entry(k).or_default() += n;
            m
        });
    let page = Page {
        orgs: org_rows(&input.documents),
        totals,
        title: input.title,
        files,
        documents: &input.documents,
        by_kind,
        failures: &input.failures,
        checks,
        compares,
        threads,
        charts,
        topic_chart: topic_chart(input.numbers),
        topics,
    };
    env.get_template("report.html")?
        .render(minijinja::value::Serde(&page))
}

/// One organisation of the overview: its documents by kind and periods.
#[derive(Debug, Clone, Serialize)]
struct OrgRow {
    org: String,
    plans: usize,
    summaries: usize,
    others: usize,
    periods: String,
}

fn org_rows(docs: &[DocRow]) -> Vec<OrgRow> {
    let mut by: std::collections::BTreeMap<&str, (usize, usize, usize, Vec<&str>)> =
        Default::default();
    for d in docs.iter().filter(|d| d.repeat_of.is_none()) {
        let e = by.entry(d.org.as_str()).or_default();
        match d.kind {
            "plan" => e.0 += 1,
            "summary" => e.1 += 1,
            "mixed" => {
                e.0 += 1;
                e.1 += 1
            }
            _ => e.2 += 1,
        }
        if !d.period.is_empty() && !e.3.contains(&d.period.as_str()) {
            e.3.push(&d.period);
        }
    }
    by.into_iter()
        .map(|(org, (plans, summaries, others, mut periods))| {
            periods.sort_unstable();
            OrgRow {
                org: if org.is_empty() {
                    "（未识别单位）".to_string()
                } else {
                    org.to_string()
                },
                plans,
                summaries,
                others,
                periods: periods.join("、"),
            }
        })
        .collect()
}

/// How a document kind is named on the page.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "plan" => "计划",
        "summary" => "总结",
        "mixed" => "总结与计划",
        _ => "其他",
    }
}

/// Everything the template reads.
#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    files: usize,
    documents: &'a [DocRow],
    by_kind: std::collections::BTreeMap<&'a str, usize>,
    failures: &'a [FailureRow],
    checks: Vec<CheckView>,
    compares: Vec<CompareView>,
    threads: Vec<ThreadView>,
    charts: Vec<Chart>,
    topic_chart: TopicChart,
    topics: Vec<(&'static str, &'static str)>,
    orgs: Vec<OrgRow>,
    totals: CountsTotal,
}

/// The check statuses of every pair together.
#[derive(Debug, Clone, Default, Serialize)]
struct CountsTotal {
    items: usize,
    done: usize,
    partial: usize,
    not_reported: usize,
    raised: usize,
    lowered: usize,
    added: usize,
    removed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round_and_cover_the_maximum() {
        let (top, ticks) = scale(698_000.0);
        assert_eq!(top, 800_000.0);
        assert_eq!(ticks.len(), 5);
        assert_eq!(ticks.last().unwrap().label, "80万");
        assert_eq!(short_number(1.5e8), "1.5亿");
        assert_eq!(short_number(950.0), "950");
    }

    #[test]
    fn bars_are_proportional_and_inside_the_chart() {
        let s = Series {
            id: "aid_paid",
            title: "t",
            unit: "元",
            points: vec![
                crate::jobs::report::Point {
                    year: 2019,
                    value: 400.0,
                    figures: 2,
                },
                crate::jobs::report::Point {
                    year: 2020,
                    value: 200.0,
                    figures: 1,
                },
            ],
        };
        let c = bar_chart(&s);
        assert_eq!(c.bars.len(), 2);
        assert!((c.bars[0].h - 2.0 * c.bars[1].h).abs() < 0.11);
        for b in &c.bars {
            assert!(b.y >= 0.0 && b.y + b.h <= CHART_H && b.x + b.w <= CHART_W);
        }
        assert_eq!(c.rows[0], ("2019".to_string(), "400".to_string(), 2));
    }
}
