//! gonghui (工会): reads Chinese trade-union work plans and summaries into
//! documents, sections, figures and topics, with exact provenance.
//!
//! Stages, each a module with one input and one output type:
//! [`read`] (bytes → [`read::SourceFile`]) → [`clean`] ([`clean::CleanText`]
//! with a [`source_map::SourceMap`]) → [`document`] ([`document::Document`]s)
//! → [`section`] ([`section::SectionTree`]) → [`figure`]
//! ([`figure::Figure`]s) → [`topic`] ([`topic::TopicScore`]s), run over one
//! file by [`pipeline`] ([`pipeline::FileAnalysis`]).
//!
//! [`jobs`] work on those types: the ordered parallel file runner
//! ([`jobs::runner`]), `analyze` ([`jobs::analyze`](mod@jobs::analyze)),
//! grouped aggregates ([`jobs::stats`]) and the benchmark corpus
//! ([`jobs::bench_corpus`]). [`output`] makes records from them only to
//! print or write them: JSON records, CSV rows as serde structs
//! ([`output::csv`](mod@output::csv)) and tables ([`output::text`]).
//!
//! The `gonghui` binary (`src/bin/gonghui/`) only parses flags
//! (`args.rs`), calls the library and prints, one file per subcommand
//! (`cmd/`).

pub mod clean;
pub mod dict;
/// What check and compare keep of a document: its unit and items.
pub mod digest;
pub mod document;
pub mod figure;
pub mod item;
pub mod jobs;
pub mod lang;
/// Item similarity, figure pairing and assignment: shared by check and compare.
pub mod matching;
pub mod output;
/// Which documents pair for checking and comparing ([`pairs::find_pairs`]).
pub mod pairs;
pub mod pipeline;
pub mod read;
pub mod section;
pub mod source_map;
pub mod span;
pub mod topic;
