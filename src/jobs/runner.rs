//! The ordered parallel file runner every job stands on, and progress
//! reporting.

use std::io::{self, IsTerminal};

use rayon::prelude::*;

use crate::document::DuplicateIndex;
use crate::pipeline::{FileAnalysis, Resources, Stages, analyze_input};
use crate::read::{InputSource, ReadError};

/// Files are analysed in parallel in batches of this many per thread and
/// handed to the sink in input order, so output is deterministic and memory
/// is bounded by a batch, not by the corpus.
const FILES_PER_THREAD_IN_BATCH: usize = 4;

/// Runs the pipeline over `inputs` in parallel and hands each result to
/// `sink` in input order.
pub fn for_each_file<F>(
    inputs: &[InputSource],
    res: &Resources,
    stages: Stages,
    mut sink: F,
) -> io::Result<()>
where
    F: FnMut(&InputSource, Result<FileAnalysis, ReadError>) -> io::Result<()> + Send,
{
    for_each_prepared(inputs, res, stages, |_, r| r, |input, r| sink(input, r))
}

/// Runs the pipeline over `inputs` and hands each file that was read to
/// `f`, in input order. A file that cannot be read is named on stderr and
/// counted; a file's decoding warnings are named too unless `quiet` (not
/// counted); returns how many failed.
pub fn for_each_read<F>(
    inputs: &[InputSource],
    res: &Resources,
    stages: Stages,
    quiet: bool,
    mut f: F,
) -> io::Result<usize>
where
    F: FnMut(FileAnalysis) -> io::Result<()> + Send,
{
    let mut failed = 0;
    for_each_file(inputs, res, stages, |_, r| match r {
        Err(e) => {
            eprintln!("gonghui: {e}");
            failed += 1;
            Ok(())
        }
        Ok(fa) => {
            if !quiet {
                for w in &fa.source.warnings {
                    eprintln!("gonghui: {w}");
                }
            }
            f(fa)
        }
    })?;
    Ok(failed)
}

/// Runs the pipeline over `inputs` in parallel, turns each result into `T`
/// with `prepare` on the worker threads (output bytes, say), and hands them
/// to `sink` in input order on a thread of its own: while it writes one
/// batch, the workers analyse the next. At most two batches wait for it, so
/// memory stays bounded.
///
/// Between analysis and `prepare`, each file's documents are looked up in
/// one [`DuplicateIndex`] in input order, so a document that repeats one
/// of an earlier file (or earlier in its own) names it in `duplicate_of`,
/// whatever the thread count.
pub fn for_each_prepared<T, P, F>(
    inputs: &[InputSource],
    res: &Resources,
    stages: Stages,
    prepare: P,
    mut sink: F,
) -> io::Result<()>
where
    T: Send,
    P: Fn(&InputSource, Result<FileAnalysis, ReadError>) -> T + Sync,
    F: FnMut(&InputSource, T) -> io::Result<()> + Send,
{
    let batch = (rayon::current_num_threads() * FILES_PER_THREAD_IN_BATCH).max(4);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(&[InputSource], Vec<T>)>(1);
        let writer = scope.spawn(move || -> io::Result<()> {
            for (chunk, results) in rx {
                for (input, r) in chunk.iter().zip(results) {
                    sink(input, r)?;
                }
            }
            Ok(())
        });
        let mut duplicates = DuplicateIndex::new();
        for chunk in inputs.chunks(batch) {
            let mut analysed: Vec<Result<FileAnalysis, ReadError>> = chunk
                .par_iter()
                .map(|input| analyze_input(input, res, stages))
                .collect();
            for fa in analysed.iter_mut().flatten() {
                duplicates.mark(&fa.source.name, fa.documents.iter_mut().map(|d| &mut d.doc));
            }
            let results: Vec<T> = chunk
                .par_iter()
                .zip(analysed)
                .map(|(input, r)| prepare(input, r))
                .collect();
            // The writer has stopped only on an error, which join reports.
            if tx.send((chunk, results)).is_err() {
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("output thread panicked")))
    })
}

/// Total size of the inputs that are files, for progress reporting.
pub fn total_bytes(inputs: &[InputSource]) -> u64 {
    inputs
        .iter()
        .filter_map(|i| match i {
            InputSource::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            InputSource::Stdin => None,
        })
        .sum()
}

/// A progress bar on stderr, only when stderr is a terminal and not quiet.
pub fn progress_bar(total_bytes: u64, files: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total_bytes);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(format!("0/{files} files"));
    Some(pb)
}
