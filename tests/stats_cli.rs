//! Statistics a person can hand on: `stats` and the figure tables as a
//! union office and a researcher use them, end to end through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that the run failed with `code` and said `needle` on stderr.
fn fails_saying(o: &Output, code: i32, needle: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(needle), "{}", stderr(o));
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON out")
}

/// The county union's 2019 summary of `corpus/stats` (invented): it raised
/// 163.5万 and paid out 46.8万 + 23万.
const COUNTY_2019: &str = "corpus/stats/s1_county_2019_summary.txt";

fn sums(rows: &serde_json::Value) -> Vec<(String, String, f64)> {
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["sum"].is_number())
        .map(|r| {
            (
                r["family"].as_str().unwrap().to_string(),
                r["basis"].as_str().unwrap().to_string(),
                r["sum"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn aid_paid_per_year_is_the_money_paid_out_only() {
    // The README's recipe.
    let rows = json(&run(&[
        "stats",
        COUNTY_2019,
        "--by",
        "year",
        "--kind",
        "amount",
        "--topic",
        "aid",
        "--action",
        "pay",
        "--format",
        "json",
    ]));
    let totals: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] == "total")
        .collect();
    assert_eq!(totals.len(), 1, "{rows:#}");
    assert_eq!(totals[0]["group"]["year"], "2019");
    assert_eq!(totals[0]["sum"].as_f64(), Some(698_000.0));
    // Without --action, raised and paid stay apart: never 2,333,000.
    let rows = json(&run(&[
        "stats",
        COUNTY_2019,
        "--by",
        "year",
        "--kind",
        "amount",
        "--topic",
        "困难帮扶",
        "--format",
        "json",
    ]));
    let s = sums(&rows);
    assert!(
        s.contains(&("raise".into(), "total".into(), 1_635_000.0)),
        "{s:?}"
    );
    assert!(
        s.contains(&("pay".into(), "total".into(), 698_000.0)),
        "{s:?}"
    );
    assert!(s.iter().all(|(_, _, v)| *v != 2_333_000.0), "{s:?}");
}

#[test]
fn the_same_summary_in_two_files_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join(COUNTY_2019)).unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b_copy.txt"), &text).unwrap();
    let d = dir.path().to_str().unwrap();
    let paid = |extra: &[&str]| {
        let mut args = vec![
            "stats", d, "--kind", "amount", "--topic", "aid", "--action", "pay", "--format", "json",
        ];
        args.extend(extra);
        sums(&json(&run(&args)))
            .into_iter()
            .filter(|(_, b, _)| b == "total")
            .map(|(_, _, v)| v)
            .sum::<f64>()
    };
    assert_eq!(paid(&[]), 698_000.0);
    assert_eq!(paid(&["--include-duplicates"]), 1_396_000.0);
}

#[test]
fn counts_of_unlike_things_are_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("sports.txt");
    std::fs::write(
        &f,
        "青石县总工会2019年工作总结\n举办全县职工运动会，设比赛项目9个，共有42个参赛单位参加。\n",
    )
    .unwrap();
    let rows = json(&run(&[
        "stats",
        f.to_str().unwrap(),
        "--kind",
        "count",
        "--format",
        "json",
    ]));
    let got: Vec<(String, f64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["counted"].as_str().unwrap().to_string(),
                r["sum"].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(got.contains(&("项目".into(), 9.0)), "{got:?}");
    assert!(got.contains(&("单位".into(), 42.0)), "{got:?}");
    assert!(got.iter().all(|(_, v)| *v != 51.0), "{got:?}");
}

/// Rows of a CSV file as header → field maps, read with the csv crate.
fn csv_rows(bytes: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

#[test]
fn figures_csv_has_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "-q",
        "analyze",
        "corpus/stats",
        "corpus/county_2018_plan.txt",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = csv_rows(&std::fs::read(out.join("figures.csv")).unwrap());
    assert!(rows.len() > 300);
    let (mut numbers, mut dates) = (0, 0);
    for r in &rows {
        let kind = r["kind"].as_str();
        for col in ["approx", "per_unit", "part"] {
            assert!(["true", "false"].contains(&r[col].as_str()), "{col}: {r:?}");
        }
        assert!(
            ["body", "title", "header"].contains(&r["place"].as_str()),
            "{r:?}"
        );
        if kind == "date" {
            assert!(r["value"].is_empty(), "{r:?}");
            assert!(!r["date"].is_empty(), "{r:?}");
            if !r["date"].starts_with("XXXX") {
                assert!(
                    is_iso_day(&r["date_start"]) && is_iso_day(&r["date_end"]),
                    "{r:?}"
                );
                assert!(r["date_start"] <= r["date_end"], "{r:?}");
                dates += 1;
            }
        } else {
            r["value"]
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("value of {r:?}"));
            assert!(r["date_start"].is_empty(), "{r:?}");
            numbers += 1;
        }
    }
    assert!(numbers > 300 && dates > 20, "{numbers} {dates}");
    // The same columns from `figures --format csv`.
    let o = run(&["figures", COUNTY_2019, "--format", "csv"]);
    let rows = csv_rows(&o.stdout);
    let amount = rows.iter().find(|r| r["text"] == "163.5万元").unwrap();
    // Always a decimal, so DuckDB and pandas type the column DOUBLE.
    assert_eq!(amount["value"], "1635000.0");
    assert_eq!(amount["unit"], "元");
    assert_eq!(amount["family"], "raise");
    let title = rows.iter().find(|r| r["line"] == "1").unwrap();
    assert_eq!(
        (title["kind"].as_str(), title["place"].as_str()),
        ("date", "title")
    );
    assert_eq!(
        (title["date_start"].as_str(), title["date_end"].as_str()),
        ("2019-01-01", "2019-12-31")
    );
}

