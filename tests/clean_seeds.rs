//! The clean stage on the real scraped seeds: exact provenance for every
//! cleaned char, the noise that goes, and the hand-annotated content that
//! must stay.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gonghui::clean::{CleanText, NoiseKind, clean, fold_char};
use gonghui::read::{SourceFile, decode};

#[path = "common/shared.rs"]
mod shared;

fn seeds_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "seed folder {} is missing: these tests need the shared seeds",
        dir.display()
    );
    dir
}

fn seeds() -> Vec<(String, SourceFile)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("seed folder lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 5,
        "expected the five seeds, found {}",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let sf = decode(&name, std::fs::read(&p).unwrap()).unwrap();
            (name, sf)
        })
        .collect()
}

fn seed(prefix: &str) -> (SourceFile, CleanText) {
    let (_, sf) = seeds()
        .into_iter()
        .find(|(n, _)| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    let ct = clean(&sf);
    (sf, ct)
}

/// Every cleaned char reads back, through its original span, to one char
/// that folds to it; a `\n` reads back to a line break or to nothing.
fn assert_provenance(name: &str, sf: &SourceFile, ct: &CleanText) {
    for l in &ct.lines {
        let line = ct.line_text(l);
        for (i, c) in line.char_indices() {
            let at = l.start + i;
            let orig = sf.span_text(ct.orig_span(at, at + c.len_utf8()));
            let mut it = orig.chars();
            let o = it.next();
            assert!(
                o.is_some() && it.next().is_none() && fold_char(o.unwrap()) == Some(c),
                "{name}: cleaned {c:?} at {at} reads back as {orig:?}"
            );
        }
        // The line's own span reads back to text that folds to the line
        // (line breaks of joins and dropped parts aside).
        let span = ct.orig_span(l.start, l.end);
        let back: String = sf.span_text(span).chars().filter_map(fold_char).collect();
        let squeeze = |s: &str| {
            s.chars()
                .filter(|c| *c != ' ' && *c != '\n')
                .collect::<String>()
        };
        let (b, t) = (squeeze(&back), squeeze(line));
        let mut rest = b.as_str();
        for ch in t.chars() {
            let k = rest.find(ch).unwrap_or_else(|| {
                panic!("{name}: line {line:?} is not a subsequence of its span")
            });
            rest = &rest[k + ch.len_utf8()..];
        }
    }
    for (i, c) in ct.text.char_indices().filter(|(_, c)| *c == '\n') {
        let orig = sf.span_text(ct.orig_span(i, i + c.len_utf8()));
        // A line break, nothing at the end, or the run of spaces that
        // parts two paragraphs of a flattened line.
        assert!(
            orig.is_empty() || orig == "\n" || orig.chars().all(|c| fold_char(c) == Some(' ')),
            "{name}: newline reads {orig:?}"
        );
    }
    for d in &ct.dropped {
        assert!(d.orig_span.0 < d.orig_span.1, "{name}: empty drop {d:?}");
        assert_eq!(sf.lines.line_of(d.orig_span.0), d.line);
    }
}

#[test]
fn every_cleaned_char_reads_back_on_all_seeds_in_every_encoding() {
    if !shared::present("seeds") {
        return;
    }
    for (name, sf) in seeds() {
        let ct = clean(&sf);
        assert_provenance(&name, &sf, &ct);
        // The same text as GBK, UTF-16LE and UTF-8 with BOM cleans the same
        // and reads back in its own bytes.
        // GBK where the text allows it, else its superset GB18030 (one
        // seed holds a char GBK lacks).
        let (mut gbk, _, bad) = encoding_rs::GBK.encode(&sf.text);
        if bad {
            gbk = encoding_rs::GB18030.encode(&sf.text).0;
        }
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        utf16.extend(sf.text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(sf.text.as_bytes());
        for bytes in [gbk.into_owned(), utf16, bom] {
            let other = decode(&name, bytes).unwrap();
            let oc = clean(&other);
            assert_eq!(oc.text, ct.text, "{name} as {:?}", other.encoding);
            assert_eq!(oc.dropped.len(), ct.dropped.len());
            assert_provenance(&name, &other, &oc);
            for (a, b) in ct.dropped.iter().zip(&oc.dropped) {
                assert_eq!(sf.span_text(a.orig_span), other.span_text(b.orig_span));
                assert_eq!((a.line, a.reason), (b.line, b.reason));
            }
        }
    }
}

fn dropped_lines(sf: &SourceFile, ct: &CleanText) -> BTreeMap<usize, (NoiseKind, bool, String)> {
    ct.dropped
        .iter()
        .map(|d| (d.line, (d.reason, d.whole_line, sf.span_text(d.orig_span))))
        .collect()
}

fn kept(ct: &CleanText, needle: &str) -> bool {
    ct.text.contains(needle)
}

#[test]
fn seed_noise_is_dropped_and_content_kept() {
    if !shared::present("seeds") {
        return;
    }
    use NoiseKind::*;
    // 000: a site blurb under the title.
    let (sf, ct) = seed("000");
    let d = dropped_lines(&sf, &ct);
    println!("000: {d:#?}");
    assert_eq!(d.len(), 1);
    assert_eq!(d[&2].0, Blurb);
    assert!(kept(&ct, "2023年机关工会工作计划篇1\n1、配合机关党组织"));

    // 001: breadcrumb, blurb, trailing link headers; letter-spaced junk,
    // a banner and page counters inside preview lines.
    let (sf, ct) = seed("001");
    let d = dropped_lines(&sf, &ct);
    println!("001: {d:#?}");
    assert_eq!(d[&1].0, Breadcrumb);
    assert_eq!(d[&10].0, Blurb);
    assert_eq!(d[&112], (LetterSpaced, false, d[&112].2.clone()));
    assert!(d[&112].2.starts_with("S u m m a r y"));
    assert_eq!(d[&114].0, PageCounter);
    assert!(!d[&114].1);
    assert_eq!(d[&158].0, LinkHeader);
    assert_eq!(d[&160].0, LinkHeader);
    assert!(!kept(&ct, "当前位置") && !kept(&ct, "请记得收藏") && !kept(&ct, "相关文档"));
    assert!(!kept(&ct, "S u m m") && !kept(&ct, "页共5"));
    // The title repeated under the breadcrumb stays; so do the previews of
    // other reports (they are documents of their own).
    assert!(ct.text.starts_with("县总工会2017年文明创建工作总结\n"));
    assert!(kept(&ct, "\n峨山县总工会2017年帮扶工作总结\n"));
    // Broken sentences are rejoined, across blank lines.
    assert!(kept(&ct, "本次活动救助的是"));
    assert!(kept(&ct, "每人送去一千元慰问金。"));
    assert!(kept(&ct, "年初制定了《**县总工会2017年度"));
    assert!(kept(&ct, "职工代表大会制度和厂务公开制度"));

    // 002: posting stamp, blurb, image name, a related-links list to the end.
    let (sf, ct) = seed("002");
    let d = dropped_lines(&sf, &ct);
    assert_eq!(d[&3].0, Timestamp);
    assert_eq!(d[&5].0, Blurb);
    assert_eq!(d[&7].0, ImageFile);
    assert_eq!(d[&53].0, LinkHeader);
    assert!((55..=149).step_by(2).all(|l| d[&l].0 == LinkItem));
    assert!(!kept(&ct, "森林防火") && !kept(&ct, "热门关注"));
    assert!(ct.text.ends_with("进一步推进和谐校园建设\n"));
    assert!(kept(&ct, "2022年度学校工会工作计划(二)\n"));

    // 003: posting date, a site watermark, prev/next links.
    let (sf, ct) = seed("003");
    let d = dropped_lines(&sf, &ct);
    println!("003: {d:#?}");
    assert_eq!(d.len(), 3);
    assert_eq!(d[&3].0, Timestamp);
    assert_eq!(d[&607].0, Notice);
    assert_eq!(d[&749].0, Navigation);
    assert!(kept(&ct, "到市医院共进行两次全面身体检查。"));
    assert!(kept(&ct, "【关键词】高效教育工会;工作目标;问题\n"));

    // 004: a download button, the download notices, a blurb sentence in
    // front of content, link headers at the end.
    let (sf, ct) = seed("004");
    let d = dropped_lines(&sf, &ct);
    println!("004: {d:#?}");
    assert_eq!(d[&3].0, Navigation);
    for l in 271..=273 {
        assert_eq!(d[&l].0, Notice);
    }
    assert_eq!(d[&277].0, Blurb);
    assert!(!d[&277].1);
    assert!(kept(&ct, "\n我局工会工作以"));
    assert_eq!(d[&439].0, LinkHeader);
    assert!(kept(&ct, "2021年单位工会工作计划工作计划范文\n"));
}

/// Hand annotations of the seeds: titles, headings and figures must survive
/// cleaning, and titles and headings must still start a cleaned line.
#[test]
fn annotated_content_survives_cleaning() {
    if !shared::present("seeds") {
        return;
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // (file, line, whether the title/heading opens its line)
    let mut must_start_line: Vec<(String, usize, bool)> = Vec::new();
    let raw: BTreeMap<String, String> = seeds().into_iter().map(|(n, sf)| (n, sf.text)).collect();
    let opens = |name: &str, line: usize, lead: &str| {
        let text = raw[name].split('\n').nth(line - 1).unwrap_or("");
        let fold = |s: &str| {
            s.chars()
                .filter_map(fold_char)
                .filter(|c| *c != ' ')
                .collect::<String>()
        };
        fold(text).starts_with(&fold(lead))
    };
    let mut figures: Vec<(String, usize, String)> = Vec::new();
    for set in ["seeds_a", "seeds_b"] {
        let docs = std::fs::read_to_string(data.join(format!("{set}_docs.json")))
            .unwrap_or_else(|e| panic!("{set}_docs.json: {e}"));
        let docs: serde_json::Value = serde_json::from_str(&docs).unwrap();
        for file in docs.as_array().unwrap() {
            let name = file["file"].as_str().unwrap().to_string();
            for doc in file["documents"].as_array().unwrap() {
                let line = doc["title_line"].as_u64().unwrap() as usize;
                let title = doc["title"].as_str().unwrap();
                must_start_line.push((name.clone(), line, opens(&name, line, title)));
                for h in doc["headings"].as_array().unwrap() {
                    let line = h["line"].as_u64().unwrap() as usize;
                    let marker = h["marker"].as_str().unwrap();
                    must_start_line.push((name.clone(), line, opens(&name, line, marker)));
                }
            }
        }
        let figs = std::fs::read_to_string(data.join(format!("{set}_figures.jsonl"))).unwrap();
        for l in figs.lines().filter(|l| !l.trim().is_empty()) {
            let f: serde_json::Value = serde_json::from_str(l).unwrap();
            if f["optional"].as_bool() == Some(true) {
                continue;
            }
            figures.push((
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert!(must_start_line.len() > 100 && figures.len() > 100);
    let seeds: BTreeMap<String, (SourceFile, CleanText)> = seeds()
        .into_iter()
        .map(|(n, sf)| {
            let ct = clean(&sf);
            (n, (sf, ct))
        })
        .collect();
    let mut failures = Vec::new();
    for (name, line, lead) in &must_start_line {
        let (sf, ct) = &seeds[name];
        let line_of = |i: usize| sf.lines.line_of(ct.map.orig_start(i));
        // A heading set inside a run-on line only needs its line kept; one
        // that opens its line must still open a cleaned line.
        let ok = if *lead {
            ct.lines.iter().any(|l| line_of(l.start) == *line)
        } else {
            ct.text.char_indices().any(|(i, _)| line_of(i) == *line)
        };
        if !ok {
            failures.push(format!(
                "{name}:{line}: title/heading lost or glued to the line before"
            ));
        }
    }
    for (name, line, text) in &figures {
        let (sf, ct) = &seeds[name];
        let folded: String = text.chars().filter_map(fold_char).collect();
        // A cleaned occurrence of the figure that maps back to its line.
        let found = ct.text.match_indices(folded.as_str()).any(|(i, m)| {
            let span = ct.orig_span(i, i + m.len());
            sf.lines.line_of(span.0) == *line
        });
        if !found {
            failures.push(format!("{name}:{line}: figure {text:?} lost"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} lost:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
