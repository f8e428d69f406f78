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
    let (inputs, errors) = ctx.inputs_and_warnings(&paths)?;
    let res = ctx.resources()?;
    // SIGINT stops the run between files, its staging folder removed.
    let _ = ctrlc::set_handler(|| {
        jobs::INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let s = jobs::analyze(&inputs, errors, &res, dir, ctx.quiet)?;
    if !ctx.quiet {
        eprintln!(
            "gonghui: {} inputs, {} read, {} failed, {} warning(s); {} documents, {} sections, {} figures in {:.2}s → {}",
            s.inputs,
            s.read,
            s.failed,
            s.warnings,
            s.documents,
            s.sections,
            s.figures,
            s.run.elapsed_seconds,
            dir.display()
        );
    }
    Ok(s.failed)
}
