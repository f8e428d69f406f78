//! Real published reports (tests/data/real/, sources in each folder's
//! SOURCES.jsonl, annotations described in tests/data/real/ANNOTATION.md):
//! the review and the plan read out of one report, the text kept inside a
//! document, and check and compare on consecutive reports of one
//! organisation. DEV files are the ones tuned on (`REAL_DEBUG=1` prints
//! their misses); TEST files are never tuned on, and the floors hold on
//! both.

#[path = "common/gold.rs"]
mod gold;

use std::collections::BTreeMap;

use gold::{archive_of, f1, overlaps, pick, root};
use gonghui::document::DocKind;
use gonghui::jobs::archive::TwoFiles;
use gonghui::jobs::check::check;
use gonghui::jobs::compare::compare;
use gonghui::pipeline::{FileAnalysis, Resources, Stages, analyze_input};
use gonghui::read::InputSource;
use serde::Deserialize;

const REAL: &str = "tests/data/real";

#[derive(Deserialize, Debug, Clone)]
struct GoldPart {
    kind: String,
    period: Option<String>,
    start_line: usize,
    end_line: usize,
}

#[derive(Deserialize)]
struct GoldFile {
    file: String,
    split: String,
    report_year: Option<i32>,
    parts: Vec<GoldPart>,
}

#[derive(Deserialize)]
struct GoldTarget {
    pair: String,
    split: String,
    plan_file: String,
    summary_file: String,
    plan_line: usize,
    target_quote: String,
    actual_line: Option<usize>,
    actual_quote: Option<String>,
    status: String,
}

#[derive(Deserialize)]
struct GoldChange {
    old_line: usize,
    old_quote: String,
    new_line: usize,
    new_quote: String,
}

#[derive(Deserialize)]
struct GoldSeries {
    split: String,
    old_file: String,
    new_file: String,
    changes: Vec<GoldChange>,
}

fn read_jsonl<T: serde::de::DeserializeOwned>(name: &str) -> Vec<T> {
    let path = root().join(REAL).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1)))
        .collect()
}

fn analyse(file: &str, res: &Resources) -> FileAnalysis {
    let path = root().join(REAL).join(file);
    analyze_input(&InputSource::Path(path), res, Stages::ALL).unwrap_or_else(|e| panic!("{e}"))
}

/// A part as the pipeline reads it: kind, period and 1-based original lines.
#[derive(Debug, Clone)]
struct OurPart {
    kind: &'static str,
    period: Option<String>,
    lines: (usize, usize),
}

fn kind_name(k: DocKind) -> &'static str {
    match k {
        DocKind::Summary => "review",
        DocKind::Plan => "plan",
        _ => "other",
    }
}

fn our_parts(fa: &FileAnalysis) -> Vec<OurPart> {
    let line_of = |cleaned: usize| {
        let o = fa.clean.map.orig_start(cleaned.min(fa.clean.text.len()));
        fa.source.lines.line_of(o)
    };
    let last_line = |start: usize, end: usize| line_of(end.saturating_sub(1).max(start));
    let mut out = Vec::new();
    for da in &fa.documents {
        let d = &da.doc;
        if d.parts.is_empty() {
            out.push(OurPart {
                kind: kind_name(d.kind),
                period: d.period.map(|p| p.iso()),
                lines: (line_of(d.start), last_line(d.start, d.end)),
            });
        }
        for p in &d.parts {
            out.push(OurPart {
                kind: kind_name(p.kind),
                period: p.period.map(|x| x.iso()),
                lines: (line_of(p.start), last_line(p.start, p.end)),
            });
        }
    }
    out
}

/// Whether two line ranges share at least half of the shorter one.
fn same_place(a: (usize, usize), b: (usize, usize)) -> bool {
    let lo = a.0.max(b.0);
    let hi = a.1.min(b.1);
    if hi < lo {
        return false;
    }
    let shared = hi - lo + 1;
    let shorter = (a.1 - a.0 + 1).min(b.1 - b.0 + 1);
    shared * 2 >= shorter
}

fn matches(g: &GoldPart, o: &OurPart) -> bool {
    g.kind == o.kind && g.period == o.period && same_place((g.start_line, g.end_line), o.lines)
}

#[derive(Default, Debug)]
struct PartScore {
    tp: usize,
    fp: usize,
    fn_: usize,
    reports: usize,
    reports_right: usize,
    text_chars: usize,
    text_inside: usize,
    worst_inside: f64,
}

