//! What the user says a document or a part is, when the reader gets it
//! wrong: `--part [FILE[#DOC[/PART]]=]KIND[:PERIOD]` on the command line, or
//! the same, one per line, in a side file (`--parts-file`).
//!
//! `plan:2022` makes every document of the inputs a plan for 2022;
//! `2019.txt=summary:2019` the documents of the file whose path ends with
//! `2019.txt`; `report.txt#0/1=plan:2022` the second part of its first
//! document. KIND is `plan`, `summary` (or `review`) or `other`; PERIOD is
//! written as the tables write it: `2022`, `2022-H1`, `2021/2025`,
//! `2021-2022SY`. A whole document set to a kind loses its parts; a part
//! keeps its place.

use std::fmt;
use std::path::Path;

use super::key::{Period, PeriodSpan};
use super::{DocKind, Document};

/// One thing the user says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartOverride {
    /// The end of the file's path (whole path components); None: every
    /// file.
    pub file: Option<String>,
    pub doc: Option<usize>,
    pub part: Option<usize>,
    pub kind: DocKind,
    pub period: Option<Period>,
}

/// A `--part` value or side-file line that does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideError {
    pub what: String,
    pub reason: String,
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.reason)
    }
}

impl std::error::Error for OverrideError {}

impl PartOverride {
    /// Reads `[FILE[#DOC[/PART]]=]KIND[:PERIOD]`.
    pub fn parse(s: &str) -> Result<PartOverride, OverrideError> {
        let err = |reason: &str| OverrideError {
            what: s.to_string(),
            reason: reason.to_string(),
        };
        let s = s.trim();
        let (target, what) = match s.rsplit_once('=') {
            Some((t, w)) => (Some(t.trim()), w.trim()),
            None => (None, s),
        };
        let (kind, period) = match what.split_once(':') {
            Some((k, p)) => (k.trim(), Some(p.trim())),
            None => (what, None),
        };
        let kind = match kind {
            "plan" | "计划" => DocKind::Plan,
            "summary" | "review" | "总结" | "回顾" => DocKind::Summary,
            "other" | "其他" => DocKind::Other,
            _ => return Err(err("the kind is plan, summary (review) or other")),
        };
        let period = match period {
            None | Some("") => None,
            Some(p) => Some(parse_period(p).ok_or_else(|| {
                err("the period is written 2022, 2022-H1, 2022-Q3, 2021/2025 or 2021-2022SY")
            })?),
        };
        let (mut file, mut doc, mut part) = (None, None, None);
        if let Some(t) = target {
            let (f, at) = match t.rfind('#') {
                Some(i) => (&t[..i], Some(&t[i + 1..])),
                None => (t, None),
            };
            if !f.is_empty() {
                file = Some(f.to_string());
            }
            if let Some(at) = at {
                let (d, p) = match at.split_once('/') {
                    Some((d, p)) => (d, Some(p)),
                    None => (at, None),
                };
                doc = Some(
                    d.parse()
                        .map_err(|_| err("#DOC is a document's number: #0, #1 …"))?,
                );
                part = match p {
                    Some(p) => Some(
                        p.parse()
                            .map_err(|_| err("/PART is a part's number: /0, /1 …"))?,
                    ),
                    None => None,
                };
            }
        }
        Ok(PartOverride {
            file,
            doc,
            part,
            kind,
            period,
        })
    }

    /// Whether it speaks of a file of this name.
    fn names(&self, name: &str) -> bool {
        match &self.file {
            None => true,
            Some(f) => {
                let (a, b) = (Path::new(name), Path::new(f.as_str()));
                a == b || a.ends_with(b)
            }
        }
    }

    fn apply(&self, index: usize, doc: &mut Document) {
        if self.doc.is_some_and(|d| d != index) {
            return;
        }
        match self.part {
            Some(p) => {
                if let Some(part) = doc.parts.get_mut(p) {
                    part.kind = self.kind;
                    part.period = self.period.or(part.period);
                }
            }
            None => {
                doc.kind = self.kind;
                doc.period = self.period.or(doc.period);
                doc.parts.clear();
            }
        }
    }
}

