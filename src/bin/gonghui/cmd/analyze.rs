//! `gonghui analyze`: every table into a directory.

use std::path::{Path, PathBuf};

use gonghui::jobs;

use super::{Ctx, Fatal};

pub fn run(ctx: &Ctx, paths: &[PathBuf], dir: &Path) -> Result<usize, Fatal> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        paths.to_vec()
    };
    let (inputs, errors) = ctx.inputs(&paths);
    let res = ctx.resources()?;
    let s = jobs::analyze(&inputs, errors, &res, dir, ctx.quiet)?;
    if !ctx.quiet {
        eprintln!(
            "gonghui: {} inputs, {} read, {} failed; {} documents, {} sections, {} figures in {:.2}s → {}",
            s.inputs,
            s.read,
            s.failed,
            s.documents,
            s.sections,
            s.figures,
            s.run.elapsed_seconds,
            dir.display()
        );
    }
    Ok(s.failed)
}
