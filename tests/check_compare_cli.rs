//! End-to-end tests of `gonghui check` and `gonghui compare`: the records
//! of each format, and every place they name read back from the original
//! file's bytes (UTF-8, GBK, CRLF, mixed documents).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const PLAN: &str = "corpus/county_2018_plan.txt";
const SUMMARY: &str = "corpus/county_2018_summary.gbk.txt";
const BAIXI_2020: &str = "corpus/series/baixi_2020_plan.txt";
const BAIXI_2021: &str = "corpus/series/baixi_2021_plan.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary's output, whatever its exit code.
fn gonghui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `gonghui --quiet ARGS`, which must succeed; its stdout as text.
fn run(args: &[&str]) -> String {
    let o = gonghui(&[&["--quiet"], args].concat());
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// `gonghui --quiet ARGS --format json`, parsed.
fn json(args: &[&str]) -> Value {
    let out = run(&[args, &["--format", "json"]].concat());
    serde_json::from_str(&out).expect("JSON output")
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("array: {v}"))
}

fn bytes(file: &str) -> Vec<u8> {
    std::fs::read(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A `[start, end]` span as a range; panics unless it is a non-empty range
/// inside the file.
fn range(place: &Value, len: usize) -> std::ops::Range<usize> {
    let s = arr(&place["span"]);
    let (a, b) = (
        s[0].as_u64().unwrap() as usize,
        s[1].as_u64().unwrap() as usize,
    );
    assert!(a < b && b <= len, "span {a}..{b} outside 0..{len}: {place}");
    a..b
}

/// Each character of GBK/GB18030 bytes: `Some(b)` for ASCII, `None` for a
/// multi-byte character. encoding_rs is not a dev-dependency; the shape is
/// enough to tell a span that is off by one or cuts a character.
fn gb_shape(b: &[u8]) -> Vec<Option<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            out.push(Some(b[i]));
            i += 1;
        } else {
            // Four bytes when the second is a digit (GB18030), else two.
            let four = b.get(i + 1).is_some_and(|c| c.is_ascii_digit());
            out.push(None);
            i += if four { 4 } else { 2 };
        }
    }
    assert_eq!(i, b.len(), "span cuts a character");
    out
}

/// Asserts that `place` (span, text, line) stands where it says in the
/// original bytes of `file`.
fn assert_place(file: &str, place: &Value) {
    let b = bytes(file);
    let r = range(place, b.len());
    let text = place["text"].as_str().unwrap();
    let line = 1 + b[..r.start].iter().filter(|&&c| c == b'\n').count();
    assert_eq!(place["line"].as_u64(), Some(line as u64), "{file}: {place}");
    if file.contains(".gbk.") {
        let shape: Vec<Option<u8>> = text
            .chars()
            .map(|c| c.is_ascii().then_some(c as u8))
            .collect();
        assert_eq!(gb_shape(&b[r]), shape, "{file}: {place}");
    } else {
        assert_eq!(
            std::str::from_utf8(&b[r]).ok(),
            Some(text),
            "{file}: {place}"
        );
    }
}

/// Every place a check record names, read back.
fn assert_check_places(rec: &Value) {
    let plan = rec["plan"]["file"].as_str().unwrap();
    let summary = rec["summary"]["file"].as_str().unwrap();
    for item in arr(&rec["items"]) {
        assert_place(plan, item);
        for e in arr(&item["evidence"]) {
            assert_eq!(e["file"], summary);
            assert_place(summary, e);
        }
        for t in arr(&item["targets"]) {
            assert_place(plan, t);
            if !t["actual"].is_null() {
                assert_place(summary, &t["actual"]);
            }
        }
    }
    for a in arr(&rec["also_reported"]) {
        assert_place(summary, a);
    }
}

fn counts(rec: &Value) -> [u64; 3] {
    let c = &rec["counts"];
    ["done", "partial", "not_reported"].map(|k| c[k].as_u64().unwrap())
}

#[test]
fn check_two_files_json_reads_back_every_place() {
    let recs = json(&["check", PLAN, SUMMARY]);
    let recs = arr(&recs);
    assert_eq!(recs.len(), 1, "one pair");
    let rec = &recs[0];
    assert_eq!(rec["plan"]["file"], PLAN);
    assert_eq!(rec["summary"]["file"], SUMMARY);
    assert_eq!(rec["plan"]["period"], "2018");
    let items = arr(&rec["items"]);
    assert!(!items.is_empty());
    assert_eq!(counts(rec).iter().sum::<u64>(), items.len() as u64);
    assert_check_places(rec);

    let status = |s: &str| items.iter().filter(|i| i["status"] == s).count();
    assert!(status("done") > 0 && status("not_reported") > 0, "{rec}");
    // A reported item has evidence; an unreported one none.
    for i in items {
        assert_eq!(
            i["status"] == "not_reported",
            arr(&i["evidence"]).is_empty(),
            "{i}"
        );
    }
    let met_with_number = items
        .iter()
        .flat_map(|i| arr(&i["targets"]))
        .any(|t| t["met"] == true && t["actual"]["value"].is_number());
    assert!(met_with_number, "a target met by a number");
}

