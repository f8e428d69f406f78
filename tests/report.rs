//! `gonghui report`: the page is parsed with an HTML parser and held
//! against what `check`, `compare` and `stats` give for the same inputs;
//! everything from the inputs is escaped; the page is self-contained; and a
//! real browser (headless Chromium) loads it, runs its filter script, and
//! takes a screenshot.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gonghui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("binary runs")
}

fn json(args: &[&str]) -> Value {
    let o = gonghui(&[&["--quiet"], args, &["--format", "json"]].concat());
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// The report of `paths`, written to `out`, parsed.
fn report(paths: &[&str], out: &Path) -> (Html, String) {
    let out_s = out.to_str().unwrap();
    let o = gonghui(&[&["--quiet", "report"], paths, &["--out", out_s]].concat());
    assert!(
        o.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(out).expect("page written");
    (Html::parse_document(&page), page)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(e: scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

#[test]
fn the_page_holds_every_check_item_status_and_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, _) = report(&["corpus"], &dir.path().join("r.html"));

    // Check: one section per pair, one row per plan item, in order, with
    // its status.
    let checks = json(&["check", "corpus"]);
    let checks = checks.as_array().unwrap();
    assert!(checks.len() >= 3, "corpus pairs: {}", checks.len());
    let sections: Vec<_> = doc.select(&sel("section.check")).collect();
    assert_eq!(sections.len(), checks.len());
    let item_text = sel("div.item-text");
    for (sec, c) in sections.iter().zip(checks) {
        let rows: Vec<_> = sec.select(&sel("tr.item")).collect();
        let items = c["items"].as_array().unwrap();
        assert_eq!(rows.len(), items.len(), "{}", c["plan"]["file"]);
        for (row, item) in rows.iter().zip(items) {
            assert_eq!(row.value().attr("data-status"), item["status"].as_str());
            let shown = text_of(row.select(&item_text).next().unwrap());
            assert_eq!(shown, item["text"].as_str().unwrap());
        }
        let counts = text_of(sec.select(&sel("p.counts")).next().unwrap());
        let done = c["counts"]["done"].as_u64().unwrap();
        assert!(counts.contains(&format!("已完成 {done}")), "{counts}");
    }

    // Compare: each consecutive pair of plans, its pairs, added and removed.
    let compares = json(&["compare", "corpus"]);
    let compares = compares.as_array().unwrap();
    assert!(!compares.is_empty());
    let sections: Vec<_> = doc.select(&sel("section.compare")).collect();
    assert_eq!(sections.len(), compares.len());
    for (sec, c) in sections.iter().zip(compares) {
        let n = |s: &str| sec.select(&sel(s)).count();
        assert_eq!(n("tr.pair-row"), c["pairs"].as_array().unwrap().len());
        assert_eq!(n("tr.added-row"), c["added"].as_array().unwrap().len());
        assert_eq!(n("tr.removed-row"), c["removed"].as_array().unwrap().len());
        let raised = c["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["changes"].as_array().unwrap())
            .filter(|ch| ch["direction"] == "raised")
            .count();
        assert_eq!(n("div.raised"), raised);
    }
    // A reworded pair shows its text change.
    assert!(doc.select(&sel("section.compare ins")).next().is_some());

    // Overview: every document of every file, as analyze lists them.
    let shown: Vec<String> = doc
        .select(&sel("table#documents tbody tr td:nth-child(3)"))
        .map(text_of)
        .collect();
    let tables = dir.path().join("tables");
    let o = gonghui(&[
        "--quiet",
        "analyze",
        "corpus",
        "--out",
        tables.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let titles: Vec<String> = std::fs::read_to_string(tables.join("documents.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(shown, titles);
}

#[test]
fn the_aid_chart_is_what_stats_gives() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, _) = report(&["corpus/stats"], &dir.path().join("r.html"));
    let stats = json(&[
        "stats",
        "corpus/stats",
        "--by",
        "year",
        "--kind",
        "amount",
        "--topic",
        "aid",
        "--action",
        "pay",
        "--doc-kind",
        "summary",
        "--role",
        "actual",
    ]);
    let mut want: std::collections::BTreeMap<String, f64> = Default::default();
    for r in stats.as_array().unwrap() {
        if r["basis"] == "total" && r["unit"] == "元" {
            *want
                .entry(r["group"]["year"].as_str().unwrap_or("").to_string())
                .or_default() += r["sum"].as_f64().unwrap();
        }
    }
    assert!(!want.is_empty(), "stats found aid paid: {stats}");
    let rows: Vec<(String, f64)> = doc
        .select(&sel("#chart-aid_paid table tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr.select(&sel("td")).map(text_of).collect();
            (cells[0].clone(), cells[1].replace(',', "").parse().unwrap())
        })
        .collect();
    let got: std::collections::BTreeMap<String, f64> = rows.into_iter().collect();
    assert_eq!(got, want);
    // One bar per year, drawn.
    let bars = doc.select(&sel("#chart-aid_paid svg rect.bar")).count();
    assert_eq!(bars, want.len());
    assert!(
        doc.select(&sel("#chart-topics svg rect.bar"))
            .next()
            .is_some()
    );
}

#[test]
fn inputs_are_escaped_and_nothing_is_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in ["county_2018_plan.txt", "county_2018_summary.gbk.txt"] {
        std::fs::copy(root().join("corpus").join(f), input.join(f)).unwrap();
    }
    // A planted script in a title, a plan item and a summary sentence.
    std::fs::write(
        input.join("planted.txt"),
        "<script>alert(0)</script>青溪县总工会2021年工作计划\n一、困难帮扶\n1.开展<script>alert(1)</script>送温暖活动，慰问困难职工不少于100户。\n",
    )
    .unwrap();
    std::fs::write(
        input.join("planted_summary.txt"),
        "青溪县总工会2021年工作总结\n一、困难帮扶\n开展<img src=x onerror=alert(2)>送温暖活动，慰问困难职工120户。\n",
    )
    .unwrap();
    let (doc, page) = report(&[input.to_str().unwrap()], &dir.path().join("r.html"));
    // The page's own filter script is its only script, and no input made
    // an element.
    let scripts: Vec<String> = doc.select(&sel("script")).map(text_of).collect();
    assert_eq!(scripts.len(), 1);
    assert!(!scripts[0].contains("alert"));
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    let body = text_of(doc.select(&sel("body")).next().unwrap());
    for planted in [
        "<script>alert(0)</script>青溪县总工会2021年工作计划",
        "开展<script>alert(1)</script>送温暖活动",
        "<img src=x onerror=alert(2)>",
    ] {
        assert!(body.contains(planted), "{planted} shown as text");
    }
    // Self-contained: nothing linked or loaded from anywhere.
    for s in ["link", "img", "iframe", "object", "embed", "script[src]"] {
        assert_eq!(doc.select(&sel(s)).count(), 0, "{s}");
    }
    let external = page
        .match_indices("http")
        .filter(|(i, _)| !page[*i..].starts_with("http://www.w3.org/2000/svg"))
        .count();
    assert_eq!(external, 0, "no address outside the SVG namespace");
}

#[test]
fn unreadable_inputs_are_listed_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("corpus/county_2018_plan.txt"),
        input.join("plan.txt"),
    )
    .unwrap();
    std::fs::write(
        input.join("broken.txt"),
        [0u8, 1, 2, 3, 0, 0, 7, 8, 0, 0xff],
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let o = gonghui(&[
        "--quiet",
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "a failed input is exit 1");
    let doc = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let rows: Vec<String> = doc.select(&sel("table#failures tr")).map(text_of).collect();
    assert!(rows.iter().any(|r| r.contains("broken.txt")), "{rows:?}");
    assert!(doc.select(&sel("table#documents tbody tr")).count() >= 1);
}

/// Chromium, when this machine has it. Under `CI` it must (`.ci/run`
/// installs it).
fn chromium() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::var("PATH").unwrap_or_default().split(':') {
            let p = Path::new(dir).join(c);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn headless(browser: &Path, profile: &Path, args: &[&str]) -> Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn a_real_browser_builds_the_page_and_runs_its_filters() {
    let Some(browser) = chromium() else {
        // Under CI the browser must be there, unless `.ci/run` says it could
        // not be installed.
        let why = std::env::var("GONGHUI_NO_BROWSER").ok();
        assert!(
            std::env::var_os("CI").is_none() || why.is_some(),
            "CI must have chromium (.ci/run installs it)"
        );
        println!(
            "skipped: no chromium on this machine ({})",
            why.as_deref().unwrap_or("apt-get install chromium")
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    report(&["corpus"], &page);
    let url = format!("file://{}", page.display());
    let profile = dir.path().join("profile");
    let o = headless(&browser, &profile, &["--dump-dom", &url]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dom = Html::parse_document(&String::from_utf8_lossy(&o.stdout));
    let items = dom.select(&sel("tr.item")).count();
    assert!(items > 50, "items in the DOM: {items}");
    assert!(dom.select(&sel("#chart-aid_paid svg rect.bar")).count() >= 2);
    assert!(dom.select(&sel("section.compare")).count() >= 1);
    // The filter script ran: it wrote the shown/total count.
    let count = text_of(dom.select(&sel("#filter-count")).next().unwrap());
    assert_eq!(count, format!("{items} / {items}"));

    let shot = dir.path().join("shot.png");
    let o = headless(
        &browser,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
            &url,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
