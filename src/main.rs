//! The `gonghui` command line: parses flags, runs a job of the library,
//! prints. Exit code 0 when all inputs were read, 1 when some failed, 2 for
//! bad usage.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gonghui::dict::TOPICS;
use gonghui::jobs::{self, FigureFilter, GroupBy, StatsBuilder};
use gonghui::output::{self, FIGURE_CSV_HEADER, FIGURE_TABLE_HEADER, Recorder, SectionNode};
use gonghui::pipeline::{FileAnalysis, Resources, Stages};
use gonghui::read::{InputSource, ReadError, collect_inputs};

#[derive(Parser)]
#[command(
    name = "gonghui",
    version,
    about = "Reads Chinese trade-union work plans (工作计划) and summaries (工作总结) into documents, sections, figures and topics"
)]
struct Cli {
    /// Directory of dictionary files that extend (or, with a first line
    /// `#replace`, replace) the built-in ones, e.g. DIR/topics/aid.txt.
    #[arg(long, global = true, value_name = "DIR")]
    dict_dir: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar and no per-file error lines (the count is still
    /// reported).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The whole pipeline over PATHs (default: corpus/), tables into --out.
    Analyze {
        paths: Vec<PathBuf>,
        #[arg(long, short, value_name = "DIR", default_value = "out")]
        out: PathBuf,
    },
    /// Documents and their section trees.
    Sections {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = SectionFormat::Text)]
        format: SectionFormat,
    },
    /// Figures: amounts, counts, percentages, dates, frequencies.
    Figures {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = FigureFormat::Table)]
        format: FigureFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Topics of each document with their share of the text and figures.
    Topics {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = TopicFormat::Table)]
        format: TopicFormat,
    },
    /// Aggregates of figures (count, sum in yuan, min, max, mean), grouped.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Group by these, comma separated: topic, year, kind (of the
        /// document), org, file, unit. Figure kind and unit always group.
        #[arg(long, value_delimiter = ',', default_value = "topic")]
        by: Vec<String>,
        #[arg(long, short, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Builds a reproducible benchmark corpus from the texts under PATHs.
    BenchCorpus {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Size, e.g. 50MB, 1GB, 500KB.
        #[arg(long, default_value = "50MB")]
        size: String,
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct FilterArgs {
    /// Keep only figures of this kind (amount, count, percent, date,
    /// frequency); repeatable.
    #[arg(long = "kind", value_name = "K")]
    kinds: Vec<String>,
    /// Keep only figures whose first topic is T (aid, sports …); repeatable.
    #[arg(long = "topic", value_name = "T")]
    topics: Vec<String>,
    /// Also count figures of documents that repeat an earlier one.
    #[arg(long)]
    include_duplicates: bool,
}

impl FilterArgs {
    fn filter(&self) -> Result<FigureFilter, String> {
        for k in &self.kinds {
            if gonghui::figure::FigureKind::parse(k).is_none() {
                return Err(format!(
                    "unknown figure kind '{k}' (amount, count, percent, date, frequency)"
                ));
            }
        }
        for t in &self.topics {
            if !TOPICS.iter().any(|(id, _)| id == t) {
                let ids: Vec<&str> = TOPICS.iter().map(|(id, _)| *id).collect();
                return Err(format!("unknown topic '{t}' (one of: {})", ids.join(", ")));
            }
        }
        Ok(FigureFilter {
            kinds: self.kinds.clone(),
            topics: self.topics.clone(),
            include_duplicates: self.include_duplicates,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SectionFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FigureFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum TopicFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    Table,
    Json,
    Csv,
}

/// A failure that ends the run: usage (exit 2) or I/O (exit 1).
enum Fatal {
    Usage(String),
    Other(String),
}

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Self {
        Fatal::Other(e.to_string())
    }
}

impl From<csv::Error> for Fatal {
    fn from(e: csv::Error) -> Self {
        Fatal::Other(e.to_string())
    }
}

impl From<serde_json::Error> for Fatal {
    fn from(e: serde_json::Error) -> Self {
        Fatal::Other(e.to_string())
    }
}

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
        Err(Fatal::Other(m)) => {
            if m.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("gonghui: {m}");
            ExitCode::from(1)
        }
    }
}

/// Runs the command; returns how many inputs failed.
fn run(cli: Cli) -> Result<usize, Fatal> {
    let res = || -> Result<Resources, Fatal> {
        let r =
            Resources::load(cli.dict_dir.as_deref()).map_err(|e| Fatal::Usage(e.to_string()))?;
        for p in r.dicts.unknown_files() {
            eprintln!(
                "gonghui: warning: {} extends no built-in dictionary; ignored",
                p.display()
            );
        }
        for l in r.figures.roles().unknown_entries() {
            eprintln!("gonghui: warning: roles.txt: `{l}` names no known class; ignored");
        }
        Ok(r)
    };
    let quiet = cli.quiet;
    // Not locked: the output is written from the thread that writes results
    // while the workers go on.
    let mut out = io::BufWriter::new(io::stdout());
    let failed = match &cli.command {
        Command::Analyze { paths, out: dir } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from("corpus")]
            } else {
                paths.clone()
            };
            let (inputs, errors) = inputs(&paths, quiet);
            let res = res()?;
            let s = jobs::analyze(&inputs, errors, &res, dir, quiet)?;
            if !quiet {
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
            s.failed
        }
        Command::Sections { paths, format } => {
            let (inputs, errors) = inputs(paths, quiet);
            let res = res()?;
            sections(&inputs, errors.len(), &res, *format, quiet, &mut out)?
        }
        Command::Figures {
            paths,
            format,
            filter,
        } => {
            let filter = filter.filter().map_err(Fatal::Usage)?;
            let (inputs, errors) = inputs(paths, quiet);
            let res = res()?;
            figures(
                &inputs,
                errors.len(),
                &res,
                *format,
                &filter,
                quiet,
                &mut out,
            )?
        }
        Command::Topics { paths, format } => {
            let (inputs, errors) = inputs(paths, quiet);
            let res = res()?;
            topics(&inputs, errors.len(), &res, *format, quiet, &mut out)?
        }
        Command::Stats {
            paths,
            by,
            format,
            filter,
        } => {
            let by = by
                .iter()
                .map(|b| {
                    GroupBy::parse(b).ok_or_else(|| {
                        Fatal::Usage(format!(
                            "unknown --by '{b}' (topic, year, kind, org, file, unit)"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let filter = filter.filter().map_err(Fatal::Usage)?;
            let (inputs, errors) = inputs(paths, quiet);
            let res = res()?;
            stats(
                &inputs,
                errors.len(),
                &res,
                by,
                *format,
                &filter,
                quiet,
                &mut out,
            )?
        }
        Command::BenchCorpus {
            paths,
            size,
            out: dir,
        } => {
            let size = parse_size(size)
                .ok_or_else(|| Fatal::Usage(format!("bad --size '{size}' (e.g. 50MB)")))?;
            let (files, bytes) = jobs::build_bench_corpus(paths, size, dir)?;
            eprintln!(
                "gonghui: wrote {files} files, {bytes} bytes to {}",
                dir.display()
            );
            0
        }
    };
    out.flush()?;
    if failed > 0 && !quiet {
        eprintln!("gonghui: {failed} input(s) failed");
    }
    Ok(failed)
}

fn inputs(paths: &[PathBuf], quiet: bool) -> (Vec<InputSource>, Vec<ReadError>) {
    let (inputs, errors) = collect_inputs(paths);
    if !quiet {
        for e in &errors {
            eprintln!("gonghui: {e}");
        }
    }
    (inputs, errors)
}

/// Runs the pipeline over the inputs and hands each analysed file to `f`
/// in input order; a file that fails is reported and counted.
fn each_file<F>(
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
    jobs::for_each_file(inputs, res, stages, |_, r| match r {
        Err(e) => {
            if !quiet {
                eprintln!("gonghui: {e}");
            }
            failed += 1;
            Ok(())
        }
        Ok(fa) => f(fa),
    })?;
    Ok(failed)
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1u64 << 30)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1 << 20)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1 << 10)
    } else {
        (s.strip_suffix('B').unwrap_or(&s), 1)
    };
    let n: f64 = num.trim().parse().ok()?;
    (n > 0.0).then_some((n * mult as f64) as u64)
}

fn sections(
    inputs: &[InputSource],
    mut failed: usize,
    res: &Resources,
    format: SectionFormat,
    quiet: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let mut docs = Vec::new();
    failed += each_file(inputs, res, Stages::SECTIONS, quiet, |fa| {
        let rec = Recorder::new(&fa);
        for i in 0..fa.documents.len() {
            let d = rec.document(i, true);
            match format {
                SectionFormat::Json => docs.push(d),
                SectionFormat::Text => print_document_tree(out, &d)?,
            }
        }
        Ok(())
    })?;
    if let SectionFormat::Json = format {
        serde_json::to_writer_pretty(&mut *out, &docs)?;
        writeln!(out)?;
    }
    Ok(failed)
}

fn print_document_tree(out: &mut dyn Write, d: &output::DocumentRecord) -> io::Result<()> {
    let year = d
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "year?".into());
    let mut facts = vec![d.kind.to_string(), year];
    facts.extend(d.org.clone());
    facts.extend(d.period.clone());
    writeln!(
        out,
        "{}:{}-{}  [{}] {}  ({})",
        d.file,
        d.start_line,
        d.end_line,
        d.doc,
        d.title,
        facts.join(", ")
    )?;
    for p in &d.parts {
        writeln!(
            out,
            "    part: {} {} lines {}-{}",
            p.kind,
            p.year.map(|y| y.to_string()).unwrap_or_default(),
            p.start_line,
            p.end_line
        )?;
    }
    if let Some(dup) = d.duplicate_of {
        writeln!(out, "    repeats document [{dup}]")?;
    }
    fn node(out: &mut dyn Write, n: &SectionNode, depth: usize) -> io::Result<()> {
        writeln!(
            out,
            "{}{}{}  (line {})",
            "  ".repeat(depth + 2),
            n.marker,
            n.heading,
            n.line
        )?;
        for c in &n.children {
            node(out, c, depth + 1)?;
        }
        Ok(())
    }
    for n in d.sections.iter().flatten() {
        node(out, n, 0)?;
    }
    writeln!(out)
}

