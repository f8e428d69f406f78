//! The command line's flags (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use gonghui::jobs::{FigureFilter, FilterError, FilterSpec};

#[derive(Parser)]
#[command(
    name = "gonghui",
    version,
    about = "Reads Chinese trade-union work plans (工作计划) and summaries (工作总结) into documents, sections, figures and topics"
)]
pub struct Cli {
    /// Directory of dictionary files that extend (or, with a first line
    /// `#replace`, replace) the built-in ones, e.g. DIR/topics/aid.txt.
    #[arg(long, global = true, value_name = "DIR")]
    pub dict_dir: Option<PathBuf>,
    /// Worker threads (default: all cores; at least 1).
    #[arg(long, global = true, value_name = "N", value_parser = at_least_one)]
    pub threads: Option<usize>,
    /// No progress bar, no warnings and no run summary; failures (each
    /// failed input and their count) are still reported.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Say what a document or part is when the reader gets it wrong:
    /// `[FILE[#DOC[/PART]]=]KIND[:PERIOD]`, e.g. `plan:2022`,
    /// `2021报告.txt#0/1=plan:2022` (KIND: plan, summary, other).
    #[arg(long = "part", global = true, value_name = "SPEC")]
    pub parts: Vec<String>,
    /// A side file of `--part` values, one a line (`#` comments).
    #[arg(long, global = true, value_name = "FILE")]
    pub parts_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// A count of one or more (`--threads 0` is a usage error, not "all cores").
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Say why: the rule that read each figure, the rule and terms
        /// that decided its topic, and the numbers not taken (a set phrase,
        /// a document number, a list marker …). The table lists the numbers
        /// not taken after the figures; json and jsonl give each figure an
        /// `explain` object (`not_taken` of its sentence, `topic_*`).
        #[arg(long)]
        explain: bool,
    },
    /// Items: the promises of plans and the reported results of summaries,
    /// each with its figures and topics.
    Items {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = FigureFormat::Table)]
        format: FigureFormat,
        /// Only items of this kind (promise, result, other); repeatable.
        #[arg(long = "item-kind", value_parser = ["promise", "result", "other"])]
        kinds: Vec<String>,
    },
    /// Topics of each document with their share of the text and figures.
    Topics {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = TopicFormat::Table)]
        format: TopicFormat,
    },
    /// Documents that pair for checking (plan and summary of one org and
    /// period) and comparing (plans of consecutive periods), and why the
    /// others do not.
    Pairs {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = PairsFormat::Table)]
        format: PairsFormat,
    },
    /// Each promise of a plan against the summary of the same organisation
    /// and period: done, partial or not reported, its evidence, each target
    /// against the actual. Two files: a plan and a summary (either order);
    /// else every pair found in the inputs.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = FigureFormat::Table)]
        format: FigureFormat,
        #[command(flatten)]
        choice: PairChoice,
    },
    /// A plan against the next plan of the same organisation: items kept,
    /// rewritten, added, removed; targets raised or lowered. Two files: old
    /// then new; else every consecutive pair found in the inputs.
    Compare {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = FigureFormat::Table)]
        format: FigureFormat,
        #[command(flatten)]
        choice: PairChoice,
        /// Follow items across all plans of each organisation instead:
        /// those found in at least N plans (default 2), with each target's
        /// series.
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "2")]
        follow: Option<usize>,
    },
    /// One HTML page to open, print or mail: the documents read, every
    /// plan checked against its summary, every plan compared with the one
    /// before (and items followed over the years), and aid paid and people
    /// reached per year as charts with their tables. Self-contained: it
    /// fetches nothing.
    Report {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where the page is written.
        #[arg(long, short, value_name = "FILE", default_value = "report.html")]
        out: PathBuf,
        /// The page's title.
        #[arg(long, default_value = "工会工作计划与总结报告")]
        title: String,
    },
    /// Aggregates of figures (count, sum in yuan, min, max, mean), grouped.
    /// Like is added to like only: each row is one figure kind, unit, role,
    /// family (raised is not added to paid), basis (a 其中 breakdown or a
    /// 每人 rate is no total) and, for counts, one counted thing.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Group by these, comma separated: topic, year, doc_kind, org,
        /// file, unit, subject, action.
        #[arg(long, value_delimiter = ',', default_value = "topic")]
        by: Vec<String>,
        #[arg(long, short, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The text view every other command reads: a page's main text, a Word
    /// file's paragraphs (lists numbered, tables a row a line), a PDF's text
    /// layer. Spans of Word, PDF and .mht results are byte offsets into it.
    Text {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = SectionFormat::Text)]
        format: SectionFormat,
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

