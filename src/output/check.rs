//! Records, CSV rows and tables of `check` and `compare`: the JSON contract
//! other tools read (field names fixed by the issues that asked for them),
//! made from [`crate::jobs::check::CheckReport`] and
//! [`crate::jobs::compare::CompareReport`].

use std::io::{self, Write};

use serde::Serialize;

use super::csv::{PATH_SEPARATOR, csv_writer};
use super::text::write_table;
use super::tidy;
use crate::digest::{DigestFigure, DigestItem};
use crate::figure::FigureValue;
use crate::jobs::check::{CheckReport, Evidence, Status, TargetCheck};
use crate::jobs::compare::{CompareReport, Direction, Thread};
use crate::matching::Completion;
use crate::pairs::Unit;
use crate::span::SourceSpan;

/// A document or part: which file, which document in it, what it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitRecord {
    pub file: String,
    pub doc: usize,
    /// Index of the part of a mixed document.
    pub part: Option<usize>,
    pub title: String,
    pub org: Option<String>,
    /// ISO-like period: 2021, 2021-H1, 2021-Q3, 2021-T1 …
    pub period: Option<String>,
}

impl From<&Unit> for UnitRecord {
    fn from(u: &Unit) -> UnitRecord {
        UnitRecord {
            file: u.file.clone(),
            doc: u.doc,
            part: u.part,
            title: u.title.clone(),
            org: u.org.clone(),
            period: u.period.map(|p| p.iso()),
        }
    }
}

/// A figure where it stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FigureRef {
    pub text: String,
    pub value: FigureValue,
    pub unit: Option<String>,
    pub line: usize,
    pub span: SourceSpan,
}

impl From<&DigestFigure> for FigureRef {
    fn from(f: &DigestFigure) -> FigureRef {
        FigureRef {
            text: f.text.clone(),
            value: tidy_value(&f.figure.value),
            unit: f.figure.unit.clone(),
            line: f.span.line,
            span: f.span,
        }
    }
}

