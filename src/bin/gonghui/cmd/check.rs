//! `gonghui check`: each promise of a plan against the summary of the same
//! organisation and period. Two files: the plan in one, the summary in the
//! other (either order; `--year`/`--doc` choose in files of several
//! documents). Otherwise every check pair the inputs hold, and the
//! documents that pair with nothing.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::archive::TwoFiles;
use gonghui::jobs::check::check;
use gonghui::output::check::{CheckRecord, write_checks_csv, write_checks_table};

use super::{ArchiveRead, Ctx, Fatal, read_archive, write_json};
use crate::args::{FigureFormat, PairChoice};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    choice: &PairChoice,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let ArchiveRead {
        archive,
        two,
        res,
        failed,
    } = read_archive(ctx, paths)?;
    let mut unpaired = Vec::new();
    let reports = match &two {
        Some((a, b)) => {
            let (plan, summary) = archive
                .pick_two(a, b, TwoFiles::Check, choice.choice()?)
                .map_err(Fatal::Other)?;
            vec![check(plan, summary, &res.matcher)]
        }
        None => {
            let pairs = archive.pairs();
            unpaired = pairs.unpaired.clone();
            archive.checks(&pairs, &res.matcher)
        }
    };
    let records: Vec<CheckRecord> = reports.iter().map(CheckRecord::from).collect();
    match format {
        FigureFormat::Json | FigureFormat::Jsonl => {
            write_json(out, format, &records)?;
        }
        FigureFormat::Csv => write_checks_csv(out, &records)?,
        FigureFormat::Table => {
            write_checks_table(out, &records)?;
            for u in &unpaired {
                writeln!(
                    out,
                    "unpaired {}: {}",
                    u.unit.label(),
                    u.reason.describe(&u.unit)
                )?;
            }
        }
    }
    // In the machine formats the unpaired documents go to stderr, so the
    // output stays one kind of record.
    if !matches!(format, FigureFormat::Table) && !ctx.quiet {
        for u in &unpaired {
            eprintln!(
                "gonghui: unpaired {}: {}",
                u.unit.label(),
                u.reason.describe(&u.unit)
            );
        }
    }
    if records.is_empty() && !ctx.quiet {
        eprintln!("gonghui: no plan and summary of the same organisation and period found");
    }
    Ok(failed)
}