fn figures(
    inputs: &[InputSource],
    mut failed: usize,
    res: &Resources,
    format: FigureFormat,
    filter: &FigureFilter,
    quiet: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let mut all = Vec::new();
    failed += each_file(inputs, res, Stages::ALL, quiet, |fa| {
        for f in jobs::filtered_figures(&fa, filter) {
            match format {
                FigureFormat::Jsonl => {
                    serde_json::to_writer(&mut *out, &f).map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                _ => all.push(f),
            }
        }
        Ok(())
    })?;
    match format {
        FigureFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        FigureFormat::Table => {
            let rows: Vec<Vec<String>> = all.iter().map(output::figure_table_row).collect();
            output::write_table(out, FIGURE_TABLE_HEADER, &rows, 40)?;
        }
        FigureFormat::Csv => {
            let mut w = output::csv_writer(&mut *out)?;
            w.write_record(FIGURE_CSV_HEADER)?;
            for f in &all {
                w.write_record(output::figure_csv_row(f))?;
            }
            w.flush()?;
        }
        FigureFormat::Jsonl => {}
    }
    Ok(failed)
}

fn topics(
    inputs: &[InputSource],
    mut failed: usize,
    res: &Resources,
    format: TopicFormat,
    quiet: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    #[derive(serde::Serialize)]
    struct TopicRow {
        topic: &'static str,
        label: &'static str,
        share: f64,
        figures: usize,
    }
    #[derive(serde::Serialize)]
    struct DocTopics {
        file: String,
        doc: usize,
        title: String,
        kind: &'static str,
        year: Option<i32>,
        start_line: usize,
        topics: Vec<TopicRow>,
    }
    let mut docs = Vec::new();
    failed += each_file(inputs, res, Stages::ALL, quiet, |fa| {
        let rec = Recorder::new(&fa);
        let figs = rec.figures();
        for i in 0..fa.documents.len() {
            let d = rec.document(i, false);
            let topics = d
                .topics
                .iter()
                .map(|t| TopicRow {
                    topic: t.topic,
                    label: output::topic_label(t.topic),
                    share: t.score,
                    figures: figs
                        .iter()
                        .filter(|f| f.doc == i && f.topics.first() == Some(&t.topic))
                        .count(),
                })
                .collect();
            docs.push(DocTopics {
                file: d.file,
                doc: i,
                title: d.title,
                kind: d.kind,
                year: d.year,
                start_line: d.start_line,
                topics,
            });
        }
        Ok(())
    })?;
    match format {
        TopicFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &docs)?;
            writeln!(out)?;
        }
        TopicFormat::Table => {
            let mut rows = Vec::new();
            for d in &docs {
                for t in &d.topics {
                    rows.push(vec![
                        format!("{}:{}", d.file, d.start_line),
                        d.title.clone(),
                        d.year.map(|y| y.to_string()).unwrap_or_default(),
                        format!("{} {}", t.topic, t.label),
                        format!("{:.1}%", t.share * 100.0),
                        t.figures.to_string(),
                    ]);
                }
            }
            output::write_table(
                out,
                &["document", "title", "year", "topic", "share", "figures"],
                &rows,
                36,
            )?;
        }
    }
    Ok(failed)
}

