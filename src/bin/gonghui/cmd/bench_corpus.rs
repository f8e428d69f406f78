//! `gonghui bench-corpus`: a reproducible benchmark corpus.

use std::path::{Path, PathBuf};

use gonghui::jobs::{build_bench_corpus, parse_size};

use super::Fatal;

pub fn run(paths: &[PathBuf], size: &str, dir: &Path) -> Result<usize, Fatal> {
    let size =
        parse_size(size).ok_or_else(|| Fatal::Usage(format!("bad --size '{size}' (e.g. 50MB)")))?;
    let (files, bytes) = build_bench_corpus(paths, size, dir)?;
    eprintln!(
        "gonghui: wrote {files} files, {bytes} bytes to {}",
        dir.display()
    );
    Ok(0)
}
