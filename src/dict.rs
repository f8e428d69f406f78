//! Language data kept apart from code: the plain-text files of
//! `dictionaries/`, embedded at build time and extendable or replaceable at
//! run time with `--dict-dir DIR`.
//!
//! A file in DIR with the same relative name as an embedded one is appended
//! to it; when its first line is `#replace`, it replaces it. Files in DIR
//! that match no embedded name are ignored (and reported by
//! [`Dictionaries::unknown_files`]) so a typo does not pass silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Topic ids in the order of the taxonomy, with their Chinese labels.
pub const TOPICS: &[(&str, &str)] = &[
    ("aid", "困难帮扶"),
    ("employment", "就业创业"),
    ("rights", "维权"),
    ("democracy", "民主管理"),
    ("organization", "组织建设"),
    ("finance", "经费财务"),
    ("training", "培训学习"),
    ("ideology", "思想政治"),
    ("sports", "体育"),
    ("culture", "文化文艺"),
    ("women", "女职工"),
    ("model_workers", "劳模评先"),
    ("safety", "安全生产"),
    ("health", "健康疗养"),
    ("competition", "劳动竞赛"),
    ("publicity", "宣传信息"),
    ("volunteer", "志愿服务"),
    ("welfare", "职工福利"),
    ("general", "综合"),
];

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../dictionaries/", $name)))),*]
    };
}

const EMBEDDED: &[(&str, &str)] = embedded![
    "set_phrases.txt",
    "measure_words.txt",
    "jieba_user.txt",
    "jieba_dict.txt",
    "orgs.txt",
    "org_parts.txt",
    "noise.txt",
    "item_cues.txt",
    "roles.txt",
    "synonyms.txt",
    "unit_families.txt",
    "completion_cues.txt",
    "regional_words.txt",
    "currencies.txt",
    "figure_cues.txt",
    "document_cues.txt",
    "report_parts.txt",
    "money.txt",
    "topics/aid.txt",
    "topics/employment.txt",
    "topics/rights.txt",
    "topics/democracy.txt",
    "topics/organization.txt",
    "topics/finance.txt",
    "topics/training.txt",
    "topics/ideology.txt",
    "topics/sports.txt",
    "topics/culture.txt",
    "topics/women.txt",
    "topics/model_workers.txt",
    "topics/safety.txt",
    "topics/health.txt",
    "topics/competition.txt",
    "topics/publicity.txt",
    "topics/volunteer.txt",
    "topics/welfare.txt",
    "topics/general.txt",
];

#[derive(Debug, Clone)]
pub struct Dictionaries {
    files: BTreeMap<String, String>,
    unknown: Vec<PathBuf>,
    /// Topics added by `--dict-dir` files `topics/<id>.txt` of no built-in
    /// topic: (id, label).
    custom_topics: Vec<(&'static str, &'static str)>,
}

/// Most topics a run can have, built-in and custom together.
pub const MAX_TOPICS: usize = 32;

/// Custom topics of this process: ids and labels live as long as the
/// process (a handful of short strings per `--dict-dir`), so topic ids stay
/// `&'static str` everywhere.
static CUSTOM_TOPICS: std::sync::RwLock<Vec<(&'static str, &'static str)>> =
    std::sync::RwLock::new(Vec::new());

fn register_topic(id: &str, label: &str) -> (&'static str, &'static str) {
    let mut all = CUSTOM_TOPICS.write().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = all.iter().find(|(i, l)| *i == id && *l == label) {
        return *t;
    }
    let t: (&'static str, &'static str) = (
        Box::leak(id.to_string().into_boxed_str()),
        Box::leak(label.to_string().into_boxed_str()),
    );
    all.push(t);
    t
}

/// Every topic known to this process: the built-in ones, then those added
/// by `--dict-dir` (id, label).
pub fn all_topics() -> Vec<(&'static str, &'static str)> {
    let mut v = TOPICS.to_vec();
    let custom = CUSTOM_TOPICS.read().unwrap_or_else(|e| e.into_inner());
    for t in custom.iter() {
        if !v.iter().any(|(id, _)| id == &t.0) {
            v.push(*t);
        }
    }
    v
}

/// The label of a topic id (困难帮扶 for aid); the id itself for a custom
/// topic without a label, empty for no topic.
pub fn topic_label(id: &str) -> &'static str {
    all_topics()
        .into_iter()
        .find(|(t, _)| *t == id)
        .map(|(_, l)| l)
        .unwrap_or("")
}

/// A custom topic's label: a line `#label 心理健康` in its file, else its id.
fn custom_label(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("#label"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

/// Whether a topic id can name a file and a column: ASCII letters, digits
/// and `_`.
fn is_topic_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("dictionary directory {0}: {1}")]
    Dir(PathBuf, std::io::Error),
    #[error("dictionary file {0}: {1}")]
    File(PathBuf, String),
}

impl Dictionaries {
    /// The dictionaries built into the binary.
    pub fn embedded() -> Dictionaries {
        Dictionaries {
            files: EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            unknown: Vec::new(),
            custom_topics: Vec::new(),
        }
    }

