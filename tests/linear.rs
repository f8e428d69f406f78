//! Text with many figures and no sentence end (a flattened table) stays
//! linear: each figure's context is bounded, so the output grows with the
//! input, not with its square. (Speed itself is measured in benches/.)

use gonghui::output::Recorder;
use gonghui::pipeline::{Resources, Stages, analyze_source};
use gonghui::read::decode;

#[test]
fn a_megabyte_of_figures_without_sentence_ends_gives_linear_output() {
    let res = Resources::load(None).unwrap();
    let text = format!("县总工会2019年工作总结\n{}", "投入5万元，".repeat(66_000));
    assert!(text.len() > 1_000_000);
    let fa = analyze_source(
        decode("flat.txt", text.clone().into_bytes()).unwrap(),
        &res,
        Stages::ALL,
    );
    let rec = Recorder::new(&fa);
    let figures = rec.figures();
    assert!(figures.len() >= 65_000, "{} figures", figures.len());
    let context: usize = figures.iter().map(|f| f.sentence.len()).sum();
    // Each figure quotes its clause here (投入5万元), never the whole line.
    assert!(
        context <= 4 * text.len(),
        "context {} bytes for {} of input",
        context,
        text.len()
    );
    let items: usize = (0..fa.documents.len()).map(|d| rec.items(d).len()).sum();
    assert!(items >= 1);
}
