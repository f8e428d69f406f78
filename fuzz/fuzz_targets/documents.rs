//! Any text: documents and their sections never panic and stay inside the
//! text and inside their document.
#![no_main]

use std::sync::OnceLock;

use gonghui::dict::Dictionaries;
use gonghui::document::DocumentSplitter;
use libfuzzer_sys::fuzz_target;

fn splitter() -> &'static DocumentSplitter {
    static S: OnceLock<DocumentSplitter> = OnceLock::new();
    S.get_or_init(|| DocumentSplitter::new(&Dictionaries::embedded()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(sf) = gonghui::read::decode("fuzz", data.to_vec()) else {
        return;
    };
    let clean = gonghui::clean::clean(&sf);
    for doc in splitter().split(&clean) {
        assert!(doc.start <= doc.end && doc.end <= clean.text.len());
        let tree = gonghui::section::build_sections(&clean, &doc);
        for s in &tree.sections {
            assert!(
                doc.start <= s.start && s.start <= s.end && s.end <= doc.end,
                "section {}..{} outside document {}..{}",
                s.start,
                s.end,
                doc.start,
                doc.end
            );
            let _ = tree.path_at(s.start);
        }
    }
});