    /// The embedded dictionaries, extended or replaced by the files in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Dictionaries, DictError> {
        let mut d = Dictionaries::embedded();
        let Some(dir) = dir else { return Ok(d) };
        let mut found = Vec::new();
        collect_files(dir, dir, &mut found)?;
        for (rel, path) in found {
            let read = |path: &Path| -> Result<String, DictError> {
                let bytes = std::fs::read(path)
                    .map_err(|e| DictError::File(path.to_path_buf(), e.to_string()))?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| DictError::File(path.to_path_buf(), "not UTF-8".into()))?;
                Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
            };
            // topics/<id>.txt of no built-in topic: a new topic.
            let new_topic = rel
                .strip_prefix("topics/")
                .and_then(|r| r.strip_suffix(".txt"))
                .filter(|id| is_topic_id(id) && !d.files.contains_key(&rel));
            if let Some(id) = new_topic {
                let text = read(&path)?;
                if TOPICS.len() + d.custom_topics.len() >= MAX_TOPICS {
                    return Err(DictError::File(
                        path.clone(),
                        format!("more than {MAX_TOPICS} topics"),
                    ));
                }
                let label = custom_label(&text).unwrap_or_else(|| id.to_string());
                d.custom_topics.push(register_topic(id, &label));
                d.files.insert(rel, text);
                continue;
            }
            let Some(base) = d.files.get_mut(&rel) else {
                d.unknown.push(path);
                continue;
            };
            let text = read(&path)?;
            let text = text.as_str();
            if let Err((line, e)) = parse_patterns(text) {
                return Err(DictError::File(path.clone(), format!("line {line}: {e}")));
            }
            if text.lines().next().is_some_and(|l| l.trim() == "#replace") {
                *base = text.to_string();
            } else {
                if !base.ends_with('\n') {
                    base.push('\n');
                }
                base.push_str(text);
            }
        }
        Ok(d)
    }

    /// The whole text of one dictionary file (relative name, e.g.
    /// `topics/aid.txt`); empty when there is none.
    pub fn text(&self, name: &str) -> &str {
        self.files.get(name).map(String::as_str).unwrap_or("")
    }

    /// The entries of one file: each non-empty, non-comment line split into
    /// its term and an optional weight (default 1.0).
    pub fn entries(&self, name: &str) -> Vec<(String, f32)> {
        parse_entries(self.text(name))
    }

    /// The terms of one file, without weights.
    pub fn terms(&self, name: &str) -> Vec<String> {
        self.entries(name).into_iter().map(|(t, _)| t).collect()
    }

    /// The `class:word` lines of one file (comments and blank lines
    /// skipped), trimmed; a line without a colon is left out.
    pub fn classed(&self, name: &str) -> Vec<(&str, &str)> {
        self.text(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once(':'))
            .map(|(c, w)| (c.trim(), w.trim()))
            .filter(|(_, w)| !w.is_empty())
            .collect()
    }

    /// The `re:PATTERN` lines of one file, compiled (each on its own, so
    /// that each keeps its own literal prefilter). A pattern of the
    /// built-in files that does not compile is a bug caught by the tests;
    /// one of `--dict-dir` is refused by [`load`](Self::load).
    pub fn patterns(&self, name: &str) -> Vec<regex::Regex> {
        parse_patterns(self.text(name)).unwrap_or_default()
    }

    /// The topics of these dictionaries: the built-in ones, then the
    /// custom ones (id, label), in the order their scores are kept.
    pub fn topics(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = TOPICS.to_vec();
        v.extend(self.custom_topics.iter().copied());
        v
    }

    /// Files of `--dict-dir` that extend nothing.
    pub fn unknown_files(&self) -> &[PathBuf] {
        &self.unknown
    }
}

/// The `re:` prefix of a line that holds a pattern, not a term.
pub const PATTERN_PREFIX: &str = "re:";

/// Compiles the `re:PATTERN` lines of a file; the 1-based line and the
/// reason of the first that does not compile.
pub fn parse_patterns(text: &str) -> Result<Vec<regex::Regex>, (usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| Some((i + 1, l.trim().strip_prefix(PATTERN_PREFIX)?)))
        .map(|(n, p)| {
            regex::RegexBuilder::new(p)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| (n, format!("pattern {p:?}: {e}")))
        })
        .collect()
}

/// Parses `term [weight]` lines; `#` starts a comment line and a
/// `re:` line is a pattern ([`parse_patterns`]), not a term.
pub fn parse_entries(text: &str) -> Vec<(String, f32)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(PATTERN_PREFIX))
        .map(|l| {
            let mut it = l.split_whitespace();
            let term = it.next().unwrap_or_default().to_string();
            let w = it.next().and_then(|w| w.parse::<f32>().ok()).unwrap_or(1.0);
            (term, w)
        })
        .collect()
}

fn collect_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), DictError> {
    let rd = std::fs::read_dir(dir).map_err(|e| DictError::Dir(dir.to_path_buf(), e))?;
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_files(root, &p, out)?;
        } else if p.extension().is_some_and(|e| e == "txt") {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, p));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_extends_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("topics")).unwrap();
        std::fs::write(dir.path().join("topics/sports.txt"), "掼蛋 2\n").unwrap();
        std::fs::write(dir.path().join("noise.txt"), "#replace\n只此一条\n").unwrap();
        std::fs::write(dir.path().join("typo.txt"), "x\n").unwrap();
        let d = Dictionaries::load(Some(dir.path())).unwrap();
        assert!(
            d.entries("topics/sports.txt")
                .contains(&("掼蛋".to_string(), 2.0))
        );
        assert_eq!(d.terms("noise.txt"), vec!["只此一条".to_string()]);
        assert_eq!(d.unknown_files().len(), 1);
    }

    #[test]
    fn every_topic_has_a_file() {
        let d = Dictionaries::embedded();
        for (id, _) in TOPICS {
            assert!(
                d.text(&format!("topics/{id}.txt")).starts_with("# topic"),
                "{id}"
            );
        }
    }
}
