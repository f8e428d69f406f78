//! `gonghui report`: the checks, comparisons, threads and numbers over the
//! years of an archive, as one self-contained HTML page.

use std::path::{Path, PathBuf};

use gonghui::jobs::archive::{Archive, threads_of};
use gonghui::jobs::for_each_file;
use gonghui::jobs::report::{ReportBuilder, documents};
use gonghui::output::check::{CheckRecord, CompareRecord, ThreadRecord};
use gonghui::output::report::{DocRow, FailureRow, ReportInput, render_report};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};

/// Items followed through at least this many plans make a thread.
const THREAD_MIN_STEPS: usize = 3;

pub fn run(ctx: &Ctx, paths: &[PathBuf], out: &Path, title: &str) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut archive = Archive::new();
    let mut numbers = ReportBuilder::new();
    let mut failures: Vec<FailureRow> = errors.iter().map(FailureRow::of).collect();
    for_each_file(&inputs, &res, Stages::ALL, |_, r| {
        match r {
            Err(e) => {
                eprintln!("gonghui: {e}");
                failures.push(FailureRow::of(&e));
            }
            Ok(fa) => {
                if !ctx.quiet {
                    for w in &fa.source.warnings {
                        eprintln!("gonghui: {w}");
                    }
                }
                numbers.add(&fa);
                archive.add(&fa);
            }
        }
        Ok(())
    })?;
    let pairs = archive.pairs();
    let checks: Vec<CheckRecord> = archive
        .checks(&pairs, &res.matcher)
        .iter()
        .map(CheckRecord::from)
        .collect();
    let reports = archive.compares(&pairs, &res.matcher);
    let compares: Vec<CompareRecord> = reports.iter().map(CompareRecord::from).collect();
    let threads: Vec<ThreadRecord> = threads_of(&reports, THREAD_MIN_STEPS, &res.matcher)
        .iter()
        .map(ThreadRecord::from)
        .collect();
    let numbers = numbers.finish();
    let page = render_report(&ReportInput {
        title,
        documents: documents(&archive)
            .map(|(f, i, d)| DocRow::of(f, i, d))
            .collect(),
        failures: failures.clone(),
        checks: &checks,
        compares: &compares,
        threads: &threads,
        numbers: &numbers,
    })
    .map_err(|e| Fatal::Other(format!("cannot render the report: {e}")))?;
    std::fs::write(out, page)
        .map_err(|e| Fatal::Other(format!("cannot write {}: {e}", out.display())))?;
    if !ctx.quiet {
        eprintln!(
            "gonghui: wrote {} ({} checks, {} comparisons, {} threads)",
            out.display(),
            checks.len(),
            compares.len(),
            threads.len()
        );
    }
    Ok(failures.len())
}
