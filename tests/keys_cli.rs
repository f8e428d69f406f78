//! End-to-end tests of document keys: repeats across files are counted
//! once and name their original; `gonghui pairs corpus/` pairs exactly the
//! documents that belong together and says why the others do not.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// Figures counted by `stats --format json`.
fn stats_count(paths: &[&str]) -> u64 {
    let mut args = vec!["--quiet", "stats", "--format", "json"];
    args.extend(paths);
    json(&run(&args))
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum()
}

#[test]
fn a_summary_copied_into_another_file_under_a_new_title_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("corpus/company_2018_summary.crlf.txt")).unwrap();
    let (_, body) = text.split_once('\n').unwrap();
    let a = dir.path().join("a_original.txt");
    let b = dir.path().join("b_repost.txt");
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, format!("2018年公司工会工作总结范文\n{body}")).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());

    let once = stats_count(&[a]);
    assert!(once > 20, "the summary has figures: {once}");
    assert_eq!(stats_count(&[a, b]), once, "the repost is not counted");
    let mut args = vec![
        "--quiet",
        "stats",
        "--format",
        "json",
        "--include-duplicates",
    ];
    args.extend([a, b]);
    let all: u64 = json(&run(&args))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(all, 2 * once, "--include-duplicates keeps it");

    for threads in ["1", "2"] {
        let out = dir.path().join(format!("out{threads}"));
        run(&[
            "--quiet",
            "--threads",
            threads,
            "analyze",
            a,
            b,
            "--out",
            out.to_str().unwrap(),
        ]);
        let docs: Vec<Value> = std::fs::read_to_string(out.join("documents.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0]["duplicate_of"], Value::Null);
        assert_eq!(
            docs[1]["duplicate_of"],
            serde_json::json!({"file": a, "doc": 0}),
            "threads {threads}"
        );
        assert_eq!(docs[1]["title"], "2018年公司工会工作总结范文");
        let summary: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        assert_eq!(summary["duplicates"], 1);
    }
}

#[test]
fn documents_name_their_org_and_period() {
    let o = run(&[
        "--quiet",
        "sections",
        "--format",
        "json",
        "corpus/school_2018_term1_plan.txt",
        "corpus/company_2018_plan.txt",
    ]);
    let docs = json(&o);
    let d = &docs[0];
    assert_eq!(d["org"], "城关小学工会");
    assert_eq!(d["org_key"], "城关小学工会");
    assert_eq!(d["org_level"], "unit");
    assert_eq!(d["org_kind"], "school");
    assert_eq!(d["org_source"], "title");
    assert_eq!(d["period"], "2018-T1");
    assert_eq!(docs[1]["org"], "华鑫电力有限公司工会");
    assert_eq!(docs[1]["org_key"], "华鑫电力公司工会");
    assert_eq!(docs[1]["org_kind"], "company");
    assert_eq!(docs[1]["period"], "2018");
}

fn unit(u: &Value) -> String {
    let f = u["file"].as_str().unwrap().trim_start_matches("corpus/");
    match u["part"].as_u64() {
        Some(p) => format!("{f}/{p}"),
        None => f.to_string(),
    }
}

#[test]
fn pairs_of_the_corpus() {
    let p = json(&run(&["--quiet", "pairs", "--format", "json", "corpus/"]));
    // The sample corpus proper (top-level files); the pairs and series
    // written for check and compare (corpus/pairs/, corpus/series/) are
    // asserted below on their own.
    let top = |u: &Value| {
        !u["file"]
            .as_str()
            .unwrap()
            .trim_start_matches("corpus/")
            .contains('/')
    };
    let new_pairs: Vec<String> = p["check"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !top(&c["plan"]))
        .map(|c| {
            format!(
                "{} {} {}",
                c["org_key"].as_str().unwrap(),
                unit(&c["plan"]),
                unit(&c["summary"])
            )
        })
        .collect();
    assert_eq!(
        new_pairs,
        [
            "南渠县实验中学工会 series/school_2019_plan.txt series/school_2019_2020_mixed.crlf.txt/0",
            "宏晟精密制造公司工会 pairs/b_company_2022_plan.txt pairs/b_company_2022_summary.crlf.txt",
            "岚溪县第三中学工会 pairs/b_school_2022_plan.txt pairs/b_school_2022_summary.txt",
            "松岭区总工会 pairs/songling_2021_plan.txt pairs/songling_2021_summary.txt",
            "桐江市生态环境局机关工会 pairs/tongjiang_eco_2021_plan.txt pairs/tongjiang_eco_2021_2022_mixed.txt/0",
            "梧川县市场监督管理局机关工会 pairs/b_agency_2023_plan.txt pairs/b_agency_2023_summary.txt",
        ]
    );
    let check: Vec<(String, String, String, String)> = p["check"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| top(&c["plan"]))
        .map(|c| {
            (
                c["org_key"].as_str().unwrap().to_string(),
                c["period"].as_str().unwrap().to_string(),
                unit(&c["plan"]),
                unit(&c["summary"]),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| (a.into(), b.into(), c.into(), d.into());
    assert_eq!(
        check,
        [
            s(
                "华鑫电力公司工会",
                "2018",
                "company_2018_plan.txt",
                "company_2018_summary.crlf.txt"
            ),
            s(
                "江州市财政局机关工会",
                "2017",
                "agency_2017_plan.txt",
                "agency_2017_summary.bom.txt"
            ),
            s(
                "清河县总工会",
                "2018",
                "county_2018_plan.txt",
                "county_2018_summary.gbk.txt"
            ),
        ]
    );
    let compare: Vec<(String, String, String)> = p["compare"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| top(&c["earlier"]))
        .map(|c| {
            (
                c["org_key"].as_str().unwrap().to_string(),
                unit(&c["earlier"]),
                unit(&c["later"]),
            )
        })
        .collect();
    assert_eq!(
        compare,
        [(
            "清河县总工会".to_string(),
            "county_2018_plan.txt".to_string(),
            "county_2019_plan.txt".to_string()
        )]
    );
    let unpaired: Vec<(String, String)> = p["unpaired"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| top(&u["unit"]))
        .map(|u| (unit(&u["unit"]), u["reason"].as_str().unwrap().to_string()))
        .collect();
    let u = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        unpaired,
        [
            u("agency_2019_plan_monthly.gbk.txt", "no_summary"),
            u("company_2019_h1_summary.txt", "no_plan"),
            u("county_2019_plan.txt", "no_summary"),
            u("edu_2019_summary.gbk.txt", "no_plan"),
            u("school_2017_2018_mixed.utf16.txt/0", "no_plan"),
            u("school_2017_2018_mixed.utf16.txt/1", "no_summary"),
            u("school_2018_term1_plan.txt", "no_summary"),
            u("scraped_agency_plans_3.txt", "org_unknown"),
            u("scraped_agency_plans_3.txt", "org_unknown"),
            u("scraped_agency_plans_3.txt", "org_unknown"),
            u("scraped_company_summaries_2.txt", "no_plan"),
            u("scraped_company_summaries_2.txt", "no_plan"),
            u("scraped_county_2017_summary.txt", "no_plan"),
            u("scraped_school_plans_2.gbk.txt", "org_unknown"),
            u("scraped_school_plans_2.gbk.txt", "org_unknown"),
        ]
    );
    // The table says the same in words.
    let t = String::from_utf8(run(&["--quiet", "pairs", "corpus/"]).stdout).unwrap();
    assert!(
        t.contains("no summary for 2018-T1") && t.contains("org unknown"),
        "{t}"
    );
}
