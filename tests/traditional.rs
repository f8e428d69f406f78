//! Traditional script (issue 16): every corpus file and every seed report,
//! converted in the test to traditional (s2tw and s2hk as UTF-8, s2tw in
//! Big5, and s2twp: Taiwan vocabulary, 專案, 透過, 網際網路), reads as its
//! simplified original: the same documents and section
//! headings, the same figures and topics.
//!
//! Agreement of two lists is |A ∩ B| / max(|A|, |B|) over multisets (1 when
//! both are empty), with
//! - figures: (document, kind, value, unit) of every figure;
//! - topics: (document, topic) of every document's topics, and (document,
//!   kind, value, topic) of every figure's topics.
//!
//! Quotes are read from the traditional bytes: a figure's quote is
//! traditional as written and is the copy's text at the figure's place.

#[path = "common/shared.rs"]
mod shared;
#[path = "common/traditional.rs"]
mod traditional;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gonghui::pipeline::{FileAnalysis, Resources, Stages, analyze_source};
use gonghui::read::{Encoding, decode};

use traditional::{VARIANTS, Variant, bytes_of, is_traditional_as_written, to_traditional};

const FLOOR: f64 = 0.95;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn figure_keys(fa: &FileAnalysis) -> Vec<String> {
    let mut v = Vec::new();
    for (d, doc) in fa.documents.iter().enumerate() {
        for pf in &doc.figures {
            let f = &pf.figure;
            v.push(format!("{d} {:?} {:?} {:?}", f.kind, f.value, f.unit));
        }
    }
    v
}

fn topic_keys(fa: &FileAnalysis) -> Vec<String> {
    let mut v = Vec::new();
    for (d, doc) in fa.documents.iter().enumerate() {
        for t in &doc.topics {
            v.push(format!("{d} doc {}", t.topic));
        }
        for pf in &doc.figures {
            for t in &pf.topics {
                let f = &pf.figure;
                v.push(format!("{d} {:?} {:?} {}", f.kind, f.value, t.topic));
            }
        }
    }
    v
}

