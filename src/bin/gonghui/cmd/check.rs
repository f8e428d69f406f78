//! `gonghui check`: each promise of a plan against the summary of the same
//! organisation and period. Two files: the plan in one, the summary in the
//! other (either order; `--year`/`--doc` choose in files of several
//! documents). Otherwise every check pair the inputs hold, and the
//! documents that pair with nothing.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::archive::{Archive, TwoFiles};
use gonghui::jobs::check::check;
use gonghui::jobs::for_each_read;
use gonghui::output::check::{CheckRecord, write_checks_csv, write_checks_table};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal, two_files};
use crate::args::{FigureFormat, PairChoice};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    choice: &PairChoice,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let two = two_files(paths, &inputs);
    let mut archive = Archive::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        if two.is_some() {
            archive.add_all(&fa);
        } else {
            archive.add(&fa);
        }
        Ok(())
    })?;
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
        FigureFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        FigureFormat::Jsonl => {
            for r in &records {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
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
    Ok(errors.len() + failed)
}