/// Which documents `check A B` and `compare A B` take from files of
/// several documents.
#[derive(clap::Args)]
pub struct PairChoice {
    /// The year of the pair (check) or of the old plan (compare).
    #[arg(long)]
    pub year: Option<i32>,
    /// Document indices (as `sections` numbers them) in the first file and,
    /// after a colon, in the second: `--doc 2` or `--doc 0:1`.
    #[arg(long, value_name = "A[:B]")]
    pub doc: Option<String>,
}

impl PairChoice {
    pub fn choice(&self) -> Result<gonghui::jobs::archive::Choice, crate::cmd::Fatal> {
        let bad = |s: &str| {
            crate::cmd::Fatal::Usage(format!("--doc {s}: expected A or A:B (document numbers)"))
        };
        let (first_doc, second_doc) = match self.doc.as_deref() {
            None => (None, None),
            Some(s) => {
                let (a, b) = s.split_once(':').unwrap_or((s, ""));
                let a = if a.is_empty() {
                    None
                } else {
                    Some(a.parse().map_err(|_| bad(s))?)
                };
                let b = if b.is_empty() {
                    None
                } else {
                    Some(b.parse().map_err(|_| bad(s))?)
                };
                (a, b)
            }
        };
        Ok(gonghui::jobs::archive::Choice {
            year: self.year,
            first_doc,
            second_doc,
        })
    }
}

#[derive(clap::Args)]
pub struct FilterArgs {
    /// Keep only figures of this kind (amount, count, percent, date,
    /// frequency); repeatable.
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Keep only figures whose first topic is T, by id or label (aid,
    /// 困难帮扶, a topic of --dict-dir); repeatable.
    #[arg(long = "topic", value_name = "T")]
    pub topics: Vec<String>,
    /// Keep only figures of this family (raise, pay, invest, recover, or
    /// 筹集, 发放, 投入, 追回) or with this verb (资助); repeatable.
    #[arg(long = "action", value_name = "A")]
    pub actions: Vec<String>,
    /// Keep only figures whose subject contains S (助学, 困难职工); repeatable.
    #[arg(long = "subject", value_name = "S")]
    pub subjects: Vec<String>,
    /// Keep only figures of this role (target, actual, baseline, change);
    /// repeatable.
    #[arg(long = "role", value_name = "R")]
    pub roles: Vec<String>,
    /// Keep only figures of documents (or mixed parts) of this kind (plan,
    /// summary, mixed, other); repeatable.
    #[arg(long = "doc-kind", value_name = "K")]
    pub doc_kinds: Vec<String>,
    /// Also count figures of documents that repeat an earlier one.
    #[arg(long)]
    pub include_duplicates: bool,
    /// stats: also count the title's and header's figures (the document's
    /// own year, a posting date); `figures` always lists them, marked by
    /// their `place`.
    #[arg(long)]
    pub include_headers: bool,
}

impl FilterArgs {
    pub fn filter(
        &self,
        topics: &[(&'static str, &'static str)],
    ) -> Result<FigureFilter, FilterError> {
        let spec = FilterSpec {
            kinds: self.kinds.clone(),
            topics: self.topics.clone(),
            actions: self.actions.clone(),
            subjects: self.subjects.clone(),
            roles: self.roles.clone(),
            doc_kinds: self.doc_kinds.clone(),
            include_duplicates: self.include_duplicates,
            include_headers: self.include_headers,
        };
        FigureFilter::parse(&spec, topics)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SectionFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FigureFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TopicFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PairsFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
    Csv,
}