#[test]
fn check_takes_the_two_files_in_either_order() {
    let ab = json(&["check", PLAN, SUMMARY]);
    let ba = json(&["check", SUMMARY, PLAN]);
    assert_eq!(arr(&ba).len(), 1);
    assert_eq!(ba[0]["plan"]["file"], PLAN, "the plan is found in either");
    assert_eq!(counts(&ba[0]), counts(&ab[0]));
}

#[test]
fn check_a_folder_checks_every_pair_a_mixed_summary_included() {
    let out = run(&["check", "corpus/", "--format", "jsonl"]);
    let recs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(recs.len() >= 3, "{} records", recs.len());
    for r in &recs {
        assert_check_places(r);
    }
    let mixed = recs
        .iter()
        .find(|r| r["summary"]["file"] == "corpus/pairs/tongjiang_eco_2021_2022_mixed.txt")
        .expect("the mixed document's summary part is checked");
    assert_eq!(
        mixed["plan"]["file"],
        "corpus/pairs/tongjiang_eco_2021_plan.txt"
    );
    // Part 0 is the 2021 review; part 1, the 2022 plan, pairs with nothing.
    assert_eq!(mixed["summary"]["part"], 0);
    assert_eq!(mixed["summary"]["period"], "2021");
    assert!(counts(mixed)[0] > 0, "{}", mixed["counts"]);
}

#[test]
fn check_csv_is_a_sheet_with_one_row_per_target() {
    let out = run(&["check", PLAN, SUMMARY, "--format", "csv"]);
    let body = out.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header = r.headers().unwrap().clone();
    assert!(header.iter().any(|h| h == "序号"), "{header:?}");
    let status = header.iter().position(|h| h == "状态").expect("状态");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();

    // An item without targets still has its row.
    let rec = &json(&["check", PLAN, SUMMARY])[0];
    let expected: usize = arr(&rec["items"])
        .iter()
        .map(|i| arr(&i["targets"]).len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().any(|row| &row[status] == "已完成"));
    assert!(rows.iter().any(|row| &row[status] == "未报告"));
}

#[test]
fn check_table_heads_each_pair_with_its_counts_and_lists_the_unpaired() {
    let rec = &json(&["check", PLAN, SUMMARY])[0];
    let [done, partial, not] = counts(rec);
    let table = run(&["check", PLAN, SUMMARY]);
    let head = format!(
        "check {PLAN}#0 → {SUMMARY}#0 (2018): done {done}, partial {partial}, not reported {not}"
    );
    assert!(table.lines().any(|l| l == head), "{head}\n{table}");

    let table = run(&["check", "corpus/"]);
    assert!(table.contains(&head), "{table}");
    let unpaired: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("unpaired "))
        .collect();
    assert!(
        unpaired
            .iter()
            .any(|l| l.starts_with("unpaired corpus/county_2019_plan.txt#0")
                && l.ends_with("no summary for 2019")),
        "{unpaired:#?}"
    );
    assert!(
        !unpaired.iter().any(|l| l.contains(PLAN)),
        "a paired plan is not unpaired"
    );
}

#[test]
fn check_two_plans_fails_naming_both_files() {
    let o = gonghui(&["check", PLAN, "corpus/county_2019_plan.txt"]);
    // Not a usage error (2): the flags are fine, the files hold no pair.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing printed");
    let err = stderr(&o);
    assert!(
        err.contains(PLAN) && err.contains("corpus/county_2019_plan.txt"),
        "{err}"
    );
}

