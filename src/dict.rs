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
        }
    }

    /// The embedded dictionaries, extended or replaced by the files in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Dictionaries, DictError> {
        let mut d = Dictionaries::embedded();
        let Some(dir) = dir else { return Ok(d) };
        let mut found = Vec::new();
        collect_files(dir, dir, &mut found)?;
        for (rel, path) in found {
            let Some(base) = d.files.get_mut(&rel) else {
                d.unknown.push(path);
                continue;
            };
            let bytes =
                std::fs::read(&path).map_err(|e| DictError::File(path.clone(), e.to_string()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| DictError::File(path.clone(), "not UTF-8".into()))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
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

    /// Files of `--dict-dir` that extend nothing.
    pub fn unknown_files(&self) -> &[PathBuf] {
        &self.unknown
    }
}

/// Parses `term [weight]` lines; `#` starts a comment line.
pub fn parse_entries(text: &str) -> Vec<(String, f32)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
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
