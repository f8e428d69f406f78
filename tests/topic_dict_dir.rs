//! A user extends or replaces a topic dictionary in a `--dict-dir`
//! directory and the tags change at run time, with no rebuild.

use gonghui::dict::Dictionaries;
use gonghui::topic::TopicTagger;

fn first(t: &TopicTagger, clause: &str) -> &'static str {
    t.figure_topics_simple(clause, clause, &[])[0].topic
}

#[test]
fn added_term_changes_tags() {
    let clause = "组织掼蛋友谊赛12场";
    let embedded = TopicTagger::new(&Dictionaries::embedded()).expect("embedded");
    let before = first(&embedded, "开展飞盘联谊3场");
    assert_ne!(before, "sports", "飞盘 is not in the embedded sports list");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("topics")).expect("mkdir");
    std::fs::write(dir.path().join("topics/sports.txt"), "# mine\n飞盘 3\n").expect("write");
    let d = Dictionaries::load(Some(dir.path())).expect("load");
    assert!(d.unknown_files().is_empty());
    let user = TopicTagger::new(&d).expect("tagger");
    assert_eq!(first(&user, "开展飞盘联谊3场"), "sports");
    // The embedded terms are still there: the file was appended.
    assert_eq!(first(&user, clause), first(&embedded, clause));
}

#[test]
fn replaced_file_drops_embedded_terms() {
    let clause = "举办3期合唱培训";
    let embedded = TopicTagger::new(&Dictionaries::embedded()).expect("embedded");
    assert_eq!(first(&embedded, "参加合唱比赛2次"), "culture");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("topics")).expect("mkdir");
    std::fs::write(dir.path().join("topics/culture.txt"), "#replace\n书法\n").expect("write");
    let user =
        TopicTagger::new(&Dictionaries::load(Some(dir.path())).expect("load")).expect("tagger");
    assert_ne!(first(&user, "参加合唱比赛2次"), "culture");
    assert_eq!(first(&user, "参加书法比赛2次"), "culture");
    assert_eq!(first(&user, clause), "training");
}

#[test]
fn user_jieba_word_changes_segmentation() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("jieba_user.txt"), "暖心驿站 20000 n\n").expect("write");
    let before = TopicTagger::new(&Dictionaries::embedded()).expect("embedded");
    assert!(!before.segment("建设暖心驿站").contains(&"暖心驿站"));
    let user =
        TopicTagger::new(&Dictionaries::load(Some(dir.path())).expect("load")).expect("tagger");
    assert!(user.segment("建设暖心驿站").contains(&"暖心驿站"));
}