#[test]
fn percentage_points_are_printed_as_points() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pp.txt");
    std::fs::write(
        &f,
        "某县总工会2019年工作总结\n全县建会率达到92%，比上年提高5个百分点。\n",
    )
    .unwrap();
    let table = stdout(&run(&["figures", f.to_str().unwrap()]));
    assert!(table.contains("5 个百分点"), "{table}");
    assert!(!table.contains(" 5%"), "{table}");
    let rows = json(&run(&[
        "stats",
        f.to_str().unwrap(),
        "--kind",
        "percent",
        "--format",
        "json",
    ]));
    let units: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap())
        .collect();
    assert!(
        units.contains(&"%") && units.contains(&"个百分点"),
        "{units:?}"
    );
}

#[test]
fn title_and_header_figures_stay_out_of_stats() {
    let count_dates = |extra: &[&str]| -> u64 {
        let mut args = vec!["stats", COUNTY_2019, "--kind", "date", "--format", "json"];
        args.extend(extra);
        json(&run(&args))
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["count"].as_u64().unwrap())
            .sum()
    };
    let body = count_dates(&[]);
    let all = count_dates(&["--include-headers"]);
    assert!(all >= body + 2, "{body} {all}");
    let topics = json(&run(&["topics", COUNTY_2019, "--format", "json"]));
    let general = topics[0]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["topic"] == "general");
    assert!(general.is_none_or(|i| i > 1), "{topics:#}");
}

#[test]
fn quotes_and_headings_are_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("w.txt");
    std::fs::write(
        &f,
        "某县总工会2019年工作总结\n（一）困难帮扶\n全年发放慰问金８５万元，惠及困难职工２３０户。\n",
    )
    .unwrap();
    let figs = json(&run(&["figures", f.to_str().unwrap(), "--format", "json"]));
    let money = figs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "amount")
        .unwrap();
    assert_eq!(money["text"], "８５万元");
    assert_eq!(
        money["sentence"],
        "全年发放慰问金８５万元，惠及困难职工２３０户。"
    );
    assert_eq!(money["section"][0], "（一）困难帮扶");
    let secs = json(&run(&["sections", f.to_str().unwrap(), "--format", "json"]));
    let s = &secs[0]["sections"][0];
    assert_eq!(
        (s["marker"].as_str(), s["heading"].as_str()),
        (Some("（一）"), Some("困难帮扶"))
    );
}

#[test]
fn a_custom_topic_works_in_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let dicts = dir.path().join("dicts");
    std::fs::create_dir_all(dicts.join("topics")).unwrap();
    std::fs::write(
        dicts.join("topics/mental_health.txt"),
        "# topic mental_health\n#label 心理健康\n心理健康 3\n心理咨询 3\n心理讲座 3\n",
    )
    .unwrap();
    let f = dir.path().join("m.txt");
    std::fs::write(
        &f,
        "某县总工会2021年工作总结\n全年举办职工心理健康讲座12场，开展心理咨询服务300人次。\n",
    )
    .unwrap();
    let (d, f) = (dicts.to_str().unwrap(), f.to_str().unwrap());
    for t in ["mental_health", "心理健康"] {
        let o = run(&[
            "--dict-dir",
            d,
            "figures",
            f,
            "--topic",
            t,
            "--format",
            "json",
        ]);
        assert!(!stderr(&o).contains("ignored"), "{}", stderr(&o));
        let figs = json(&o);
        assert_eq!(figs.as_array().unwrap().len(), 2, "{t}: {figs:#}");
    }
    let topics = stdout(&run(&["--dict-dir", d, "topics", f]));
    assert!(topics.contains("mental_health 心理健康"), "{topics}");
    let stats = json(&run(&[
        "--dict-dir",
        d,
        "stats",
        f,
        "--by",
        "topic",
        "--format",
        "json",
    ]));
    assert!(
        stats
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["group"]["topic"] == "mental_health"),
        "{stats:#}"
    );
    // Without the dictionary the topic is unknown, and said so.
    let o = run(&["figures", f, "--topic", "mental_health"]);
    fails_saying(&o, 2, "unknown topic 'mental_health'");
    // The topics it may name are listed with their Chinese labels.
    fails_saying(&o, 2, "aid 困难帮扶");
}

