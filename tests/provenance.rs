//! Exact provenance: every line and span in the output points at the
//! original bytes, in UTF-8, GBK and UTF-16 files alike.

use std::path::PathBuf;

use gonghui::clean::fold_char;
use gonghui::output::{DocumentRecord, Recorder, SectionRecord};
use gonghui::pipeline::{FileAnalysis, Resources, Stages, analyze_source};
use gonghui::read::decode;

#[path = "common/shared.rs"]
mod shared;

fn inputs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "seed reports missing at {}",
        seeds.display()
    );
    let mut v = Vec::new();
    for dir in [seeds, root.join("corpus")] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut ps: Vec<_> = rd
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            ps.sort();
            v.extend(ps);
        }
    }
    v
}

/// Folded, with spaces and line breaks dropped: how cleaned text compares
/// with the original.
fn folded(s: &str) -> String {
    s.chars()
        .filter_map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn analyze(name: &str, bytes: Vec<u8>, res: &Resources) -> FileAnalysis {
    let sf = decode(name, bytes).expect("decodes");
    analyze_source(sf, res, Stages::ALL)
}

/// The 1-based line of an original byte offset, counted by hand from the
/// decoded text.
fn line_by_hand(fa: &FileAnalysis, orig_offset: usize) -> usize {
    let prefix = fa.source.span_text((0, orig_offset));
    prefix.matches('\n').count() + 1
}

#[test]
fn spans_and_lines_read_back_exactly() {
    if !shared::present("seeds") {
        return;
    }
    let res = Resources::load(None).unwrap();
    let mut checked = 0;
    for path in inputs() {
        let fa = analyze(
            &path.display().to_string(),
            std::fs::read(&path).unwrap(),
            &res,
        );
        let rec = Recorder::new(&fa);
        for f in rec.figures() {
            let span_text = fa.source.span_text((f.span[0], f.span[1]));
            assert_eq!(span_text, f.figure.text);
            let cleaned = &fa.clean.text;
            let fig = fa
                .documents
                .iter()
                .flat_map(|d| &d.figures)
                .find(|pf| {
                    fa.clean.orig_span(pf.figure.start, pf.figure.end) == (f.span[0], f.span[1])
                })
                .expect("record comes from a figure");
            assert_eq!(
                folded(&span_text),
                folded(&cleaned[fig.figure.start..fig.figure.end]),
                "{}:{}",
                f.file,
                f.line
            );
            assert_eq!(
                f.line,
                line_by_hand(&fa, f.span[0]),
                "{}: {}",
                f.file,
                f.figure.text
            );
            checked += 1;
        }
        for i in 0..fa.documents.len() {
            for s in rec.sections(i) {
                let span_text = fa.source.span_text((s.span[0], s.span[1]));
                assert_eq!(
                    folded(&span_text),
                    folded(&format!("{}{}", s.marker, s.heading)),
                    "{}:{}",
                    s.file,
                    s.line
                );
                assert_eq!(s.line, line_by_hand(&fa, s.span[0]));
                checked += 1;
            }
            let d = rec.document(i, false);
            assert_eq!(d.start_line, line_by_hand(&fa, d.span[0]));
            assert!(
                folded(&fa.source.span_text((d.span[0], d.span[1]))).starts_with(&folded(&d.title))
            );
        }
    }
    eprintln!("checked {checked} spans");
}

fn strip_spans_docs(mut d: DocumentRecord) -> DocumentRecord {
    d.file = String::new();
    d.span = [0, 0];
    d.encoding = "";
    d.sections = None;
    d
}

fn strip_spans_sections(mut s: SectionRecord) -> SectionRecord {
    s.file = String::new();
    s.span = [0, 0];
    s
}

#[test]
fn gbk_utf16_and_utf8_copies_give_the_same_results() {
    if !shared::present("seeds") {
        return;
    }
    let res = Resources::load(None).unwrap();
    for path in inputs() {
        let original = decode("x", std::fs::read(&path).unwrap()).unwrap().text;
        let utf8 = original.clone().into_bytes();
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&original);
        assert!(!unmappable);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(original.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let runs: Vec<FileAnalysis> = [utf8, gbk.into_owned(), utf16]
            .into_iter()
            .map(|b| analyze("same", b, &res))
            .collect();
        let summarize = |fa: &FileAnalysis| {
            let rec = Recorder::new(fa);
            let docs: Vec<_> = (0..fa.documents.len())
                .map(|i| strip_spans_docs(rec.document(i, false)))
                .collect();
            let secs: Vec<_> = (0..fa.documents.len())
                .flat_map(|i| rec.sections(i))
                .map(strip_spans_sections)
                .collect();
            let figs: Vec<_> = rec
                .figures()
                .into_iter()
                .map(|mut f| {
                    f.span = [0, 0];
                    (
                        f.line,
                        f.figure.text.clone(),
                        f.figure.kind,
                        format!("{:?} {:?}", f.figure.value, f.figure.date),
                    )
                })
                .collect();
            (docs, secs, figs)
        };
        let base = summarize(&runs[0]);
        for (name, fa) in ["GBK", "UTF-16"].iter().zip(&runs[1..]) {
            let other = summarize(fa);
            assert_eq!(
                base.0,
                other.0,
                "{} documents differ in {name}",
                path.display()
            );
            assert_eq!(
                base.1,
                other.1,
                "{} sections differ in {name}",
                path.display()
            );
            assert_eq!(
                base.2,
                other.2,
                "{} figures differ in {name}",
                path.display()
            );
        }
    }
}

/// Reads every figure, section and document span of `fa` back from the
/// original bytes and checks them against the records' text and lines.
fn check_spans(fa: &FileAnalysis, what: &str) -> usize {
    let rec = Recorder::new(fa);
    let mut checked = 0;
    for f in rec.figures() {
        assert_eq!(
            fa.source.span_text((f.span[0], f.span[1])),
            f.figure.text,
            "{what}"
        );
        assert_eq!(
            f.line,
            line_by_hand(fa, f.span[0]),
            "{what}: {}",
            f.figure.text
        );
        checked += 1;
    }
    for i in 0..fa.documents.len() {
        for s in rec.sections(i) {
            let span_text = fa.source.span_text((s.span[0], s.span[1]));
            assert_eq!(
                folded(&span_text),
                folded(&format!("{}{}", s.marker, s.heading)),
                "{what}:{}",
                s.line
            );
            assert_eq!(s.line, line_by_hand(fa, s.span[0]), "{what}");
            checked += 1;
        }
    }
    checked
}

/// The decodings that replace bytes or mix encodings keep spans exact: a
/// stray byte in UTF-8, UTF-8 and GBK halves, UTF-16 without a BOM, GBK
/// with damaged bytes; and they keep the figures of the clean copy.
#[test]
fn spans_read_back_in_damaged_and_mixed_files() {
    if !shared::present("seeds") {
        return;
    }
    let res = Resources::load(None).unwrap();
    let (mut checked, mut mixed_files) = (0, 0);
    for path in inputs() {
        let text = decode("x", std::fs::read(&path).unwrap()).unwrap().text;
        let clean = analyze("clean", text.clone().into_bytes(), &res);
        let clean_figures = Recorder::new(&clean).figures().len();
        let name = path.display().to_string();
        // A stray 0xFF after the first line.
        let nl = text.find('\n').map_or(0, |i| i + 1);
        let mut stray = text.as_bytes().to_vec();
        stray.insert(nl, 0xFF);
        // The first half UTF-8, the second GBK, cut at a line end.
        let mid = (text.len() / 2..)
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        let half = text[mid..].find('\n').map_or(text.len(), |i| mid + i + 1);
        let mut mixed = text.as_bytes()[..half].to_vec();
        mixed.extend_from_slice(&encoding_rs::GB18030.encode(&text[half..]).0);
        // UTF-16LE without a BOM.
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        // GBK with a bad byte after the first line.
        let mut gbk = encoding_rs::GB18030.encode(&text[..nl]).0.into_owned();
        gbk.push(0xFF);
        gbk.extend_from_slice(&encoding_rs::GB18030.encode(&text[nl..]).0);
        for (what, bytes, bad) in [
            ("stray byte", stray, 1),
            ("UTF-8 + GBK", mixed, 0),
            ("UTF-16LE, no BOM", utf16, 0),
            ("GBK + bad byte", gbk, 1),
        ] {
            let fa = analyze(&name, bytes, &res);
            assert_eq!(fa.source.replaced, bad, "{name} {what}");
            assert_eq!(
                fa.source.warnings.is_empty(),
                bad == 0 && fa.source.segments.is_empty(),
                "{name} {what}: {:?}",
                fa.source.warnings
            );
            match what {
                "UTF-8 + GBK" => mixed_files += (fa.source.segments.len() > 1) as usize,
                "UTF-16LE, no BOM" => assert_eq!(
                    fa.source.encoding,
                    gonghui::read::Encoding::Utf16Le,
                    "{name}"
                ),
                "GBK + bad byte" => {
                    assert_eq!(
                        fa.source.encoding,
                        gonghui::read::Encoding::Gb18030,
                        "{name}"
                    )
                }
                _ => assert_eq!(fa.source.encoding, gonghui::read::Encoding::Utf8, "{name}"),
            }
            checked += check_spans(&fa, &format!("{name} {what}"));
            // A replaced byte may cost the figure it touches, no more.
            let n = Recorder::new(&fa).figures().len();
            assert!(
                n + 1 >= clean_figures,
                "{name} {what}: {n} figures, {clean_figures} in the clean copy"
            );
        }
    }
    assert!(mixed_files >= 15, "{mixed_files} files read as mixed");
    eprintln!("checked {checked} spans, {mixed_files} mixed files");
}