/// |A ∩ B| / max(|A|, |B|) over multisets.
fn agreement(a: &[String], b: &[String]) -> (usize, usize, f64) {
    let mut count: HashMap<&str, i64> = HashMap::new();
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    let mut common = 0;
    for x in b {
        if let Some(n) = count.get_mut(x.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let m = a.len().max(b.len());
    (
        common,
        m,
        if m == 0 {
            1.0
        } else {
            common as f64 / m as f64
        },
    )
}

fn sections(fa: &FileAnalysis) -> usize {
    fa.documents.iter().map(|d| d.sections.sections.len()).sum()
}

#[derive(Default)]
struct Totals {
    fig: (usize, usize),
    top: (usize, usize),
}

/// Every file against its traditional copies; per-file lines and the
/// totals. Fails when a file's documents or sections differ or its
/// agreement is below the floor.
fn run(files: &[PathBuf]) -> Totals {
    let res = Resources::load(None).unwrap();
    let mut tot = Totals::default();
    let mut failures = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        let src = decode(&name, bytes).unwrap();
        let orig_text = src.text.clone();
        let orig = analyze_source(src, &res, Stages::ALL);
        let (of, ot) = (figure_keys(&orig), topic_keys(&orig));
        for v in VARIANTS.into_iter().chain([Variant::TaiwanPhrases]) {
            let trad = to_traditional(&orig_text, v);
            let sf = decode(&name, bytes_of(&trad, v)).unwrap();
            if v == Variant::TaiwanBig5 {
                assert_eq!(sf.encoding, Encoding::Big5, "{name}: Big5 not detected");
            }
            assert_eq!(sf.text, trad, "{name} {}: decoded text", v.name());
            let fa = analyze_source(sf, &res, Stages::ALL);
            let (fc, fm, fr) = agreement(&of, &figure_keys(&fa));
            if std::env::var_os("TRAD_DEBUG").is_some() && fr < 1.0 {
                let ck = figure_keys(&fa);
                for k in of.iter().filter(|k| !ck.contains(k)) {
                    println!("  lost {k}");
                }
                for k in ck.iter().filter(|k| !of.contains(k)) {
                    println!("  new {k}");
                }
            }
            let (tc, tm, tr) = agreement(&ot, &topic_keys(&fa));
            tot.fig.0 += fc;
            tot.fig.1 += fm;
            tot.top.0 += tc;
            tot.top.1 += tm;
            let file = path.file_name().unwrap().to_string_lossy();
            println!(
                "{file} {}: documents {} / {}, sections {} / {}, figures {fc}/{fm} = {fr:.3}, topics {tc}/{tm} = {tr:.3}",
                v.name(),
                orig.documents.len(),
                fa.documents.len(),
                sections(&orig),
                sections(&fa),
            );
            if orig.documents.len() != fa.documents.len() || sections(&orig) != sections(&fa) {
                failures.push(format!("{file} {}: documents or sections differ", v.name()));
            }
            if fr < FLOOR || tr < FLOOR {
                failures.push(format!(
                    "{file} {}: figures {fr:.3}, topics {tr:.3}",
                    v.name()
                ));
            }
            // Quotes: traditional as written, the copy's text at the place.
            for doc in &fa.documents {
                for pf in &doc.figures {
                    let f = &pf.figure;
                    let quote = fa.original(f.start, f.end);
                    let (s, e) = fa.clean.orig_span(f.start, f.end);
                    assert_eq!(
                        quote,
                        fa.source.encoding.decode_span(&fa.source.bytes[s..e])
                    );
                    assert!(
                        trad.contains(&quote),
                        "{file}: quote {quote:?} not in the copy"
                    );
                    assert!(
                        is_traditional_as_written(&quote),
                        "{file} {}: quote {quote:?} is not traditional",
                        v.name()
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    tot
}

fn ratio(x: (usize, usize)) -> f64 {
    if x.1 == 0 {
        1.0
    } else {
        x.0 as f64 / x.1 as f64
    }
}

#[test]
fn corpus_in_traditional_reads_as_the_original() {
    let files = files_under(&root().join("corpus"));
    assert!(files.len() >= 40, "{} corpus files", files.len());
    let t = run(&files);
    println!(
        "corpus: figures {:.3}, topics {:.3}",
        ratio(t.fig),
        ratio(t.top)
    );
}

#[test]
fn seeds_in_traditional_read_as_the_originals() {
    if !shared::present("seeds") {
        return;
    }
    let files = files_under(&root().join("../shared/seeds"));
    assert!(!files.is_empty());
    let t = run(&files);
    println!(
        "seeds: figures {:.3}, topics {:.3}",
        ratio(t.fig),
        ratio(t.top)
    );
}

/// Stats never add Hong Kong dollars (or patacas, or NT$) to yuan.
#[test]
fn regional_currencies_carry_their_unit_and_are_never_summed_with_yuan() {
    let text = "香港工會聯合會2019年工作總結\n\
                一、困難職工幫扶\n\
                全年發放慰問金港幣120萬元，發放生活津貼85萬港元，內地項目撥款300萬元人民幣。\n\
                資助澳門會員500澳門元，台灣交流活動經費新臺幣2萬元，另購置物資HK$3000。\n";
    let res = Resources::load(None).unwrap();
    let sf = decode("hk.txt", text.as_bytes().to_vec()).unwrap();
    let fa = analyze_source(sf, &res, Stages::ALL);
    let amounts: Vec<(String, f64, String)> = fa
        .documents
        .iter()
        .flat_map(|d| &d.figures)
        .filter(|pf| pf.figure.kind == gonghui::figure::FigureKind::Amount)
        .map(|pf| {
            let f = &pf.figure;
            let v = match f.value {
                gonghui::figure::FigureValue::Number(n) => n,
                _ => f64::NAN,
            };
            (
                fa.original(f.start, f.end),
                v,
                f.unit.clone().unwrap_or_default(),
            )
        })
        .collect();
    println!("{amounts:?}");
    let unit_of = |q: &str| {
        amounts
            .iter()
            .find(|a| a.0 == q)
            .unwrap_or_else(|| panic!("no amount {q}: {amounts:?}"))
            .clone()
    };
    assert_eq!(unit_of("120萬元"), ("120萬元".into(), 1.2e6, "港元".into()));
    assert_eq!(
        unit_of("85萬港元"),
        ("85萬港元".into(), 8.5e5, "港元".into())
    );
    assert_eq!(unit_of("300萬元人民幣").2, "元");
    assert_eq!(unit_of("500澳門元").2, "澳门元");
    assert_eq!(unit_of("2萬元"), ("2萬元".into(), 2e4, "新台币".into()));
    assert_eq!(unit_of("3000"), ("3000".into(), 3000.0, "港元".into()));

    // Through the binary: stats rows apart, sums not mixed.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hk.txt");
    std::fs::write(&p, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["stats", "-q", "--format", "csv"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    println!("{csv}");
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let header = rd.headers().unwrap().clone();
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h == n)
            .unwrap_or_else(|| panic!("{n}: {header:?}"))
    };
    let (unit, sum, kind) = (col("unit"), col("sum"), col("kind"));
    let mut sums: HashMap<String, f64> = HashMap::new();
    for r in rd.records() {
        let r = r.unwrap();
        if &r[kind] == "amount" {
            let s: f64 = r[sum].parse().unwrap_or(0.0);
            *sums.entry(r[unit].to_string()).or_default() += s;
        }
    }
    assert_eq!(
        sums.get("港元"),
        Some(&(1.2e6 + 8.5e5 + 3000.0)),
        "{sums:?}"
    );
    assert_eq!(sums.get("元"), Some(&3e6), "{sums:?}");
    assert_eq!(sums.get("澳门元"), Some(&500.0), "{sums:?}");
    assert_eq!(sums.get("新台币"), Some(&2e4), "{sums:?}");
}

/// 七屆三次全委會議 is a session number, not "3 次" (as 七届三次全委会议);
/// traditional aid amounts have the aid topic.
#[test]
fn session_numbers_and_aid_in_traditional() {
    let res = Resources::load(None).unwrap();
    for text in [
        "縣總工會2018年工作總結\n召開七屆三次全委會議，審議通過工作報告。\n",
        "县总工会2018年工作总结\n召开七届三次全委会议，审议通过工作报告。\n",
    ] {
        let fa = analyze_source(
            decode("t", text.as_bytes().to_vec()).unwrap(),
            &res,
            Stages::ALL,
        );
        let counts: Vec<String> = fa
            .documents
            .iter()
            .flat_map(|d| &d.figures)
            .filter(|pf| pf.figure.kind == gonghui::figure::FigureKind::Count)
            .map(|pf| fa.original(pf.figure.start, pf.figure.end))
            .collect();
        assert!(counts.is_empty(), "{text}: {counts:?}");
    }
    let text = "省總工會2018年工作總結\n一、精准幫扶困難職工\n全年籌集幫扶資金4033.04萬元，走訪慰問困難職工家庭，發放慰問金1250.5萬元，資助困難職工子女助學金386萬元。\n";
    let fa = analyze_source(
        decode("t", text.as_bytes().to_vec()).unwrap(),
        &res,
        Stages::ALL,
    );
    let figs: Vec<_> = fa.documents.iter().flat_map(|d| &d.figures).collect();
    assert_eq!(figs.len(), 4, "{figs:?}");
    for pf in figs.iter().skip(1) {
        let topics: Vec<&str> = pf.topics.iter().map(|t| t.topic).collect();
        assert!(
            topics.contains(&"aid"),
            "{}: {topics:?}",
            fa.original(pf.figure.start, pf.figure.end)
        );
        assert!(!topics.contains(&"model_workers"), "{topics:?}");
    }
}