fn tidy_value(v: &FigureValue) -> FigureValue {
    match v {
        FigureValue::Number(n) => FigureValue::Number(tidy(*n)),
        other => other.clone(),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceRecord {
    pub file: String,
    pub line: usize,
    pub span: SourceSpan,
    pub text: String,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetRecord {
    pub text: String,
    pub kind: &'static str,
    pub value: FigureValue,
    pub unit: Option<String>,
    /// `>=` (不少于, 以上, a bare number), `<=` (不超过, 以内), `~` (左右, 约).
    pub qualifier: &'static str,
    pub subject: Option<String>,
    pub line: usize,
    pub span: SourceSpan,
    pub actual: Option<FigureRef>,
    pub met: Option<bool>,
    pub exceeded: bool,
    /// actual − target (yuan for money, days for dates).
    pub gap: Option<f64>,
    /// actual ÷ target.
    pub ratio: Option<f64>,
    /// How surely the actual states this target (0–1); null without one.
    pub score: Option<f64>,
    /// The actual was paired on weak evidence: a person should confirm it.
    pub uncertain: bool,
}

impl From<&TargetCheck<'_>> for TargetRecord {
    fn from(t: &TargetCheck) -> TargetRecord {
        let f = t.target;
        TargetRecord {
            text: f.text.clone(),
            kind: f.figure.kind.as_str(),
            value: tidy_value(&f.figure.value),
            unit: f.figure.unit.clone(),
            qualifier: t.bound.as_str(),
            subject: f.figure.subject.clone(),
            line: f.span.line,
            span: f.span,
            actual: t.actual.map(|(_, a)| FigureRef::from(a)),
            met: t.met,
            exceeded: t.exceeded,
            gap: t.gap.map(tidy),
            ratio: t.ratio.map(|r| (r * 1000.0).round() / 1000.0),
            score: t.score.map(|x| (f64::from(x) * 1000.0).round() / 1000.0),
            uncertain: t.uncertain(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CheckItemRecord {
    pub line: usize,
    pub end_line: usize,
    pub span: SourceSpan,
    pub text: String,
    pub section: Vec<String>,
    pub topics: Vec<&'static str>,
    pub status: &'static str,
    pub exceeded: bool,
    /// Reported without any figure for its targets (已开展, no number).
    pub unmeasured: bool,
    /// Completion cues of the evidence: partial, online, undone.
    pub completion: Vec<&'static str>,
    pub evidence: Vec<EvidenceRecord>,
    /// For an item not reported: the summary sentences nearest to it, so a
    /// person can confirm.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nearest: Vec<EvidenceRecord>,
    pub targets: Vec<TargetRecord>,
}

/// A place in a file: the line, the span, the text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRecord {
    pub line: usize,
    pub span: SourceSpan,
    pub text: String,
    pub section: Vec<String>,
}

impl From<&DigestItem> for PlaceRecord {
    fn from(i: &DigestItem) -> PlaceRecord {
        PlaceRecord {
            line: i.span.line,
            span: i.span,
            text: i.text.clone(),
            section: i.section.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct CountsRecord {
    pub done: usize,
    pub partial: usize,
    pub not_reported: usize,
}

/// One plan checked against one summary: an element of `check --format
/// json` and a line of `checks.jsonl`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CheckRecord {
    pub plan: UnitRecord,
    pub summary: UnitRecord,
    pub items: Vec<CheckItemRecord>,
    pub also_reported: Vec<PlaceRecord>,
    pub counts: CountsRecord,
}

fn completion_str(c: Completion) -> &'static str {
    match c {
        Completion::Partial => "partial",
        Completion::Online => "online",
        Completion::Undone => "undone",
    }
}

impl From<&CheckReport<'_>> for CheckRecord {
    fn from(r: &CheckReport) -> CheckRecord {
        let c = r.counts();
        CheckRecord {
            plan: UnitRecord::from(&r.plan.unit),
            summary: UnitRecord::from(&r.summary.unit),
            items: r
                .items
                .iter()
                .map(|i| CheckItemRecord {
                    line: i.item.span.line,
                    end_line: i.item.end_line,
                    span: i.item.span,
                    text: i.item.text.clone(),
                    section: i.item.section.clone(),
                    topics: i.item.topics.clone(),
                    status: i.status.as_str(),
                    exceeded: i.exceeded,
                    unmeasured: i.unmeasured,
                    completion: i.completion.iter().map(|&c| completion_str(c)).collect(),
                    evidence: i.evidence.iter().map(|e| evidence(r, e)).collect(),
                    nearest: if i.status == Status::NotReported {
                        i.nearest.iter().map(|e| evidence(r, e)).collect()
                    } else {
                        Vec::new()
                    },
                    targets: i.targets.iter().map(TargetRecord::from).collect(),
                })
                .collect(),
            also_reported: r
                .also_reported
                .iter()
                .map(|i| PlaceRecord::from(*i))
                .collect(),
            counts: CountsRecord {
                done: c.done,
                partial: c.partial,
                not_reported: c.not_reported,
            },
        }
    }
}

fn evidence(r: &CheckReport, e: &Evidence) -> EvidenceRecord {
    EvidenceRecord {
        file: r.summary.unit.file.clone(),
        line: e.item.span.line,
        span: e.item.span,
        text: e.item.text.clone(),
        score: (e.score as f64 * 1000.0).round() / 1000.0,
    }
}

/// The status as a check sheet writes it.
pub fn status_label(item: &CheckItemRecord) -> &'static str {
    match item.status {
        "done" if item.exceeded => "超额完成",
        "done" if item.unmeasured => "已开展未报数据",
        "done" => "已完成",
        "partial" => "部分完成",
        _ => "未报告",
    }
}

/// One row of `check --format csv`: one per target (an item without
/// targets has one row), the columns of a check sheet.
#[derive(Debug, Serialize)]
pub struct CheckCsvRow<'a> {
    #[serde(rename = "序号")]
    pub no: usize,
    #[serde(rename = "板块")]
    pub section: String,
    #[serde(rename = "计划内容")]
    pub plan_text: &'a str,
    #[serde(rename = "目标")]
    pub target: &'a str,
    #[serde(rename = "完成情况")]
    pub summary_text: &'a str,
    #[serde(rename = "实际")]
    pub actual: &'a str,
    /// actual − target, a number (yuan for money, days for dates).
    #[serde(rename = "差距")]
    pub gap: Option<f64>,
    /// actual ÷ target, a fraction (1.3 for 130%), so a sheet can compute
    /// with it.
    #[serde(rename = "完成率")]
    pub ratio: Option<f64>,
    /// 待核实 when the actual was paired on weak evidence.
    #[serde(rename = "把握")]
    pub certainty: &'static str,
    #[serde(rename = "状态")]
    pub status: &'static str,
    #[serde(rename = "status")]
    pub status_id: &'static str,
    #[serde(rename = "计划出处")]
    pub plan_at: String,
    #[serde(rename = "总结出处")]
    pub summary_at: String,
}

/// Writes check records as one CSV table (UTF-8 with BOM).
pub fn write_checks_csv(out: &mut dyn Write, records: &[CheckRecord]) -> ::csv::Result<()> {
    let mut rows = Vec::new();
    for r in records {
        for (n, item) in r.items.iter().enumerate() {
            let best = item.evidence.first();
            let targets: Vec<Option<&TargetRecord>> = if item.targets.is_empty() {
                vec![None]
            } else {
                item.targets.iter().map(Some).collect()
            };
            for t in targets {
                let actual = t.and_then(|t| t.actual.as_ref());
                let summary_text = actual
                    .and_then(|a| item.evidence.iter().find(|e| e.line == a.line))
                    .or(best)
                    .map_or("", |e| e.text.as_str());
                rows.push(CheckCsvRow {
                    no: n + 1,
                    section: item.section.join(PATH_SEPARATOR),
                    plan_text: &item.text,
                    target: t.map_or("", |t| t.text.as_str()),
                    summary_text,
                    actual: actual.map_or("", |a| a.text.as_str()),
                    gap: t.and_then(|t| t.gap),
                    ratio: t.and_then(|t| t.ratio),
                    certainty: match t {
                        Some(t) if t.uncertain => "待核实",
                        Some(t) if t.actual.is_some() => "确定",
                        _ => "",
                    },
                    status: status_label(item),
                    status_id: item.status,
                    plan_at: format!("{}:{}", r.plan.file, item.line),
                    summary_at: actual
                        .map(|a| a.line)
                        .or(best.map(|e| e.line))
                        .map(|l| format!("{}:{}", r.summary.file, l))
                        .unwrap_or_default(),
                });
            }
        }
    }
    let Some(first) = rows.first() else {
        // Header only.
        let sample = CheckCsvRow {
            no: 0,
            section: String::new(),
            plan_text: "",
            target: "",
            summary_text: "",
            actual: "",
            gap: None,
            ratio: None,
            certainty: "",
            status: "",
            status_id: "",
            plan_at: String::new(),
            summary_at: String::new(),
        };
        csv_writer(&mut *out, &sample)?.flush()?;
        return Ok(());
    };
    let mut w = csv_writer(&mut *out, first)?;
    for row in &rows {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}

/// Columns of the check table.
pub const CHECK_TABLE_HEADER: &[&str] =
    &["line", "status", "plan item", "target → actual", "evidence"];

/// Writes check records as tables, one per pair, each under a line naming
/// the pair and its counts.
pub fn write_checks_table(out: &mut dyn Write, records: &[CheckRecord]) -> io::Result<()> {
    for r in records {
        writeln!(
            out,
            "check {} → {} ({}): done {}, partial {}, not reported {}",
            unit_label(&r.plan),
            unit_label(&r.summary),
            r.plan.period.as_deref().unwrap_or("?"),
            r.counts.done,
            r.counts.partial,
            r.counts.not_reported
        )?;
        let rows: Vec<Vec<String>> = r
            .items
            .iter()
            .map(|i| {
                let targets = i
                    .targets
                    .iter()
                    .map(|t| {
                        let mark = match t.met {
                            Some(true) if t.exceeded => " ↑",
                            Some(true) => " ✓",
                            Some(false) => " ✗",
                            None => "",
                        };
                        // An uncertain pairing is asked, not asserted.
                        let (mark, asked) = if t.uncertain { ("", "?") } else { (mark, "") };
                        format!(
                            "{} → {}{}{}",
                            t.text,
                            t.actual.as_ref().map_or("—", |a| a.text.as_str()),
                            asked,
                            mark
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    i.line.to_string(),
                    status_label(i).to_string(),
                    i.text.clone(),
                    targets,
                    i.evidence
                        .first()
                        .map(|e| format!("{}: {}", e.line, e.text))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        write_table(out, CHECK_TABLE_HEADER, &rows, 40)?;
        if !r.also_reported.is_empty() {
            writeln!(out, "also reported: {} results", r.also_reported.len())?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn unit_label(u: &UnitRecord) -> String {
    let part = u.part.map(|p| format!("/{p}")).unwrap_or_default();
    format!("{}#{}{}", u.file, u.doc, part)
}

// ---- compare ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeRecord {
    pub old: FigureRef,
    pub new: FigureRef,
    pub direction: &'static str,
    /// new − old.
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiffRecord {
    /// equal, delete, insert.
    pub op: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairRecord {
    pub old: PlaceRecord,
    pub new: PlaceRecord,
    pub score: f64,
    /// Part of a merge (two old items, one new) or a split.
    pub merge: bool,
    pub changes: Vec<ChangeRecord>,
    pub diff: Vec<DiffRecord>,
}

/// One plan compared with the next: an element of `compare --format json`
/// and a line of `comparisons.jsonl`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CompareRecord {
    pub old: UnitRecord,
    pub new: UnitRecord,
    pub pairs: Vec<PairRecord>,
    pub removed: Vec<PlaceRecord>,
    pub added: Vec<PlaceRecord>,
}

fn direction_str(d: Direction) -> &'static str {
    d.as_str()
}

impl From<&CompareReport<'_>> for CompareRecord {
    fn from(r: &CompareReport) -> CompareRecord {
        CompareRecord {
            old: UnitRecord::from(&r.old.unit),
            new: UnitRecord::from(&r.new.unit),
            pairs: r
                .pairs
                .iter()
                .map(|p| PairRecord {
                    old: PlaceRecord::from(p.old),
                    new: PlaceRecord::from(p.new),
                    score: (p.score as f64 * 1000.0).round() / 1000.0,
                    merge: p.merge,
                    changes: p
                        .changes
                        .iter()
                        .map(|c| ChangeRecord {
                            old: FigureRef::from(c.old),
                            new: FigureRef::from(c.new),
                            direction: direction_str(c.direction),
                            delta: c.delta.map(tidy),
                        })
                        .collect(),
                    diff: p
                        .diff
                        .iter()
                        .map(|(op, text)| DiffRecord {
                            op: op.as_str(),
                            text: text.clone(),
                        })
                        .collect(),
                })
                .collect(),
            removed: r.removed.iter().map(|i| PlaceRecord::from(*i)).collect(),
            added: r.added.iter().map(|i| PlaceRecord::from(*i)).collect(),
        }
    }
}

/// One row of `compare --format csv`: one per target change (a pair
/// without changes, an added and a removed item have one row each).
#[derive(Debug, Serialize)]
pub struct CompareCsvRow<'a> {
    #[serde(rename = "板块")]
    pub section: String,
    #[serde(rename = "上年条目")]
    pub old_text: &'a str,
    #[serde(rename = "本年条目")]
    pub new_text: &'a str,
    #[serde(rename = "变化")]
    pub change: &'static str,
    #[serde(rename = "指标变化")]
    pub target_change: String,
    #[serde(rename = "direction")]
    pub direction: &'static str,
    #[serde(rename = "相似度")]
    pub score: String,
    #[serde(rename = "上年出处")]
    pub old_at: String,
    #[serde(rename = "本年出处")]
    pub new_at: String,
}

/// Writes compare records as one CSV table (UTF-8 with BOM).
pub fn write_compares_csv(out: &mut dyn Write, records: &[CompareRecord]) -> ::csv::Result<()> {
    let mut rows = Vec::new();
    for r in records {
        for p in &r.pairs {
            let kept = if p.old.text == p.new.text {
                "保留"
            } else {
                "改写"
            };
            let changes: Vec<Option<&ChangeRecord>> = if p.changes.is_empty() {
                vec![None]
            } else {
                p.changes.iter().map(Some).collect()
            };
            for c in changes {
                rows.push(CompareCsvRow {
                    section: p.new.section.join(PATH_SEPARATOR),
                    old_text: &p.old.text,
                    new_text: &p.new.text,
                    change: kept,
                    target_change: c
                        .map(|c| format!("{}→{}", c.old.text, c.new.text))
                        .unwrap_or_default(),
                    direction: c.map_or("", |c| c.direction),
                    score: format!("{:.3}", p.score),
                    old_at: format!("{}:{}", r.old.file, p.old.line),
                    new_at: format!("{}:{}", r.new.file, p.new.line),
                });
            }
        }
        for a in &r.added {
            rows.push(CompareCsvRow {
                section: a.section.join(PATH_SEPARATOR),
                old_text: "",
                new_text: &a.text,
                change: "新增",
                target_change: String::new(),
                direction: "",
                score: String::new(),
                old_at: String::new(),
                new_at: format!("{}:{}", r.new.file, a.line),
            });
        }
        for d in &r.removed {
            rows.push(CompareCsvRow {
                section: d.section.join(PATH_SEPARATOR),
                old_text: &d.text,
                new_text: "",
                change: "删除",
                target_change: String::new(),
                direction: "",
                score: String::new(),
                old_at: format!("{}:{}", r.old.file, d.line),
                new_at: String::new(),
            });
        }
    }
    let sample = CompareCsvRow {
        section: String::new(),
        old_text: "",
        new_text: "",
        change: "",
        target_change: String::new(),
        direction: "",
        score: String::new(),
        old_at: String::new(),
        new_at: String::new(),
    };
    let mut w = csv_writer(&mut *out, rows.first().unwrap_or(&sample))?;
    for row in &rows {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}

/// Columns of the compare table.
pub const COMPARE_TABLE_HEADER: &[&str] = &["", "old", "new", "targets"];

/// Writes compare records as tables: `=` kept, `~` rewritten, `+` added,
/// `−` removed; targets with ↑ ↓ = ~.
pub fn write_compares_table(out: &mut dyn Write, records: &[CompareRecord]) -> io::Result<()> {
    for r in records {
        writeln!(
            out,
            "compare {} ({}) → {} ({}): {} kept, {} added, {} removed",
            unit_label(&r.old),
            r.old.period.as_deref().unwrap_or("?"),
            unit_label(&r.new),
            r.new.period.as_deref().unwrap_or("?"),
            r.pairs.len(),
            r.added.len(),
            r.removed.len()
        )?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        for p in &r.pairs {
            let targets = p
                .changes
                .iter()
                .map(|c| {
                    let arrow = match c.direction {
                        "raised" => "↑",
                        "lowered" => "↓",
                        "same" => "=",
                        _ => "~",
                    };
                    format!("{} → {} {arrow}", c.old.text, c.new.text)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let mark = if p.old.text == p.new.text { "=" } else { "~" };
            rows.push(vec![
                mark.into(),
                format!("{}: {}", p.old.line, p.old.text),
                format!("{}: {}", p.new.line, p.new.text),
                targets,
            ]);
        }
        for a in &r.added {
            rows.push(vec![
                "+".into(),
                String::new(),
                format!("{}: {}", a.line, a.text),
                String::new(),
            ]);
        }
        for d in &r.removed {
            rows.push(vec![
                "−".into(),
                format!("{}: {}", d.line, d.text),
                String::new(),
                String::new(),
            ]);
        }
        write_table(out, COMPARE_TABLE_HEADER, &rows, 40)?;
        writeln!(out)?;
    }
    Ok(())
}

/// One step of a thread: the item in one plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThreadStep {
    pub period: Option<String>,
    pub file: String,
    pub doc: usize,
    pub line: usize,
    pub span: SourceSpan,
    pub text: String,
}

/// A target's value in one plan of a thread.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesPoint {
    pub period: Option<String>,
    pub text: String,
    pub value: FigureValue,
    pub unit: Option<String>,
    pub qualifier: &'static str,
    pub line: usize,
    pub span: SourceSpan,
}

/// An item followed through an organisation's plans (`compare --threads`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThreadRecord {
    pub org: Option<String>,
    pub steps: Vec<ThreadStep>,
    /// Each target's series, one entry per step (null where the plan does
    /// not restate it).
    pub targets: Vec<Vec<Option<SeriesPoint>>>,
}

impl From<&Thread<'_>> for ThreadRecord {
    fn from(t: &Thread) -> ThreadRecord {
        let periods: Vec<Option<String>> = t
            .steps
            .iter()
            .map(|(d, _)| d.unit.period.map(|p| p.iso()))
            .collect();
        ThreadRecord {
            org: t.steps.first().and_then(|(d, _)| d.unit.org.clone()),
            steps: t
                .steps
                .iter()
                .zip(&periods)
                .map(|((d, i), p)| ThreadStep {
                    period: p.clone(),
                    file: d.unit.file.clone(),
                    doc: d.unit.doc,
                    line: i.span.line,
                    span: i.span,
                    text: i.text.clone(),
                })
                .collect(),
            targets: t
                .targets
                .iter()
                .map(|series| {
                    series
                        .iter()
                        .zip(&periods)
                        .map(|(f, p)| {
                            f.map(|f| SeriesPoint {
                                period: p.clone(),
                                text: f.text.clone(),
                                value: tidy_value(&f.figure.value),
                                unit: f.figure.unit.clone(),
                                qualifier: crate::matching::Bound::of(f).as_str(),
                                line: f.span.line,
                                span: f.span,
                            })
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// Writes threads as a table: one row per thread, the item's latest text
/// and each target's series (2019 ≥20场 → 2020 ≥30场 …).
pub fn write_threads_table(out: &mut dyn Write, threads: &[ThreadRecord]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = threads
        .iter()
        .map(|t| {
            let periods = t
                .steps
                .iter()
                .map(|s| s.period.clone().unwrap_or_else(|| "?".into()))
                .collect::<Vec<_>>()
                .join("→");
            let series = t
                .targets
                .iter()
                .filter(|s| s.iter().filter(|p| p.is_some()).count() >= 2)
                .map(|s| {
                    s.iter()
                        .map(|p| p.as_ref().map_or("—".to_string(), |p| p.text.clone()))
                        .collect::<Vec<_>>()
                        .join(" → ")
                })
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                t.org.clone().unwrap_or_default(),
                periods,
                t.steps.last().map(|s| s.text.clone()).unwrap_or_default(),
                series,
            ]
        })
        .collect();
    write_table(
        out,
        &["org", "periods", "item (latest)", "targets"],
        &rows,
        48,
    )
}
