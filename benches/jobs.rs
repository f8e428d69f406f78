//! Speed of the jobs over analysed documents: `check` and `compare` on
//! 1,000 pairs, built from the pairs of `corpus/` (each corpus pair checked
//! or compared again until 1,000 are done). Analysis is outside the timing:
//! its speed is the `pipeline` bench's.
//!
//! cargo bench --bench jobs

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gonghui::jobs::archive::Archive;
use gonghui::jobs::check::check;
use gonghui::jobs::compare::compare;
use gonghui::pipeline::{Resources, Stages, analyze_input};
use gonghui::read::collect_inputs;

const PAIRS: usize = 1000;

fn jobs(crit: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let res = Resources::load(None).unwrap();
    let (inputs, _) = collect_inputs(&[root.join("corpus")]);
    let mut archive = Archive::new();
    for input in &inputs {
        if let Ok(fa) = analyze_input(input, &res, Stages::ALL) {
            archive.add(&fa);
        }
    }
    let pairs = archive.pairs();
    let checks: Vec<_> = pairs
        .check
        .iter()
        .filter_map(|p| Some((archive.digest(&p.plan)?, archive.digest(&p.summary)?)))
        .collect();
    let compares: Vec<_> = pairs
        .compare
        .iter()
        .filter_map(|p| Some((archive.digest(&p.earlier)?, archive.digest(&p.later)?)))
        .collect();
    assert!(
        !checks.is_empty() && !compares.is_empty(),
        "corpus/ has pairs"
    );
    eprintln!(
        "{} check pairs and {} compare pairs in corpus/, each run again to {PAIRS}",
        checks.len(),
        compares.len()
    );
    let mut g = crit.benchmark_group("jobs");
    g.sample_size(10);
    g.throughput(Throughput::Elements(PAIRS as u64));
    g.bench_function(format!("check/{PAIRS}-pairs"), |b| {
        b.iter(|| {
            let mut n = 0;
            for (plan, summary) in checks.iter().cycle().take(PAIRS) {
                n += check(plan, summary, &res.matcher).items.len();
            }
            n
        })
    });
    g.bench_function(format!("compare/{PAIRS}-pairs"), |b| {
        b.iter(|| {
            let mut n = 0;
            for (old, new) in compares.iter().cycle().take(PAIRS) {
                n += compare(old, new, &res.matcher).pairs.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, jobs);
criterion_main!(benches);
