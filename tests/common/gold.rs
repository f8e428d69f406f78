//! Shared by the check and compare accuracy tests: places of the gold
//! annotations (a line and a quote on it) as byte ranges of the original
//! file, and the digests of the files they name.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use gonghui::jobs::archive::{Archive, Choice, TwoFiles};
use gonghui::pipeline::{Resources, Stages, analyze_input, analyze_source};
use gonghui::read::{InputSource, SourceFile, decode, read_input};

/// Makes a copy of a decoded text: its text and its bytes (a traditional
/// script copy, `tests/common/traditional.rs`). The copy has the same chars
/// at the same char indices, so a place carries over by char index.
pub type Convert = fn(&str) -> (String, Vec<u8>);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Decoded files, read once.
#[derive(Default)]
pub struct Sources {
    files: HashMap<String, SourceFile>,
    /// Places are in copies made with this, when set.
    convert: Option<Convert>,
    copies: HashMap<String, SourceFile>,
}

/// A file of the repository, or its copy.
fn read_file(file: &str, convert: Option<Convert>) -> SourceFile {
    let src =
        read_input(&InputSource::Path(root().join(file))).unwrap_or_else(|e| panic!("{file}: {e}"));
    match convert {
        None => src,
        Some(c) => {
            let (text, bytes) = c(&src.text);
            let copy = decode(&src.name, bytes).unwrap_or_else(|e| panic!("{file} copy: {e}"));
            assert_eq!(copy.text, text, "{file}: the copy decodes as written");
            copy
        }
    }
}

impl Sources {
    /// Places in copies of the files made with `convert`.
    pub fn converted(convert: Convert) -> Sources {
        Sources {
            convert: Some(convert),
            ..Sources::default()
        }
    }

    /// The original byte range of `quote` on 1-based `line` of `file`
    /// (relative to the repository). Panics when the quote is not there:
    /// the gold is wrong.
    pub fn place(&mut self, file: &str, line: usize, quote: &str) -> (usize, usize) {
        self.place_nth(file, line, quote, 1)
    }

    /// As [`Sources::place`], the `nth` (1-based) `quote` on the line.
    pub fn place_nth(
        &mut self,
        file: &str,
        line: usize,
        quote: &str,
        nth: usize,
    ) -> (usize, usize) {
        let src = self.files.entry(file.to_string()).or_insert_with(|| {
            read_input(&InputSource::Path(root().join(file)))
                .unwrap_or_else(|e| panic!("{file}: {e}"))
        });
        let mut start = 0;
        for (i, l) in src.text.split('\n').enumerate() {
            if i + 1 == line {
                let at = l
                    .match_indices(quote)
                    .nth(nth - 1)
                    .unwrap_or_else(|| panic!("{file}:{line}: quote {quote:?} not on the line"))
                    .0;
                let s = start + at;
                let e = s + quote.len();
                let Some(convert) = self.convert else {
                    return (src.map.orig_start(s), src.map.orig_end(e));
                };
                let copy = self
                    .copies
                    .entry(file.to_string())
                    .or_insert_with(|| read_file(file, Some(convert)));
                let (cs, ce) = (
                    same_char(&src.text, &copy.text, s),
                    same_char(&src.text, &copy.text, e),
                );
                return (copy.map.orig_start(cs), copy.map.orig_end(ce));
            }
            start += l.len() + 1;
        }
        panic!("{file}: no line {line}");
    }
}

/// The byte offset in `copy` of the char at byte offset `b` of `text`.
fn same_char(text: &str, copy: &str, b: usize) -> usize {
    let n = text[..b].chars().count();
    copy.char_indices().nth(n).map_or(copy.len(), |(i, _)| i)
}

/// As [`archive_of`], of copies made with `convert` when given.
pub fn archive_of_with(files: &[&str], res: &Resources, convert: Option<Convert>) -> Archive {
    if convert.is_none() {
        return archive_of(files, res);
    }
    let mut a = Archive::new();
    for f in files {
        a.add_all(&analyze_source(read_file(f, convert), res, Stages::ALL));
    }
    a
}

/// An archive of the given files (relative to the repository), every unit
/// kept.
pub fn archive_of(files: &[&str], res: &Resources) -> Archive {
    let mut a = Archive::new();
    for f in files {
        let fa = analyze_input(&InputSource::Path(root().join(f)), res, Stages::ALL)
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        a.add_all(&fa);
    }
    a
}

/// The name an archive gives a repository file.
pub fn name(file: &str) -> String {
    root().join(file).display().to_string()
}

pub fn pick<'a>(
    a: &'a Archive,
    first: &str,
    second: &str,
    job: TwoFiles,
) -> (&'a gonghui::digest::Digest, &'a gonghui::digest::Digest) {
    a.pick_two(&name(first), &name(second), job, Choice::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Whether two byte ranges overlap.
pub fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

pub fn f1(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        1.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Every record of the gold files `tests/data/<prefix>*.jsonl`, in file
/// order; a bad line panics naming its file and line.
pub fn read_gold<T: serde::de::DeserializeOwned>(prefix: &str) -> Vec<T> {
    let mut all = Vec::new();
    for path in gold_files(prefix) {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                all.push(
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1)),
                );
            }
        }
    }
    all
}

/// The gold files `tests/data/<prefix>*.jsonl`, sorted.
pub fn gold_files(prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".jsonl"))
        })
        .collect();
    v.sort();
    v
}
