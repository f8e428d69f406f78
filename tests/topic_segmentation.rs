//! jieba with the union vocabulary (dictionaries/jieba_user.txt) keeps union
//! terms whole in real report sentences. The sentences are read from the
//! seed reports at run time (they are not copied into the repository).

use std::path::Path;

use gonghui::dict::Dictionaries;
use gonghui::lang::sentence::{Cut, split};
use gonghui::topic::TopicTagger;

#[path = "common/shared.rs"]
mod shared;

const TERMS: &[&str] = &[
    "职代会",
    "教代会",
    "送温暖",
    "金秋助学",
    "安康杯",
    "疗休养",
    "入会率",
    "职工之家",
    "五必访",
    "两学一做",
    "工人先锋号",
    "厂务公开",
    "校务公开",
    "集体合同",
    "合理化建议",
    "劳动竞赛",
    "女职工",
    "困难职工",
    "核心价值观",
    "工间操",
    "带薪休假",
    "劳模",
];

fn seed_sentences() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let rd = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed files missing in {}: {e}", dir.display()));
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        out.extend(split(&text, Cut::CLAUSES).map(|(s, e)| text[s..e].to_string()));
    }
    assert!(!out.is_empty(), "no seed sentences in {}", dir.display());
    out
}

#[test]
fn union_vocabulary_stays_whole_in_seed_sentences() {
    if !shared::present("seeds") {
        return;
    }
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("dictionaries");
    let sents = seed_sentences();
    let mut checked = 0;
    let mut found_terms = 0;
    let mut broken = Vec::new();
    for term in TERMS {
        let with: Vec<&String> = sents.iter().filter(|s| s.contains(term)).take(20).collect();
        found_terms += usize::from(!with.is_empty());
        for s in with {
            checked += 1;
            // Whole: no word boundary falls inside any occurrence (a longer
            // word holding the term, like 模范职工之家, keeps it whole).
            let words = tagger.segment(s);
            let mut cuts = Vec::new();
            let mut at = 0;
            for w in &words {
                at += w.len();
                cuts.push(at);
            }
            let inside = s
                .match_indices(term)
                .any(|(i, _)| cuts.iter().any(|&c| c > i && c < i + term.len()));
            if inside {
                broken.push(format!("{term}: {words:?}"));
            }
        }
    }
    println!("{checked} seed sentences checked for {found_terms} terms");
    assert!(
        found_terms >= 15,
        "only {found_terms} of the terms occur in the seeds"
    );
    assert!(checked >= 100, "only {checked} sentences checked");
    assert!(broken.is_empty(), "terms cut apart:\n{}", broken.join("\n"));
}

#[test]
fn terms_not_in_the_user_dictionary_would_be_cut() {
    // The check above means something: without the user dictionary, jieba's
    // general dictionary cuts these terms apart.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("jieba_user.txt"), "#replace\n").expect("write");
    let bare =
        TopicTagger::new(&Dictionaries::load(Some(dir.path())).expect("load")).expect("tagger");
    let cut: Vec<&str> = ["职代会", "五必访", "入会率", "安康杯", "疗休养"]
        .into_iter()
        .filter(|t| !bare.segment(&format!("认真开展{t}工作")).contains(t))
        .collect();
    assert!(
        cut.len() >= 3,
        "only {cut:?} are cut without the user dictionary"
    );
}