#[test]
fn quiet_keeps_failures_and_their_count() {
    let o = run(&["-q", "figures", COUNTY_2019, "/no/such/file.txt"]);
    fails_saying(&o, 1, "/no/such/file.txt");
    fails_saying(&o, 1, "1 input(s) failed");
}

#[test]
fn a_folder_without_readable_files_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // (.pdf is read since the reader layer; a spreadsheet is not.)
    std::fs::write(dir.path().join("notes.xlsx"), b"PK\x03\x04").unwrap();
    let o = run(&["stats", dir.path().to_str().unwrap()]);
    fails_saying(&o, 1, "no .txt/");
    fails_saying(&o, 1, "files found under it");
}

#[test]
fn an_output_that_cannot_be_written_is_named() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full here");
        return;
    }
    let o = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(["figures", COUNTY_2019])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    fails_saying(&o, 1, "cannot write standard output");
}

#[test]
fn the_where_column_keeps_the_file_name_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("a_very_long_folder_name_of_an_archive/another_long_folder_of_the_year_2019");
    std::fs::create_dir_all(&deep).unwrap();
    let f = deep.join("county_summary.txt");
    std::fs::copy(root().join(COUNTY_2019), &f).unwrap();
    let table = stdout(&run(&["figures", f.to_str().unwrap(), "--kind", "amount"]));
    let first = table.lines().nth(2).unwrap();
    let cell = first.split("  ").next().unwrap();
    assert!(
        cell.contains('…') && cell.contains("county_summary.txt:"),
        "{first}"
    );
}

#[test]
fn one_word_for_one_thing() {
    // --doc-kind filters by the document's kind; --kind is the figure's.
    let rows = json(&run(&[
        "stats",
        "corpus/county_2018_plan.txt",
        COUNTY_2019,
        "--doc-kind",
        "plan",
        "--by",
        "doc_kind",
        "--format",
        "json",
    ]));
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["group"]["doc_kind"] == "plan"),
        "{rows:#}"
    );
    let o = run(&["stats", COUNTY_2019, "--by", "kind"]);
    fails_saying(&o, 2, "doc_kind");
    // Topic shares are `share` in every table.
    let secs = json(&run(&["sections", COUNTY_2019, "--format", "json"]));
    assert!(secs[0]["topics"][0]["share"].is_number(), "{secs:#}");
    assert!(secs[0]["figure_count"].as_u64().unwrap() > 20);
    let topics = json(&run(&["topics", COUNTY_2019, "--format", "json"]));
    assert!(topics[0]["topics"][0]["share"].is_number());
    // Items take --item-kind.
    let o = run(&[
        "items",
        COUNTY_2019,
        "--item-kind",
        "result",
        "--format",
        "json",
    ]);
    assert!(
        json(&o)
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "result")
    );
}

#[test]
fn bench_corpus_never_mixes_into_a_foreign_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "my own notes").unwrap();
    let o = run(&[
        "bench-corpus",
        "corpus",
        "--size",
        "20KB",
        "--out",
        out.to_str().unwrap(),
    ]);
    fails_saying(&o, 1, "is not empty");
    assert!(out.join("mine.txt").exists());
    std::fs::remove_file(out.join("mine.txt")).unwrap();
    let o = run(&[
        "bench-corpus",
        "corpus",
        "--size",
        "3MB",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let many = std::fs::read_dir(&out).unwrap().count();
    let o = run(&[
        "bench-corpus",
        "corpus",
        "--size",
        "20KB",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let few = std::fs::read_dir(&out).unwrap().count();
    assert!(many > 1 && few == 1, "{many} {few}");
}

#[test]
fn a_missing_path_prints_no_empty_table() {
    for cmd in ["figures", "items", "stats", "pairs", "sections", "topics"] {
        let o = run(&[cmd, "/no/such/file.txt"]);
        fails_saying(&o, 1, "/no/such/file.txt");
        fails_saying(&o, 1, "nothing to show");
        assert!(o.stdout.is_empty(), "{cmd}: {}", stdout(&o));
    }
}
