//! Jobs over the pipeline: analyze, stats.
