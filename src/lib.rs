//! gonghui (工会): reads Chinese trade-union work plans and summaries into
//! documents, sections, figures and topics, with exact provenance.
//!
//! Stages, each a module with one input and one output type:
//! [`read`] (bytes → [`read::SourceFile`]) → [`clean`] ([`clean::CleanText`]
//! with a [`source_map::SourceMap`]) → [`document`] ([`document::Document`]s)
//! → [`section`] ([`section::SectionTree`]) → [`figure`]
//! ([`figure::Figure`]s) → [`topic`] ([`topic::TopicScore`]s) → [`output`].
//! Jobs over them live in [`pipeline`] and [`jobs`].

pub mod clean;
pub mod dict;
pub mod document;
pub mod figure;
pub mod item;
pub mod jobs;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod section;
pub mod source_map;
pub mod span;
pub mod topic;