#[allow(clippy::too_many_arguments)]
fn stats(
    inputs: &[InputSource],
    mut failed: usize,
    res: &Resources,
    by: Vec<GroupBy>,
    format: StatsFormat,
    filter: &FigureFilter,
    quiet: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let mut sb = StatsBuilder::new(by);
    failed += each_file(inputs, res, Stages::ALL, quiet, |fa| {
        for f in jobs::filtered_figures(&fa, filter) {
            sb.add(&f);
        }
        Ok(())
    })?;
    let rows = sb.rows();
    let names = sb.group_names();
    let num = |v: Option<f64>| v.map(output::format_number).unwrap_or_default();
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        StatsFormat::Csv | StatsFormat::Table => {
            let mut header: Vec<&str> = names.clone();
            header.extend(["kind", "unit", "count", "sum", "min", "max", "mean"]);
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut row: Vec<String> = names.iter().map(|n| r.group[*n].clone()).collect();
                    let raw = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                    let f = |v: Option<f64>| {
                        if let StatsFormat::Csv = format {
                            raw(v)
                        } else {
                            num(v)
                        }
                    };
                    row.extend([
                        r.kind.clone(),
                        r.unit.clone(),
                        r.count.to_string(),
                        f(r.sum),
                        f(r.min),
                        f(r.max),
                        f(r.mean),
                    ]);
                    row
                })
                .collect();
            if let StatsFormat::Csv = format {
                let mut w = output::csv_writer(&mut *out)?;
                w.write_record(&header)?;
                for r in &table {
                    w.write_record(r)?;
                }
                w.flush()?;
            } else {
                output::write_table(out, &header, &table, 40)?;
            }
        }
    }
    Ok(failed)
}
