//! The `gonghui` command line: parses flags, runs a job of the library,
//! prints. Exit code 0 when all inputs were read (warnings, such as replaced
//! bytes or skipped FIFOs, do not count), 1 when some failed or the output
//! could not be written, 2 for bad usage, 130 when stopped by SIGINT.
//!
//! `args` holds the flags; `cmd/<subcommand>.rs` runs one subcommand.

mod args;
mod cmd;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use cmd::{Ctx, Fatal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(n) = cli.threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
    {
        eprintln!("gonghui: cannot set threads: {e}");
    }
    match run(cli) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(Fatal::Usage(m)) => {
            eprintln!("gonghui: {m}");
            ExitCode::from(2)
        }
        Err(Fatal::Interrupted(m)) => {
            eprintln!("gonghui: {m}");
            ExitCode::from(130)
        }
        Err(Fatal::Other(m)) => {
            if m.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("gonghui: {m}");
            ExitCode::from(1)
        }
    }
}

/// Standard output whose write errors say what could not be written
/// ("cannot write standard output: No space left on device").
struct Stdout;

impl Stdout {
    fn named(e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("cannot write standard output: {e}"))
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::stdout().write(buf).map_err(Stdout::named)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush().map_err(Stdout::named)
    }
}

/// Runs the command; returns how many inputs failed.
fn run(cli: Cli) -> Result<usize, Fatal> {
    let ctx = Ctx {
        dict_dir: cli.dict_dir,
        quiet: cli.quiet,
        parts: cli.parts,
        parts_file: cli.parts_file,
    };
    // Not locked: the output is written from the thread that writes results
    // while the workers go on.
    let mut out = io::BufWriter::new(Stdout);
    let failed = match &cli.command {
        Command::Analyze { paths, out: dir } => cmd::analyze::run(&ctx, paths, dir)?,
        Command::Sections { paths, format } => cmd::sections::run(&ctx, paths, *format, &mut out)?,
        Command::Figures {
            paths,
            format,
            filter,
            explain,
        } => cmd::figures::run(&ctx, paths, *format, filter, *explain, &mut out)?,
        Command::Items {
            paths,
            format,
            kinds,
        } => cmd::items::run(&ctx, paths, *format, kinds, &mut out)?,
        Command::Topics { paths, format } => cmd::topics::run(&ctx, paths, *format, &mut out)?,
        Command::Pairs { paths, format } => cmd::pairs::run(&ctx, paths, *format, &mut out)?,
        Command::Check {
            paths,
            format,
            choice,
        } => cmd::check::run(&ctx, paths, *format, choice, &mut out)?,
        Command::Compare {
            paths,
            format,
            choice,
            follow,
        } => cmd::compare::run(&ctx, paths, *format, choice, *follow, &mut out)?,
        Command::Report { paths, out, title } => cmd::report::run(&ctx, paths, out, title)?,
        Command::Stats {
            paths,
            by,
            format,
            filter,
        } => cmd::stats::run(&ctx, paths, by, *format, filter, &mut out)?,
        Command::Text { paths, format } => cmd::text::run(&ctx, paths, *format, &mut out)?,
        Command::BenchCorpus {
            paths,
            size,
            out: dir,
        } => cmd::bench_corpus::run(paths, size, dir)?,
    };
    out.flush()?;
    if failed > 0 {
        eprintln!("gonghui: {failed} input(s) failed");
    }
    Ok(failed)
}
