//! Any bytes through the pipeline, then the items: no panic, every item
//! inside its document, items in text order and apart, every figure index
//! of an item pointing at a figure inside it, every item record's span
//! inside the file.
#![no_main]

use std::sync::OnceLock;

use gonghui::output::Recorder;
use gonghui::pipeline::{Resources, Stages, analyze_source};
use libfuzzer_sys::fuzz_target;

fn resources() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(|| Resources::load(None).expect("embedded dictionaries load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(sf) = gonghui::read::decode("fuzz", data.to_vec()) else {
        return;
    };
    let len = sf.bytes.len();
    let fa = analyze_source(sf, resources(), Stages::ALL);
    let rec = Recorder::new(&fa);
    for (i, da) in fa.documents.iter().enumerate() {
        let mut last_end = da.doc.start;
        for item in &da.items {
            assert!(item.span.start >= last_end && item.span.start < item.span.end);
            assert!(item.span.end <= da.doc.end);
            last_end = item.span.end;
            for &f in &item.figures {
                let start = da.figures[f].figure.start;
                assert!(item.span.start <= start && start < item.span.end);
            }
        }
        for r in rec.items(i) {
            assert!(r.span.start <= r.span.end && r.span.end <= len);
        }
    }
});
