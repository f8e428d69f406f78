//! `gonghui text`: the text view of each input, as every stage reads it.
//! One input prints its text as it is (a span of a Word or PDF result is a
//! byte range of this output); several are each headed `==> NAME <==`.
//! `--format json` gives per input the format, encoding, text and, for
//! Word, PDF and web archives, where each line came from.

use std::io::Write;
use std::path::PathBuf;

use gonghui::read::{Origin, read_input};

use super::{Ctx, Fatal};
use crate::args::SectionFormat;

#[derive(serde::Serialize)]
struct TextRecord<'a> {
    file: String,
    format: &'static str,
    encoding: &'static str,
    text: &'a str,
    lines: &'a [Origin],
}

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: SectionFormat,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let mut failed = errors.len();
    let many = inputs.len() > 1;
    let mut first = true;
    if let SectionFormat::Json = format {
        write!(out, "[")?;
    }
    for input in &inputs {
        let sf = match read_input(input) {
            Ok(sf) => sf,
            Err(e) => {
                eprintln!("gonghui: {e}");
                failed += 1;
                continue;
            }
        };
        if !ctx.quiet {
            for w in &sf.warnings {
                eprintln!("gonghui: {w}");
            }
        }
        match format {
            SectionFormat::Text => {
                if many {
                    writeln!(out, "{}==> {} <==", if first { "" } else { "\n" }, sf.name)?;
                }
                out.write_all(sf.text.as_bytes())?;
            }
            SectionFormat::Json => {
                if !first {
                    write!(out, ",")?;
                }
                let rec = TextRecord {
                    file: sf.name.clone(),
                    format: sf.format.name(),
                    encoding: sf.encoding.name(),
                    text: &sf.text,
                    lines: &sf.origins,
                };
                writeln!(out)?;
                serde_json::to_writer_pretty(&mut *out, &rec)?;
            }
        }
        first = false;
    }
    if let SectionFormat::Json = format {
        writeln!(out, "\n]")?;
    }
    Ok(failed)
}