#[test]
fn compare_two_plans_pairs_items_and_sees_raised_targets() {
    let recs = json(&["compare", BAIXI_2020, BAIXI_2021]);
    assert_eq!(arr(&recs).len(), 1);
    let rec = &recs[0];
    assert_eq!(rec["old"]["period"], "2020");
    assert_eq!(rec["new"]["period"], "2021");
    let pairs = arr(&rec["pairs"]);
    assert!(!pairs.is_empty());
    for p in pairs {
        assert_place(BAIXI_2020, &p["old"]);
        assert_place(BAIXI_2021, &p["new"]);
        for c in arr(&p["changes"]) {
            assert_place(BAIXI_2020, &c["old"]);
            assert_place(BAIXI_2021, &c["new"]);
        }
        // The diff rebuilds both texts.
        let side = |skip: &str| -> String {
            arr(&p["diff"])
                .iter()
                .filter(|d| d["op"] != skip)
                .map(|d| d["text"].as_str().unwrap())
                .collect()
        };
        assert_eq!(side("insert"), p["old"]["text"].as_str().unwrap());
        assert_eq!(side("delete"), p["new"]["text"].as_str().unwrap());
    }
    let raised = pairs
        .iter()
        .flat_map(|p| arr(&p["changes"]))
        .any(|c| c["direction"] == "raised" && c["delta"].as_f64().is_some_and(|d| d > 0.0));
    assert!(raised, "a raised target");
    for a in arr(&rec["added"]) {
        assert_place(BAIXI_2021, a);
    }
    for r in arr(&rec["removed"]) {
        assert_place(BAIXI_2020, r);
    }
}

#[test]
fn compare_into_a_mixed_document_takes_its_plan_part() {
    let new = "corpus/series/school_2019_2020_mixed.crlf.txt";
    let recs = json(&["compare", "corpus/series/school_2019_plan.txt", new]);
    let rec = &recs[0];
    assert!(!rec["new"]["part"].is_null(), "{}", rec["new"]);
    assert_eq!(rec["new"]["period"], "2020");
    let pairs = arr(&rec["pairs"]);
    assert!(!pairs.is_empty());
    // CRLF: the CR stays out of the text, the span still reads back.
    for p in pairs {
        assert_place(new, &p["new"]);
    }
}

#[test]
fn compare_threads_follow_items_through_three_plans() {
    let threads = json(&["compare", "corpus/series/", "--follow"]);
    // Two orgs have plans for 2020–2022 (柏溪县总工会, 栖溪市水务集团); each
    // thread stays within one org.
    let of_org = |org: &str| {
        arr(&threads)
            .iter()
            .filter(|t| t["org"] == org)
            .map(|t| arr(&t["steps"]).len())
            .max()
    };
    assert_eq!(of_org("栖溪市水务集团有限公司工会"), Some(3));
    let three = arr(&threads)
        .iter()
        .filter(|t| t["org"] == "柏溪县总工会")
        .filter(|t| {
            let periods: Vec<&str> = arr(&t["steps"])
                .iter()
                .map(|s| s["period"].as_str().unwrap_or("?"))
                .collect();
            periods == ["2020", "2021", "2022"]
        })
        .collect::<Vec<_>>();
    assert!(!three.is_empty(), "a thread through baixi 2020–2022");
    for t in &three {
        assert_eq!(t["org"], "柏溪县总工会");
        for s in arr(&t["steps"]) {
            assert_place(s["file"].as_str().unwrap(), s);
        }
    }
    let full_series = three.iter().any(|t| {
        arr(&t["targets"])
            .iter()
            .any(|s| arr(s).len() == 3 && arr(s).iter().all(|p| !p.is_null()))
    });
    assert!(full_series, "a target restated in all three plans");
    // Ages and anniversaries (35岁以上, 建党100周年) say who or what is meant:
    // no target followed.
    for t in arr(&threads) {
        for series in arr(&t["targets"]) {
            for p in arr(series).iter().filter(|p| !p.is_null()) {
                let text = p["text"].as_str().unwrap_or_default();
                assert!(
                    !["周年", "周岁", "岁"].iter().any(|u| text.contains(u)),
                    "{text} followed in {}",
                    t["org"]
                );
            }
        }
    }
}

#[test]
fn a_binary_file_in_the_folder_fails_but_the_check_is_still_printed() {
    let dir = tempfile::tempdir().unwrap();
    for f in [PLAN, SUMMARY] {
        let name = f.rsplit('/').next().unwrap();
        std::fs::write(dir.path().join(name), bytes(f)).unwrap();
    }
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, b"\x00\x01\x02\xff\xfe\x00garbage\x00\x00\x07\x08").unwrap();

    let o = gonghui(&["check", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(garbage.to_str().unwrap()),
        "{}",
        stderr(&o)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let recs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 1, "{out}");
    assert!(
        recs[0]["plan"]["file"]
            .as_str()
            .unwrap()
            .ends_with("county_2018_plan.txt")
    );
    assert!(!arr(&recs[0]["items"]).is_empty());
}
