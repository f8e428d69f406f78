//! `gonghui sections`: documents and their section trees.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::for_each_read;
use gonghui::output::{Recorder, write_section_tree};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
use crate::args::SectionFormat;

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: SectionFormat,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut docs = Vec::new();
    // The JSON gives each document's figure count and topics: it needs the
    // whole pipeline; the tree as text needs the sections only.
    let stages = match format {
        SectionFormat::Json => Stages::ALL,
        SectionFormat::Text => Stages::SECTIONS,
    };
    let failed = for_each_read(&inputs, &res, stages, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        for i in 0..fa.documents.len() {
            let d = rec.document(i, true);
            match format {
                SectionFormat::Json => docs.push(d),
                SectionFormat::Text => write_section_tree(out, &d)?,
            }
        }
        Ok(())
    })?;
    if let SectionFormat::Json = format {
        serde_json::to_writer_pretty(&mut *out, &docs)?;
        writeln!(out)?;
    }
    Ok(errors.len() + failed)
}
