//! `gonghui compare`: one plan against the next plan of the same
//! organisation. Two files: the old plan in the first, the new in the
//! second (a mixed document contributes its plan part). Otherwise every
//! organisation's plans in period order, each consecutive pair compared;
//! with `--follow`, the items followed across all of them.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::archive::{TwoFiles, threads_of};
use gonghui::jobs::compare::compare;
use gonghui::output::check::{
    CompareRecord, ThreadRecord, write_compares_csv, write_compares_table, write_threads_table,
};

use super::{ArchiveRead, Ctx, Fatal, read_archive, write_json};
use crate::args::{FigureFormat, PairChoice};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    choice: &PairChoice,
    follow: Option<usize>,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let ArchiveRead {
        archive,
        two,
        res,
        failed,
    } = read_archive(ctx, paths)?;
    let reports = match &two {
        Some((a, b)) => {
            let (old, new) = archive
                .pick_two(a, b, TwoFiles::Compare, choice.choice()?)
                .map_err(Fatal::Other)?;
            vec![compare(old, new, &res.matcher)]
        }
        None => archive.compares(&archive.pairs(), &res.matcher),
    };
    if reports.is_empty() && !ctx.quiet {
        eprintln!("gonghui: no two plans of one organisation for consecutive periods found");
    }
    if let Some(min_steps) = follow {
        let records: Vec<ThreadRecord> = threads_of(&reports, min_steps, &res.matcher)
            .iter()
            .map(ThreadRecord::from)
            .collect();
        if !write_json(out, format, &records)? {
            write_threads_table(out, &records)?;
        }
        return Ok(failed);
    }
    let records: Vec<CompareRecord> = reports.iter().map(CompareRecord::from).collect();
    match format {
        FigureFormat::Json | FigureFormat::Jsonl => {
            write_json(out, format, &records)?;
        }
        FigureFormat::Csv => write_compares_csv(out, &records)?,
        FigureFormat::Table => write_compares_table(out, &records)?,
    }
    Ok(failed)
}
