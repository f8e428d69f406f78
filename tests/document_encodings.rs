//! The same text in UTF-8, GB18030/GBK and UTF-16 gives the same documents
//! and sections, at the same original lines.

use std::path::Path;

use encoding_rs::GB18030;
use gonghui::clean::clean;
use gonghui::dict::Dictionaries;
use gonghui::document::{Document, DocumentSplitter};
use gonghui::read::decode;
use gonghui::section::{SectionTree, build_sections};

/// Documents, their sections, and the original lines where each starts.
#[path = "common/shared.rs"]
mod shared;

fn analyse(
    name: &str,
    bytes: Vec<u8>,
    splitter: &DocumentSplitter,
) -> Vec<(Document, SectionTree, usize, Vec<usize>)> {
    let src = decode(name, bytes).expect("decodes");
    let ct = clean(&src);
    let line_of = |off: usize| src.lines.line_of(ct.map.orig_start(off));
    splitter
        .split(&ct)
        .into_iter()
        .map(|d| {
            let t = build_sections(&ct, &d);
            let lines = t.sections.iter().map(|s| line_of(s.start)).collect();
            let title_line = line_of(d.title_start);
            (d, t, title_line, lines)
        })
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        let b = if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn seeds_agree_across_encodings() {
    if !shared::present("seeds") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "seed folder {} is missing: this test needs the scraped seeds",
        dir.display()
    );
    let splitter = DocumentSplitter::new(&Dictionaries::embedded());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed files in {}", dir.display());
    for path in files {
        let bytes = std::fs::read(&path).expect("read seed");
        let text = String::from_utf8(bytes.clone()).expect("seeds are UTF-8");
        let name = path.display().to_string();
        let base = analyse(&name, bytes, &splitter);
        assert!(!base.is_empty(), "{name}: no documents");
        let (gbk, _, lossy) = GB18030.encode(&text);
        assert!(!lossy, "{name}: GB18030 holds every char");
        for (enc, b) in [
            ("gb18030", gbk.into_owned()),
            ("utf-16le", utf16(&text, false)),
            ("utf-16be", utf16(&text, true)),
        ] {
            let other = analyse(&name, b, &splitter);
            assert_eq!(base.len(), other.len(), "{name} in {enc}: document count");
            for (a, b) in base.iter().zip(&other) {
                assert_eq!(a, b, "{name} in {enc}: document {:?}", a.0.title);
            }
        }
    }
}
