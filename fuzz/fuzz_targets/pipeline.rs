//! Any bytes through the whole pipeline (`pipeline::analyze_source`) and the
//! output records: no panic, every span inside the file.
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
    for f in rec.figures() {
        assert!(f.span[0] <= f.span[1] && f.span[1] <= len);
    }
    for i in 0..fa.documents.len() {
        let d = rec.document(i, true);
        assert!(d.span[0] <= d.span[1] && d.span[1] <= len);
        for s in rec.sections(i) {
            assert!(s.span[0] <= s.span[1] && s.span[1] <= len);
        }
    }
});
