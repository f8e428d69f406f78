//! Throughput of each stage and of the whole pipeline, in MB/s of input, on
//! a corpus generated reproducibly from `corpus/` and the seed reports
//! (`gonghui bench-corpus`). Size: GONGHUI_BENCH_MB (default 50).
//!
//! cargo bench --bench pipeline

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gonghui::clean::{CleanText, clean};
use gonghui::document::Document;
use gonghui::figure::Figure;
use gonghui::jobs::build_bench_corpus;
use gonghui::pipeline::{Resources, Stages, analyze_source};
use gonghui::read::{SourceFile, decode};
use gonghui::section::build_sections;
use gonghui::topic::FigureContext;
use rayon::prelude::*;

struct Corpus {
    files: Vec<(String, Vec<u8>)>,
    bytes: u64,
}

fn corpus() -> Corpus {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mb: u64 = std::env::var("GONGHUI_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let dir = std::env::temp_dir().join(format!("gonghui-bench-{mb}mb"));
    let sources = vec![root.join("corpus"), root.join("../shared/seeds")];
    if !dir.join("bench_00000.txt").exists() {
        build_bench_corpus(&sources, mb << 20, &dir).expect("bench corpus");
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    eprintln!(
        "bench corpus: {} files, {:.1} MB in {}",
        files.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    Corpus { files, bytes }
}

fn decoded(c: &Corpus) -> Vec<SourceFile> {
    c.files
        .iter()
        .map(|(n, b)| decode(n, b.clone()).unwrap())
        .collect()
}

fn stages(crit: &mut Criterion) {
    let c = corpus();
    let res = Resources::load(None).unwrap();
    let sources = decoded(&c);
    let cleaned: Vec<CleanText> = sources.iter().map(clean).collect();
    let docs: Vec<Vec<Document>> = cleaned.iter().map(|ct| res.splitter.split(ct)).collect();

    let mut g = crit.benchmark_group("stage");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(c.bytes));
    g.bench_function("read", |b| {
        b.iter(|| {
            c.files
                .iter()
                .map(|(n, bytes)| decode(n, bytes.clone()).unwrap().text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("clean", |b| {
        b.iter(|| sources.iter().map(|s| clean(s).text.len()).sum::<usize>())
    });
    g.bench_function("documents", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .map(|ct| res.splitter.split(ct).len())
                .sum::<usize>()
        })
    });
    g.bench_function("sections", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .zip(&docs)
                .map(|(ct, ds)| {
                    ds.iter()
                        .map(|d| build_sections(ct, d).sections.len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("figures", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .zip(&docs)
                .map(|(ct, ds)| {
                    ds.iter()
                        .map(|d| {
                            res.figures
                                .extract(&ct.text, d.start, d.end, d.year())
                                .len()
                        })
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    // The tagger's work for the figures found above, as the pipeline does
    // it: one pass over each document for its terms, then every figure's
    // topics and the document's shares read from them. Held to at most 2×
    // the figure stage.
    let found: Vec<Vec<Vec<Figure>>> = cleaned
        .iter()
        .zip(&docs)
        .map(|(ct, ds)| {
            ds.iter()
                .map(|d| res.figures.extract(&ct.text, d.start, d.end, d.year()))
                .collect()
        })
        .collect();
    g.bench_function("topics", |b| {
        b.iter(|| {
            let mut n = 0;
            for ((ct, ds), figs) in cleaned.iter().zip(&docs).zip(&found) {
                for (d, figs) in ds.iter().zip(figs) {
                    let hits = res.tagger.text_hits(&ct.text, (d.start, d.end));
                    for f in figs {
                        let (s0, s1) = f.sentence;
                        let cx = FigureContext {
                            sentence: &ct.text[s0..s1],
                            clause: (f.clause.0 - s0, f.clause.1 - s0),
                            figure: (f.start - s0, f.end - s0),
                            headings: &[],
                            following: "",
                            preamble: false,
                            date: false,
                        };
                        n += res.tagger.figure_topics_in(&cx, s0, &hits).len();
                    }
                    let body = (d.body_start.min(d.end), d.end);
                    n += res.tagger.document_topics_in(&ct.text, body, &hits).len();
                }
            }
            n
        })
    });
    g.finish();

    let mut g = crit.benchmark_group("pipeline");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(c.bytes));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        g.bench_function(format!("all-stages/{threads}-threads"), |b| {
            b.iter(|| {
                pool.install(|| {
                    c.files
                        .par_iter()
                        .map(|(n, bytes)| {
                            let sf = decode(n, bytes.clone()).unwrap();
                            analyze_source(sf, &res, Stages::ALL).documents.len()
                        })
                        .sum::<usize>()
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