fn score_parts() -> BTreeMap<String, PartScore> {
    let res = Resources::load(None).unwrap();
    let debug = std::env::var_os("REAL_DEBUG").is_some();
    let mut scores: BTreeMap<String, PartScore> = BTreeMap::new();
    for g in read_jsonl::<GoldFile>("parts_gold.jsonl") {
        let fa = analyse(&g.file, &res);
        let ours = our_parts(&fa);
        let s = scores.entry(g.split.clone()).or_insert_with(|| PartScore {
            worst_inside: 1.0,
            ..PartScore::default()
        });
        let show = debug && g.split == "dev";
        // Review and plan parts, as sets.
        let gold_rp: Vec<&GoldPart> = g
            .parts
            .iter()
            .filter(|p| p.kind == "review" || p.kind == "plan")
            .collect();
        let our_rp: Vec<&OurPart> = ours
            .iter()
            .filter(|p| p.kind == "review" || p.kind == "plan")
            .collect();
        let found = gold_rp
            .iter()
            .filter(|gp| our_rp.iter().any(|o| matches(gp, o)))
            .count();
        let right = our_rp
            .iter()
            .filter(|o| gold_rp.iter().any(|gp| matches(gp, o)))
            .count();
        s.tp += found;
        s.fn_ += gold_rp.len() - found;
        s.fp += our_rp.len() - right;
        if show && (found < gold_rp.len() || right < our_rp.len()) {
            println!("{}: gold {:?}\n   ours {:?}", g.file, gold_rp, our_rp);
        }
        // A report (a review and a plan of the report's year) read whole.
        let is_report =
            gold_rp.iter().any(|p| p.kind == "review") && gold_rp.iter().any(|p| p.kind == "plan");
        if is_report {
            s.reports += 1;
            let year = g.report_year.map(|y| y.to_string());
            let needed = gold_rp
                .iter()
                .filter(|p| p.kind == "review" || p.period == year);
            if needed
                .clone()
                .all(|gp| our_rp.iter().any(|o| matches(gp, o)))
            {
                s.reports_right += 1;
            }
        }
        // Text inside a document: the non-blank chars of the report's
        // lines (not noise) that lie in a document's original span.
        let doc_spans: Vec<(usize, usize)> = fa
            .documents
            .iter()
            .map(|da| fa.clean.orig_span(da.doc.start, da.doc.end))
            .collect();
        let bytes = std::fs::read(root().join(REAL).join(&g.file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let (mut chars, mut inside) = (0, 0);
        let mut at = 0;
        for (i, line) in text.split('\n').enumerate() {
            let n = i + 1;
            let in_report = g
                .parts
                .iter()
                .any(|p| p.kind != "noise" && p.start_line <= n && n <= p.end_line);
            if in_report {
                for (j, c) in line.char_indices() {
                    if c.is_whitespace() {
                        continue;
                    }
                    chars += 1;
                    let b = at + j;
                    if doc_spans.iter().any(|&(s, e)| s <= b && b < e) {
                        inside += 1;
                    }
                }
            }
            at += line.len() + 1;
        }
        if chars > 0 {
            let share = inside as f64 / chars as f64;
            s.worst_inside = s.worst_inside.min(share);
            if show && share < 0.95 {
                println!("{}: {:.3} of its text inside a document", g.file, share);
            }
        }
        s.text_chars += chars;
        s.text_inside += inside;
    }
    scores
}

#[test]
fn real_reports_read_as_review_and_plan() {
    let scores = score_parts();
    for (split, s) in &scores {
        let (p, r, f) = f1(s.tp, s.fp, s.fn_);
        let whole = s.reports_right as f64 / s.reports.max(1) as f64;
        let inside = s.text_inside as f64 / s.text_chars.max(1) as f64;
        println!(
            "{split}: parts P {p:.3} R {r:.3} F1 {f:.3}; reports read as review + plan {}/{} ({whole:.3}); text inside a document {inside:.3} (worst file {:.3})",
            s.reports_right, s.reports, s.worst_inside
        );
    }
    // Floors: a little under what the reader reaches now on each split
    // (issue 31 asks 0.9 of both), and the text kept.
    for (split, floor_f1, floor_whole) in [("dev", 0.76, 0.85), ("test", 0.80, 0.80)] {
        let s = &scores[split];
        let (_, _, f) = f1(s.tp, s.fp, s.fn_);
        let whole = s.reports_right as f64 / s.reports.max(1) as f64;
        assert!(f >= floor_f1, "{split}: parts F1 {f:.3} < {floor_f1}");
        // No report loses text: 0.98 of all, 0.95 of each.
        let inside = s.text_inside as f64 / s.text_chars.max(1) as f64;
        assert!(
            inside >= 0.98,
            "{split}: {inside:.3} of the text inside a document"
        );
        assert!(
            s.worst_inside >= 0.95,
            "{split}: a file keeps only {:.3}",
            s.worst_inside
        );
        assert!(
            whole >= floor_whole,
            "{split}: whole reports {whole:.3} < {floor_whole}"
        );
    }
}

#[derive(Default, Debug)]
struct CheckScore {
    targets: usize,
    found: usize,
    actual_right: usize,
    status_right: usize,
}

#[test]
fn check_pairs_targets_with_actuals_on_real_reports() {
    let res = Resources::load(None).unwrap();
    let debug = std::env::var_os("REAL_DEBUG").is_some();
    let mut all: Vec<GoldTarget> = read_jsonl("check_gold_dev.jsonl");
    all.extend(read_jsonl::<GoldTarget>("check_gold_test.jsonl"));
    let mut by_pair: BTreeMap<(String, String, String, String), Vec<GoldTarget>> = BTreeMap::new();
    for g in all {
        by_pair
            .entry((
                g.split.clone(),
                g.pair.clone(),
                g.plan_file.clone(),
                g.summary_file.clone(),
            ))
            .or_default()
            .push(g);
    }
    let mut sources = gold::Sources::default();
    let mut scores: BTreeMap<String, CheckScore> = BTreeMap::new();
    for ((split, pair, plan_file, summary_file), targets) in by_pair {
        let (pf, sf) = (
            format!("{REAL}/{plan_file}"),
            format!("{REAL}/{summary_file}"),
        );
        let archive = archive_of(&[&pf, &sf], &res);
        let (plan, summary) = pick(&archive, &pf, &sf, TwoFiles::Check);
        let report = check(plan, summary, &res.matcher);
        let s = scores.entry(split.clone()).or_default();
        for g in &targets {
            s.targets += 1;
            let tq = sources.place(&pf, g.plan_line, &g.target_quote);
            let ours = report.items.iter().find_map(|c| {
                c.targets
                    .iter()
                    .find(|x| overlaps((x.target.span.start, x.target.span.end), tq))
                    .map(|t| (c, t))
            });
            let Some((item, t)) = ours else {
                if debug && split == "dev" {
                    println!(
                        "{pair} {}:{} target {} not found",
                        plan_file, g.plan_line, g.target_quote
                    );
                }
                continue;
            };
            s.found += 1;
            let gold_actual = match (&g.actual_quote, g.actual_line) {
                (Some(q), Some(l)) => Some(sources.place(&sf, l, q)),
                _ => None,
            };
            let our_actual = t.actual.map(|(_, a)| (a.span.start, a.span.end));
            let right = match (gold_actual, our_actual) {
                (None, None) => true,
                (Some(g), Some(o)) => overlaps(g, o),
                _ => false,
            };
            if debug && split == "dev" && our_actual.is_some() {
                println!("SCORE {} {:.3}", right, t.score.unwrap_or(0.0));
            }
            if right {
                s.actual_right += 1;
            } else if debug && split == "dev" {
                println!(
                    "{pair} {}:{} {} actual {:?} (gold {:?})",
                    plan_file,
                    g.plan_line,
                    g.target_quote,
                    t.actual.map(|(_, a)| a.text.clone()),
                    g.actual_quote
                );
            }
            if item.status.as_str() == g.status {
                s.status_right += 1;
            }
        }
    }
    for (split, s) in &scores {
        let n = s.targets.max(1) as f64;
        println!(
            "{split}: {} targets, found {:.3}, actual right {:.3}, status right {:.3}",
            s.targets,
            s.found as f64 / n,
            s.actual_right as f64 / n,
            s.status_right as f64 / n
        );
    }
    for (split, floor_found, floor_actual, floor_status) in
        [("dev", 0.90, 0.66, 0.54), ("test", 0.94, 0.77, 0.63)]
    {
        let s = &scores[split];
        let n = s.targets.max(1) as f64;
        assert!(
            s.status_right as f64 / n >= floor_status,
            "{split}: statuses right below {floor_status}"
        );
        assert!(
            s.found as f64 / n >= floor_found,
            "{split}: targets found below {floor_found}"
        );
        assert!(
            s.actual_right as f64 / n >= floor_actual,
            "{split}: actuals right below {floor_actual}"
        );
    }
}

#[test]
fn compare_follows_targets_across_real_plans() {
    let res = Resources::load(None).unwrap();
    let mut series: Vec<GoldSeries> = read_jsonl("compare_gold_dev.jsonl");
    series.extend(read_jsonl::<GoldSeries>("compare_gold_test.jsonl"));
    let mut sources = gold::Sources::default();
    let mut scores: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for g in &series {
        let (of, nf) = (
            format!("{REAL}/{}", g.old_file),
            format!("{REAL}/{}", g.new_file),
        );
        let archive = archive_of(&[&of, &nf], &res);
        let (old, new) = pick(&archive, &of, &nf, TwoFiles::Compare);
        let report = compare(old, new, &res.matcher);
        let s = scores.entry(g.split.clone()).or_default();
        for c in &g.changes {
            s.1 += 1;
            let o = sources.place(&of, c.old_line, &c.old_quote);
            let n = sources.place(&nf, c.new_line, &c.new_quote);
            let hit = report.pairs.iter().any(|p| {
                p.changes.iter().any(|t| {
                    overlaps((t.old.span.start, t.old.span.end), o)
                        && overlaps((t.new.span.start, t.new.span.end), n)
                })
            });
            if hit {
                s.0 += 1;
            } else if std::env::var_os("REAL_DEBUG").is_some() && g.split == "dev" {
                let ours: Vec<String> = report
                    .pairs
                    .iter()
                    .flat_map(|p| p.changes.iter())
                    .filter(|t| overlaps((t.old.span.start, t.old.span.end), o))
                    .map(|t| t.new.text.clone())
                    .collect();
                let paired = report
                    .pairs
                    .iter()
                    .find(|p| p.old.span.start <= o.0 && o.0 < p.old.span.start + p.old.text.len())
                    .map(|p| p.new.span.line);
                println!(
                    "{} {}:{} -> {}:{} missed; ours {:?}, item paired with line {:?}",
                    g.old_file, c.old_line, c.old_quote, c.new_line, c.new_quote, ours, paired
                );
            }
        }
    }
    for (split, (hit, n)) in &scores {
        println!(
            "{split}: target changes found {hit}/{n} ({:.3})",
            *hit as f64 / (*n).max(1) as f64
        );
    }
    for (split, floor) in [("dev", 0.74), ("test", 0.81)] {
        let (hit, n) = scores[split];
        assert!(
            hit as f64 / n.max(1) as f64 >= floor,
            "{split}: changes found below {floor}"
        );
    }
}

#[test]
fn a_plan_pairs_with_the_five_year_review_that_ends_with_its_year() {
    // The report of 2011 reviews 2006–2010 (十一五) and gives no review of
    // 2010 alone: the plan of 2010 is checked against it.
    let res = Resources::load(None).unwrap();
    let (a, b) = (
        format!("{REAL}/gov/guowuyuan_2010.txt"),
        format!("{REAL}/gov/guowuyuan_2011.txt"),
    );
    let pairs = archive_of(&[&a, &b], &res).pairs();
    let got: Vec<(String, String)> = pairs
        .check
        .iter()
        .map(|p| {
            (
                p.plan.period.map(|x| x.iso()).unwrap_or_default(),
                p.summary.period.map(|x| x.iso()).unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        got.contains(&("2010".to_string(), "2006/2010".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_report_flattened_to_one_line_reads_as_the_same_parts() {
    // Pages and data sets flatten reports: paragraphs run together on one
    // line, parted only by runs of spaces. The clean stage cuts them back
    // into paragraphs, so the parts are the same, and their headings read
    // back from the flattened file's own bytes.
    let res = Resources::load(None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for name in ["guowuyuan_2019", "guowuyuan_2009", "sichuan_2026"] {
        let file = format!("gov/{name}.txt");
        let original = analyse(&file, &res);
        let text = std::fs::read_to_string(root().join(REAL).join(&file)).unwrap();
        let flat: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let path = tmp.path().join(format!("{name}.txt"));
        // Parted by two ideographic spaces, or by one.
        let sep = if name.ends_with('9') {
            "\u{3000}"
        } else {
            "\u{3000}\u{3000}"
        };
        let bytes = flat.join(sep);
        std::fs::write(&path, &bytes).unwrap();
        let fa = analyze_input(&InputSource::Path(path.clone()), &res, Stages::ALL).unwrap();
        let on_disk = std::fs::read(&path).unwrap();
        let shape = |fa: &FileAnalysis| -> Vec<(DocKind, Option<String>)> {
            fa.documents
                .iter()
                .flat_map(|d| {
                    d.doc
                        .parts
                        .iter()
                        .map(|p| (p.kind, p.period.map(|x| x.iso())))
                })
                .collect()
        };
        let want = shape(&original);
        assert!(want.len() >= 3, "{file}: {want:?}");
        assert_eq!(shape(&fa), want, "{file} flattened");
        for d in &fa.documents {
            for p in &d.doc.parts {
                let Some(title) = &p.title else { continue };
                let (s, e) = fa.clean.orig_span(p.start, p.start + title.len());
                let read = std::str::from_utf8(&on_disk[s..e]).unwrap();
                assert_eq!(
                    read.replace("\u{3000}", " "),
                    *title,
                    "{file}: heading read back"
                );
            }
        }
    }
}

#[test]
fn the_user_says_what_a_part_is_on_the_command_line_or_in_a_side_file() {
    let bin = env!("CARGO_BIN_EXE_gonghui");
    let files = [
        root().join(REAL).join("gov/guowuyuan_2006.txt"),
        root().join(REAL).join("gov/guowuyuan_2007.txt"),
    ];
    let pairs = |extra: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(["-q", "pairs", "--format", "json"])
            .args(&files)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["check"][0]["plan"]["part"].clone()
    };
    // Read as it is: the plan of 2006 is part 2 of the 2006 report.
    assert_eq!(pairs(&[]), serde_json::json!(2));
    // Said otherwise: its part 1 is the plan.
    let said = pairs(&["--part", "guowuyuan_2006.txt#0/1=plan:2006"]);
    assert_eq!(said, serde_json::json!(1));
    let tmp = tempfile::tempdir().unwrap();
    let side = tmp.path().join("parts.txt");
    std::fs::write(
        &side,
        "# the archive's corrections\nguowuyuan_2006.txt#0/1=plan:2006\n",
    )
    .unwrap();
    assert_eq!(pairs(&["--parts-file", side.to_str().unwrap()]), said);
    // A value that does not read is a usage error naming it.
    let out = std::process::Command::new(bin)
        .args(["-q", "pairs"])
        .args(&files)
        .args(["--part", "plan:20x6"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--part plan:20x6"));
}

#[test]
fn weak_pairings_are_marked_uncertain_and_decide_nothing() {
    // On the DEV pairs, most actuals paired on weak evidence are wrong: they
    // are shown as uncertain, and neither a missed nor an exceeded target
    // is taken from them.
    let res = Resources::load(None).unwrap();
    let (pf, sf) = (
        format!("{REAL}/gov/guowuyuan_2005.txt"),
        format!("{REAL}/gov/guowuyuan_2006.txt"),
    );
    let archive = archive_of(&[&pf, &sf], &res);
    let (plan, summary) = pick(&archive, &pf, &sf, TwoFiles::Check);
    let report = check(plan, summary, &res.matcher);
    let targets: Vec<_> = report.items.iter().flat_map(|i| &i.targets).collect();
    let uncertain = targets.iter().filter(|t| t.uncertain()).count();
    assert!(uncertain >= 3, "{uncertain} uncertain");
    for t in &targets {
        assert_eq!(t.score.is_some(), t.actual.is_some());
    }
    let mut only_uncertain = 0;
    for i in &report.items {
        if i.targets.iter().any(|t| t.uncertain())
            && i.targets
                .iter()
                .all(|t| t.actual.is_none() || t.uncertain())
        {
            only_uncertain += 1;
            assert!(
                !i.exceeded,
                "{}: exceeded on uncertain actuals",
                i.item.text
            );
            assert!(
                i.unmeasured,
                "{}: measured by uncertain actuals",
                i.item.text
            );
        }
    }
    assert!(
        only_uncertain >= 1,
        "no item rests on uncertain actuals alone"
    );
}