/// Reads a side file: one `--part` value a line; `#` starts a comment.
pub fn parse_overrides(text: &str, file: &str) -> Result<Vec<PartOverride>, OverrideError> {
    // Notepad saves a BOM before the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, strip_comment(l).trim()))
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| {
            PartOverride::parse(l).map_err(|e| OverrideError {
                what: format!("{file}:{}: {}", i + 1, e.what),
                reason: e.reason,
            })
        })
        .collect()
}

/// A line without its comment: `#` starts one only at the line's start or
/// after white space (`report.txt#0=plan` is a target).
fn strip_comment(l: &str) -> &str {
    if l.trim_start().starts_with('#') {
        return "";
    }
    let at = l
        .char_indices()
        .zip(l.chars().skip(1))
        .find(|((_, c), next)| c.is_whitespace() && *next == '#')
        .map(|((i, _), _)| i);
    match at {
        Some(i) => &l[..i],
        None => l,
    }
}

/// Sets what the overrides say on the documents of the file `name`, in
/// their order (a later one wins).
pub fn apply_overrides(overrides: &[PartOverride], name: &str, docs: &mut [Document]) {
    for o in overrides.iter().filter(|o| o.names(name)) {
        for (i, d) in docs.iter_mut().enumerate() {
            o.apply(i, d);
        }
    }
}

/// A period as the tables write it ([`Period::iso`]).
fn parse_period(p: &str) -> Option<Period> {
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4)
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    };
    if let Some((a, b)) = p.split_once('/') {
        let (a, b) = (year(a)?, year(b)?);
        return (b > a && b - a < 50).then(|| Period::years(a, (b - a + 1) as u8));
    }
    if let Some(sy) = p.strip_suffix("SY") {
        let (a, b) = sy.split_once('-')?;
        let (a, b) = (year(a)?, year(b)?);
        return (b == a + 1).then(|| Period::school_year(a));
    }
    if let Some((y, rest)) = p.split_once('-') {
        let y = year(y)?;
        let n = |s: &str| s.parse::<u8>().ok();
        let span = match rest.as_bytes().first()? {
            b'H' => PeriodSpan::Half(n(&rest[1..]).filter(|h| (1..=2).contains(h))?),
            b'Q' => PeriodSpan::Quarter(n(&rest[1..]).filter(|q| (1..=4).contains(q))?),
            b'T' => PeriodSpan::Term(n(&rest[1..]).filter(|t| (1..=2).contains(t))?),
            _ => return None,
        };
        return Some(Period {
            year: Some(y),
            span,
        });
    }
    year(p).map(Period::year_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_written() {
        let o = PartOverride::parse("plan:2022").unwrap();
        assert_eq!(
            (o.file, o.doc, o.part, o.kind),
            (None, None, None, DocKind::Plan)
        );
        assert_eq!(o.period, Some(Period::year_of(2022)));
        let o = PartOverride::parse("archive/2021.txt#0/1=review:2021/2025").unwrap();
        assert_eq!(o.file.as_deref(), Some("archive/2021.txt"));
        assert_eq!(
            (o.doc, o.part, o.kind),
            (Some(0), Some(1), DocKind::Summary)
        );
        assert_eq!(o.period.unwrap().iso(), "2021/2025");
        for (p, iso) in [
            ("2019-H1", "2019-H1"),
            ("2018-2019SY", "2018-2019SY"),
            ("2020-Q3", "2020-Q3"),
        ] {
            assert_eq!(parse_period(p).unwrap().iso(), iso);
        }
        for bad in ["plan:22", "plans:2022", "a.txt#x=plan", "plan:2022-H3"] {
            assert!(PartOverride::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_side_file_names_its_bad_line() {
        let text = "\u{feff}# what the reader got wrong\n2019.txt=summary:2019\nreport.txt#0=plan:2022\t# the whole report\n";
        let v = parse_overrides(text, "parts.txt").unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].doc, Some(0));
        let e = parse_overrides("plan:2022\nplan:20x2\n", "parts.txt").unwrap_err();
        assert!(e.to_string().starts_with("parts.txt:2: plan:20x2"), "{e}");
    }

    #[test]
    fn files_are_named_by_whole_path_components() {
        let o = PartOverride::parse("2019.txt=plan").unwrap();
        assert!(o.names("archive/2019.txt") && o.names("2019.txt"));
        assert!(!o.names("archive/x2019.txt"));
    }
}
