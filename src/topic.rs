//! Topics: what a sentence, a section or a figure is about, from the
//! dictionaries in `dictionaries/topics/`.
//!
//! Matching is done with one Aho-Corasick automaton over every topic term,
//! run on the text itself, so a term counts wherever it stands even when
//! jieba would cut it in two (工会经费 → 工会/经费 still holds 经费). Full
//! segmentation of every sentence would cost as much as figure extraction,
//! so jieba is only asked about short (≤ 2 characters) terms, whose
//! characters may belong to neighbouring words (已经审议 holds 经审, 开会费用
//! holds 会费): it cuts a few characters around the match, and the match
//! counts only when both of its ends are word boundaries.

use daachorse::CharwiseDoubleArrayAhoCorasick;
use jieba_rs::Jieba;
use serde::Serialize;

use crate::dict::{Dictionaries, MAX_TOPICS};
use crate::lang::sentence::{Cut, split};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// Topic id from [`crate::dict::TOPICS`].
    pub topic: &'static str,
    pub score: f32,
}

/// How much of a document is about one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicShare {
    /// Topic id from [`crate::dict::TOPICS`].
    pub topic: &'static str,
    /// Characters of the sentences tagged with the topic over the characters
    /// of all sentences (0..=1). A sentence may carry several topics, so the
    /// shares of a document may add up to more than 1.
    pub share: f32,
    /// Number of sentences tagged with the topic.
    pub sentences: usize,
}

/// One accepted dictionary hit in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TermHit {
    /// Byte range in the text given to [`TopicTagger::hits`].
    pub start: usize,
    pub end: usize,
    pub term: String,
    /// The topics the term counts for, with their weights.
    pub topics: Vec<(&'static str, f32)>,
}

/// The accepted topic terms of a stretch of text (see
/// [`TopicTagger::text_hits`]).
#[derive(Debug, Clone, Default)]
pub struct TextHits {
    range: (usize, usize),
    hits: Vec<(usize, usize, usize)>,
}

/// Where a figure stands, for [`TopicTagger::figure_topics`]. Byte
/// ranges are into `sentence`; ranges that do not fit it (or do not fall on
/// character boundaries) are read as the whole sentence.
#[derive(Debug, Clone, Copy)]
pub struct FigureContext<'a> {
    /// The figure's sentence.
    pub sentence: &'a str,
    /// The figure's clause (between commas/semicolons) within the sentence.
    pub clause: (usize, usize),
    /// The figure itself within the sentence.
    pub figure: (usize, usize),
    /// Enclosing section headings, innermost first.
    pub headings: &'a [&'a str],
    /// Text after the sentence, up to the end of the innermost section (may
    /// be cut short or empty). Read only for a schedule entry (三月份：)
    /// that holds no topic itself: its items are what its dates are about.
    pub following: &'a str,
    /// The figure stands in its document's title or opening paragraph,
    /// before any section.
    pub preamble: bool,
    /// The figure is a date (the report's own period when in the preamble).
    pub date: bool,
}

/// Where a term that counted for a figure's topics stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermPlace {
    /// The figure's clause.
    Clause,
    /// Its sentence, outside the clause.
    Sentence,
    /// The items after a schedule entry (三月份：).
    Items,
    /// One of its section headings.
    Heading,
}

/// Which rule settled a figure's topics (see [`TopicTagger::figure_topics`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The terms of the clause (and weaker hints before it) reached a score
    /// of 1.
    Clause,
    /// The sentence did, with the clause's hints.
    Sentence,
    /// The items of a schedule entry did.
    Items,
    /// A heading did, with the hints of the levels before it.
    Heading,
    /// A date in the document's title or opening paragraph is the report's
    /// own period: `general`.
    ReportPeriod,
    /// A year opening a sentence that announces a list is the period of the
    /// work listed: `general`.
    ListPeriod,
    /// A full date standing alone as its sentence (the signature's date
    /// under a report) dates the document: `general`.
    DateLine,
    /// A figure of the opening paragraph whose clause is not plainly about
    /// one topic is about the report as a whole: `general`.
    ReportAsWhole,
    /// No level reached a score of 1: `general`, the hints after it.
    Nothing,
}

/// One term that counted for a figure's topics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermEvidence {
    pub term: String,
    /// The topic it counted for (a term may count for several, once each).
    pub topic: &'static str,
    /// Its weight in `dictionaries/topics/<topic>.txt`.
    pub weight: f32,
    /// What it added to the topic's ranking score: the weight times its
    /// nearness to the figure in the clause and sentence, the weight over
    /// the item's rank under a schedule entry, the weight in a heading.
    pub score: f32,
    pub place: TermPlace,
    /// For a heading term: which heading, innermost first (an index into
    /// [`FigureContext::headings`]).
    pub heading: Option<usize>,
    /// Its byte range in the text of its place: the sentence for a clause
    /// or sentence term, [`FigureContext::following`] for an item term, the
    /// heading for a heading term.
    pub span: (usize, usize),
    /// Read only to break a tie between the leaders of the deciding level.
    pub tiebreak: bool,
}

/// Why a figure has its topics ([`TopicTagger::explain_figure`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicExplanation {
    /// The figure's topics with their scores, exactly as
    /// [`TopicTagger::figure_topics`] gives them.
    pub topics: Vec<TopicScore>,
    pub decided_by: Decision,
    /// Every term read up to the deciding level (and a tie-break level), in
    /// the order they were read: clause, sentence, items, headings.
    pub terms: Vec<TermEvidence>,
}

impl TopicExplanation {
    /// The terms that counted for the first topic.
    pub fn deciding_terms(&self) -> impl Iterator<Item = &TermEvidence> {
        let first = self.topics.first().map(|t| t.topic);
        self.terms.iter().filter(move |e| Some(e.topic) == first)
    }
}

/// Receives the terms and the decision of one figure as they are read. The
/// tagger's own path uses `()`, which records nothing and compiles away.
trait Trace {
    fn term(&mut self, _e: Evidence) {}
    fn decided(&mut self, _d: Decision) {}
}

impl Trace for () {}

#[derive(Clone, Copy)]
struct Evidence {
    pattern: usize,
    topic: usize,
    weight: f32,
    score: f32,
    place: TermPlace,
    heading: Option<usize>,
    span: (usize, usize),
    tiebreak: bool,
}

struct Recorder {
    terms: Vec<Evidence>,
    decision: Decision,
}

impl Trace for Recorder {
    fn term(&mut self, e: Evidence) {
        self.terms.push(e);
    }
    fn decided(&mut self, d: Decision) {
        self.decision = d;
    }
}

/// Tags text with topics; one instance is shared read-only by all threads.
pub struct TopicTagger {
    /// Topic ids and labels, built-in then custom (`--dict-dir`).
    topics: Vec<(&'static str, &'static str)>,
    jieba: Jieba,
    /// Which char pairs begin and end a word of jieba's dictionary: the
    /// word-boundary check asks it before the trie.
    edges: WordEdges,
    /// Every term, ASCII letters lower-cased, in one automaton that steps
    /// by char (a double array of a few hundred KiB, where a byte DFA of
    /// these terms took 3.4 MB and missed the cache on most steps). Its
    /// values index `folded`.
    terms: CharwiseDoubleArrayAhoCorasick<u32>,
    /// The patterns of each automaton term: more than one where terms
    /// differ only in ASCII case (卡拉OK, 卡拉ok), ascending.
    folded: Vec<Vec<usize>>,
    /// Whether any term holds an ASCII letter (else the text needs no
    /// folding).
    ascii_terms: bool,
    /// Per term: its characters and the topics it counts for.
    patterns: Vec<Pattern>,
    general: usize,
}

struct Pattern {
    term: String,
    chars: usize,
    topics: Vec<(usize, f32)>,
}

#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    #[error("bad dictionary {0}: {1}")]
    Dictionary(String, String),
}

/// Below this, the evidence of one level (clause, sentence, heading) is a
/// hint that is carried on to the next level rather than a decision.
const DECISIVE: f32 = 1.0;
/// Terms this short are checked against jieba's word boundaries.
const SHORT_TERM: usize = 2;
/// Characters of context on each side of a short term given to jieba.
const WINDOW: usize = 3;
/// A sentence counts for every topic scoring at least this part of its best.
const SECONDARY: f32 = 0.5;
const NONE: u32 = u32::MAX;
/// Characters between a term and its figure at which the term counts half:
/// within the figure's clause, and elsewhere in its sentence (a term in
/// another clause is about the figure only when it is close).
const CLAUSE_NEAR_CHARS: f32 = 25.0;
/// In a preamble, a clause must be this plainly about one topic to count.
const PREAMBLE_DECISIVE: f32 = 2.0 * DECISIVE;
/// The clause decides alone only when it holds as much as one unmistakable
/// term (weight 3 in `dictionaries/topics/`); weaker evidence in it is
/// read with the rest of the sentence, nearer terms weighing more: in
/// 新建“女教职工休息室”示范点10个，每个补助2万元 the clause's 补助 is one usual
/// word, and the sentence says whom the money is for. (The clause deciding
/// at 1, as the other levels do, agreed on 9 figures fewer of DEV and 8
/// fewer of DEV2; 3 to 5 agree about as well.)
const CLAUSE_DECISIVE: f32 = 3.0 * DECISIVE;
const SENTENCE_NEAR_CHARS: f32 = 10.0;
/// How much text after a schedule entry is read for its items.
const ITEMS_BYTES: usize = 600;

/// Scores per topic, by index in the tagger's topic list (built-in then
/// custom); unused slots stay 0.
type Scores = [f32; MAX_TOPICS];

impl TopicTagger {
    pub fn new(dicts: &Dictionaries) -> Result<TopicTagger, TopicError> {
        // jieba's own dictionary, pruned to words of frequency 5 or more
        // (dictionaries/README.md): it loads in about half the time, which is
        // most of gonghui's start-up, and the pruned words are rare ones that
        // hardly ever decide a cut. A `\u{E000}` entry keeps the pruned
        // frequency mass, so the log-probabilities of the words that remain
        // are unchanged.
        let mut jieba = Jieba::with_dict(&mut dicts.text("jieba_dict.txt").as_bytes())
            .map_err(|e| TopicError::Dictionary("jieba_dict.txt".into(), e.to_string()))?;
        for (n, line) in dicts.text("jieba_user.txt").lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split_whitespace();
            let word = it.next().unwrap_or_default();
            let freq = match it.next() {
                Some(f) => Some(f.parse::<usize>().map_err(|_| {
                    TopicError::Dictionary(
                        "jieba_user.txt".into(),
                        format!("line {}: frequency {f:?} is not a whole number", n + 1),
                    )
                })?),
                None => None,
            };
            jieba.add_word(word, freq, it.next());
        }
        let edges = WordEdges::of(
            ["jieba_dict.txt", "jieba_user.txt"]
                .iter()
                .flat_map(|f| dicts.text(f).lines())
                .filter_map(|l| l.split_whitespace().next()),
        );

        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index = std::collections::HashMap::<String, usize>::new();
        let topic_list = dicts.topics();
        for (t, (id, _)) in topic_list.iter().enumerate() {
            let name = format!("topics/{id}.txt");
            for (term, weight) in dicts.entries(&name) {
                if !(weight.is_finite() && weight > 0.0) {
                    return Err(TopicError::Dictionary(
                        name,
                        format!("weight of {term:?} must be a positive number"),
                    ));
                }
                let p = *index.entry(term.clone()).or_insert_with(|| {
                    patterns.push(Pattern {
                        chars: term.chars().count(),
                        term: term.clone(),
                        topics: Vec::new(),
                    });
                    patterns.len() - 1
                });
                // A term listed twice for one topic keeps its larger weight,
                // so appending a file through --dict-dir can raise a weight.
                let topics = &mut patterns[p].topics;
                match topics.iter_mut().find(|(x, _)| *x == t) {
                    Some((_, w)) => *w = w.max(weight),
                    None => topics.push((t, weight)),
                }
            }
        }
        // Terms match ASCII letters in any case: the automaton holds them
        // lower-cased, and the text is read lower-cased (which keeps every
        // byte offset).
        let mut folded_index = std::collections::HashMap::<String, usize>::new();
        let mut folded: Vec<Vec<usize>> = Vec::new();
        for (p, pattern) in patterns.iter().enumerate() {
            let key = pattern.term.to_ascii_lowercase();
            let f = *folded_index.entry(key).or_insert_with(|| {
                folded.push(Vec::new());
                folded.len() - 1
            });
            folded[f].push(p);
        }
        let mut keyed: Vec<(String, u32)> = folded_index
            .into_iter()
            .map(|(k, f)| (k, f as u32))
            .collect();
        keyed.sort_unstable();
        let terms = CharwiseDoubleArrayAhoCorasick::with_values(keyed)
            .map_err(|e| TopicError::Dictionary("topics/*.txt".into(), e.to_string()))?;
        let ascii_terms = patterns
            .iter()
            .any(|p| p.term.bytes().any(|b| b.is_ascii_alphabetic()));
        let general = topic_list
            .iter()
            .position(|(id, _)| *id == "general")
            .unwrap_or(0);
        Ok(TopicTagger {
            topics: topic_list,
            jieba,
            edges,
            terms,
            folded,
            ascii_terms,
            patterns,
            general,
        })
    }

    /// Topic ids and labels, built-in then custom.
    pub fn topics(&self) -> &[(&'static str, &'static str)] {
        &self.topics
    }

    fn ranked(&self, s: &Scores, tiebreak: Option<&Scores>) -> Vec<TopicScore> {
        ranked_by(&self.topics, s, tiebreak)
    }

    /// Words of `text` as jieba cuts them with the union vocabulary.
    pub fn segment<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// The dictionary terms found in `text`, in order. A term whose
    /// characters are all covered by longer found terms does not count
    /// (技能竞赛 is competition, not also training through 技能).
    pub fn hits(&self, text: &str) -> Vec<TermHit> {
        self.accepted(text)
            .into_iter()
            .map(|(s, e, p)| TermHit {
                start: s,
                end: e,
                term: self.patterns[p].term.clone(),
                topics: self.patterns[p]
                    .topics
                    .iter()
                    .map(|&(t, w)| (self.topics[t].0, w))
                    .collect(),
            })
            .collect()
    }

    /// Topics of a piece of text, best first; empty when no term matches.
    pub fn tag(&self, text: &str) -> Vec<TopicScore> {
        self.ranked(&self.scores(text), None)
    }

    /// Topics of a figure given only its clause, sentence and headings
    /// (innermost first): [`Self::figure_topics`] with the whole clause
    /// standing for the figure, no following text and not in a preamble.
    pub fn figure_topics_simple(
        &self,
        clause: &str,
        sentence: &str,
        headings: &[&str],
    ) -> Vec<TopicScore> {
        // The clause is normally part of its sentence; when it is not, the
        // two are read one after the other.
        let joined;
        let (sentence, at) = match sentence.find(clause) {
            Some(i) => (sentence, (i, i + clause.len())),
            None => {
                joined = format!("{clause}\n{sentence}");
                (joined.as_str(), (0, clause.len()))
            }
        };
        self.figure_topics(&FigureContext {
            sentence,
            clause: at,
            figure: at,
            headings,
            following: "",
            preamble: false,
            date: false,
        })
    }

    /// Topics of a figure: its clause first, then its sentence, then (for a
    /// schedule entry such as 三月份： that ends its sentence) the items that
    /// follow it, then its section headings from the innermost out. The
    /// first of these levels whose best topic scores at least 1 decides
    /// (the clause alone, when it is not its whole sentence, only at 3, the
    /// weight of one unmistakable term); weaker hints are carried on and
    /// added to the next one. Among the topics of the deciding level, terms
    /// nearer the figure weigh more; ties are broken by the next level.
    /// Never empty: `general` first when nothing reaches a score of 1.
    ///
    /// In a document's preamble (its title and opening paragraph, before any
    /// section) a reader takes a date for the report's own period and the
    /// other figures (the workforce, the year's results) for the report as a
    /// whole: `general`, unless the figure's own clause is clearly about one
    /// topic.
    pub fn figure_topics(&self, cx: &FigureContext<'_>) -> Vec<TopicScore> {
        self.figure_topics_with(cx, &self.accepted(cx.sentence))
    }

    /// The accepted terms of `text[range]`, found once for a whole document
    /// so that its share of topics and the topics of all its figures are read
    /// from one pass (offsets are offsets of `text`).
    pub fn text_hits(&self, text: &str, range: (usize, usize)) -> TextHits {
        let hits = match text.get(range.0..range.1) {
            Some(part) => self
                .accepted(part)
                .into_iter()
                .map(|(s, e, p)| (s + range.0, e + range.0, p))
                .collect(),
            None => Vec::new(),
        };
        TextHits { range, hits }
    }

    /// [`Self::figure_topics`] for a sentence that starts at `sentence_start`
    /// in the text `hits` were found in. No term runs across a sentence or
    /// clause end (they are punctuation), so the sentence's terms are the
    /// hits that lie in it; a sentence outside the hits' range is read anew.
    pub fn figure_topics_in(
        &self,
        cx: &FigureContext<'_>,
        sentence_start: usize,
        hits: &TextHits,
    ) -> Vec<TopicScore> {
        match self.sentence_hits(cx, sentence_start, hits) {
            Some(local) => self.figure_topics_with(cx, &local),
            None => self.figure_topics(cx),
        }
    }

    /// The hits of `hits` that lie in the figure's sentence, in offsets of
    /// the sentence; `None` when the sentence is outside their range.
    fn sentence_hits(
        &self,
        cx: &FigureContext<'_>,
        sentence_start: usize,
        hits: &TextHits,
    ) -> Option<Vec<(usize, usize, usize)>> {
        let end = sentence_start + cx.sentence.len();
        if sentence_start < hits.range.0 || end > hits.range.1 {
            return None;
        }
        let from = hits.hits.partition_point(|h| h.0 < sentence_start);
        Some(
            hits.hits[from..]
                .iter()
                .take_while(|h| h.0 < end)
                .filter(|h| h.1 <= end)
                .map(|&(s, e, p)| (s - sentence_start, e - sentence_start, p))
                .collect(),
        )
    }

    fn figure_topics_with(
        &self,
        cx: &FigureContext<'_>,
        hits: &[(usize, usize, usize)],
    ) -> Vec<TopicScore> {
        self.figure_topics_traced(cx, hits, &mut ())
    }

    /// [`Self::figure_topics`] with the terms that counted and the rule that
    /// decided, for a reader who wants to know why a figure got its topic.
    pub fn explain_figure(&self, cx: &FigureContext<'_>) -> TopicExplanation {
        self.explain_with(cx, &self.accepted(cx.sentence))
    }

    /// [`Self::explain_figure`] read from a document's hits, as
    /// [`Self::figure_topics_in`] reads them (so the explanation is of the
    /// very topics the pipeline gave the figure).
    pub fn explain_figure_in(
        &self,
        cx: &FigureContext<'_>,
        sentence_start: usize,
        hits: &TextHits,
    ) -> TopicExplanation {
        match self.sentence_hits(cx, sentence_start, hits) {
            Some(local) => self.explain_with(cx, &local),
            None => self.explain_figure(cx),
        }
    }

    fn explain_with(
        &self,
        cx: &FigureContext<'_>,
        hits: &[(usize, usize, usize)],
    ) -> TopicExplanation {
        let mut rec = Recorder {
            terms: Vec::new(),
            decision: Decision::Nothing,
        };
        let topics = self.figure_topics_traced(cx, hits, &mut rec);
        let terms = rec
            .terms
            .into_iter()
            .map(|e| TermEvidence {
                term: self.patterns[e.pattern].term.clone(),
                topic: self.topics[e.topic].0,
                weight: e.weight,
                score: e.score,
                place: e.place,
                heading: e.heading,
                span: e.span,
                tiebreak: e.tiebreak,
            })
            .collect();
        TopicExplanation {
            topics,
            decided_by: rec.decision,
            terms,
        }
    }

    fn figure_topics_traced<T: Trace>(
        &self,
        cx: &FigureContext<'_>,
        hits: &[(usize, usize, usize)],
        trace: &mut T,
    ) -> Vec<TopicScore> {
        let sentence = cx.sentence;
        let clause = clamp_range(sentence, cx.clause, (0, sentence.len()));
        let figure = clamp_range(sentence, cx.figure, clause);
        let general_only = || {
            vec![TopicScore {
                topic: self.topics[self.general].0,
                score: 0.0,
            }]
        };
        if cx.date && cx.preamble {
            trace.decided(Decision::ReportPeriod);
            return general_only();
        }
        if cx.date && self.opens_list(sentence, clause, figure) {
            trace.decided(Decision::ListPeriod);
            return general_only();
        }
        if cx.date && is_date_line(sentence, figure) {
            trace.decided(Decision::DateLine);
            return general_only();
        }

        // The clause first; the rest of the sentence only when the clause
        // does not decide (or ties). No term runs across a clause end.
        let clause_hits: Vec<(usize, usize, usize)> = hits
            .iter()
            .filter(|h| h.0 >= clause.0 && h.1 <= clause.1)
            .copied()
            .collect();
        let rest_hits = || -> Vec<(usize, usize, usize)> {
            hits.iter()
                .filter(|h| h.1 <= clause.0 || h.0 >= clause.1)
                .copied()
                .collect()
        };
        let mut acc: Scores = [0.0; MAX_TOPICS];
        let mut rank: Scores = [0.0; MAX_TOPICS];
        let add = |acc: &mut Scores,
                   rank: &mut Scores,
                   hits: &[(usize, usize, usize)],
                   place: TermPlace,
                   trace: &mut T,
                   tiebreak: bool| {
            let in_clause = place == TermPlace::Clause;
            // A term repeated in the clause or sentence counts each time:
            // 举办PPT制作比赛、演讲比赛和知识答卷比赛三项赛事 is about contests
            // (counted once, DEV lost 3 figures and DEV2 gained 1).
            for &(s, e, p) in hits {
                let near = nearness(sentence, (s, e), figure, in_clause);
                for &(t, w) in &self.patterns[p].topics {
                    acc[t] += w;
                    rank[t] += w * near;
                    trace.term(Evidence {
                        pattern: p,
                        topic: t,
                        weight: w,
                        score: w * near,
                        place,
                        heading: None,
                        span: (s, e),
                        tiebreak,
                    });
                }
            }
        };

        add(
            &mut acc,
            &mut rank,
            &clause_hits,
            TermPlace::Clause,
            trace,
            false,
        );
        if cx.preamble {
            // Only a clause that is plainly about one topic escapes the
            // report-as-a-whole reading.
            if best(&acc) >= PREAMBLE_DECISIVE {
                trace.decided(Decision::Clause);
                return self.ranked(&rank, Some(&acc));
            }
            trace.decided(Decision::ReportAsWhole);
            return general_only();
        }
        // A clause that is its whole sentence is the sentence level too,
        // which decides at DECISIVE.
        let whole = clause == (0, sentence.len());
        let clause_decides = if whole { DECISIVE } else { CLAUSE_DECISIVE };
        if best(&acc) >= clause_decides {
            trace.decided(Decision::Clause);
            return self.decide(&acc, &rank, |s| {
                let mut ignored: Scores = [0.0; MAX_TOPICS];
                add(
                    &mut ignored,
                    s,
                    &rest_hits(),
                    TermPlace::Sentence,
                    trace,
                    true,
                );
            });
        }
        if !whole {
            add(
                &mut acc,
                &mut rank,
                &rest_hits(),
                TermPlace::Sentence,
                trace,
                false,
            );
            if best(&acc) >= DECISIVE {
                trace.decided(Decision::Sentence);
                return self.decide(&acc, &rank, |s| self.headings_scores(cx.headings, s, trace));
            }
        }

        // Then the items of a schedule entry, then the headings, each
        // scored only when the levels before it did not decide.
        let items = if is_schedule_entry(sentence) {
            schedule_items(cx.following)
        } else {
            ""
        };
        let levels: Vec<Option<usize>> = (!items.is_empty())
            .then_some(None)
            .into_iter()
            .chain((0..cx.headings.len()).map(Some))
            .collect();
        let level_scores = |level: Option<usize>, trace: &mut T, tiebreak: bool| -> Scores {
            let mut sc: Scores = [0.0; MAX_TOPICS];
            match level {
                None => {
                    // The first item is the one the entry is mostly about:
                    // the k-th line of items counts 1/k.
                    let mut k = 0.0f32;
                    // Each term once, on the first line that holds it.
                    let mut seen: Vec<usize> = Vec::new();
                    for line in items.lines().filter(|l| !l.trim().is_empty()) {
                        k += 1.0;
                        // `line` is a slice of `items`, itself the start of
                        // `following`.
                        let at = line.as_ptr() as usize - items.as_ptr() as usize;
                        // A line's weights are summed, then divided once, as
                        // the tagger always scored them (f32 sums compared
                        // with >= DECISIVE and for ties must not move).
                        let mut line_sc: Scores = [0.0; MAX_TOPICS];
                        for (s, e, p) in self.accepted(line) {
                            if seen.contains(&p) {
                                continue;
                            }
                            seen.push(p);
                            for &(t, w) in &self.patterns[p].topics {
                                line_sc[t] += w;
                                trace.term(Evidence {
                                    pattern: p,
                                    topic: t,
                                    weight: w,
                                    score: w / k,
                                    place: TermPlace::Items,
                                    heading: None,
                                    span: (at + s, at + e),
                                    tiebreak,
                                });
                            }
                        }
                        for (a, x) in sc.iter_mut().zip(line_sc) {
                            *a += x / k;
                        }
                    }
                }
                Some(h) => self.heading_terms(cx.headings[h], h, &mut sc, trace, tiebreak),
            }
            sc
        };
        for (i, &level) in levels.iter().enumerate() {
            let sc = level_scores(level, trace, false);
            for t in 0..acc.len() {
                acc[t] += sc[t];
                rank[t] += sc[t];
            }
            if best(&acc) >= DECISIVE {
                trace.decided(match level {
                    None => Decision::Items,
                    Some(_) => Decision::Heading,
                });
                let top = best(&rank);
                let tied = rank.iter().filter(|&&x| x == top).count() > 1;
                let next = match levels.get(i + 1) {
                    Some(&n) if tied => Some(level_scores(n, trace, true)),
                    _ => None,
                };
                return self.ranked(&rank, next.as_ref());
            }
        }
        // Only weak hints everywhere: nothing fits, but keep the hints after
        // `general` for whoever wants them.
        trace.decided(Decision::Nothing);
        let mut out = general_only();
        out.extend(
            self.ranked(&rank, None)
                .into_iter()
                .filter(|t| t.topic != self.topics[self.general].0),
        );
        out
    }

    /// Ranks a deciding level; the next level is only scored when the
    /// leaders tie.
    fn decide(
        &self,
        acc: &Scores,
        rank: &Scores,
        next: impl FnOnce(&mut Scores),
    ) -> Vec<TopicScore> {
        let top = best(rank);
        let tied = rank.iter().filter(|&&x| x == top).count() > 1;
        if !tied {
            return self.ranked(rank, Some(acc));
        }
        let mut n: Scores = [0.0; MAX_TOPICS];
        next(&mut n);
        self.ranked(rank, Some(&n))
    }

    /// Adds the terms of heading `h` (index innermost first) to `out`. A
    /// heading that reads like a report title (…工作总结) says nothing about
    /// what its figures are about: its `general` terms do not count.
    fn heading_terms<T: Trace>(
        &self,
        heading: &str,
        h: usize,
        out: &mut Scores,
        trace: &mut T,
        tiebreak: bool,
    ) {
        // A heading that names its theme twice (工会工作…工会组织) is no more
        // about it than one naming it once: each term once.
        let mut seen: Vec<usize> = Vec::new();
        for (s, e, p) in self.accepted(heading) {
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            for &(t, w) in &self.patterns[p].topics {
                if t == self.general {
                    continue;
                }
                out[t] += w;
                trace.term(Evidence {
                    pattern: p,
                    topic: t,
                    weight: w,
                    score: w,
                    place: TermPlace::Heading,
                    heading: Some(h),
                    span: (s, e),
                    tiebreak,
                });
            }
        }
    }

    fn headings_scores<T: Trace>(&self, headings: &[&str], out: &mut Scores, trace: &mut T) {
        for (h, heading) in headings.iter().enumerate() {
            self.heading_terms(heading, h, out, trace, true);
        }
    }

    /// A year standing first in a sentence that introduces a list (2018年是
    /// …，校工会将重点做好以下工作：) is the period of the work listed.
    fn opens_list(&self, sentence: &str, clause: (usize, usize), figure: (usize, usize)) -> bool {
        is_schedule_entry(sentence)
            && sentence[..figure.0].trim().is_empty()
            && clause.0 == 0
            && is_bare_year(&sentence[figure.0..figure.1])
    }

    /// Topics of `text[range]` (an item), best first, read from hits found
    /// by [`Self::text_hits`]: every topic scoring at least half the best,
    /// and at least [`DECISIVE`]; `general` when none does.
    pub fn range_topics(&self, range: (usize, usize), hits: &TextHits) -> Vec<&'static str> {
        let mut scores: Scores = [0.0; MAX_TOPICS];
        // Hits are sorted by start: the item's are one run of them.
        let from = hits.hits.partition_point(|h| h.0 < range.0);
        let inside = hits.hits[from..].iter().take_while(|h| h.0 < range.1);
        for &(_, _, p) in inside.filter(|h| h.1 <= range.1) {
            for &(t, w) in &self.patterns[p].topics {
                scores[t] += w;
            }
        }
        let top = best(&scores);
        if top < DECISIVE {
            return vec![self.topics[self.general].0];
        }
        let floor = (top * SECONDARY).max(DECISIVE);
        let mut picked: Vec<(usize, f32)> = scores
            .iter()
            .enumerate()
            .filter(|&(t, &x)| x >= floor && t != self.general)
            .map(|(t, &x)| (t, x))
            .collect();
        picked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        picked.into_iter().map(|(t, _)| self.topics[t].0).collect()
    }

    /// What a document is about: for each topic, the share of the text in
    /// sentences tagged with it, best first. A sentence is tagged with its
    /// best topic and with any other scoring at least half as much; a
    /// sentence without clear evidence counts as `general`.
    pub fn document_topics(&self, text: &str) -> Vec<TopicShare> {
        self.document_topics_from(text, &self.accepted(text))
    }

    /// [`Self::document_topics`] of `text[range]`, read from hits found by
    /// [`Self::text_hits`] on the same text (anew when the range is not
    /// inside theirs).
    pub fn document_topics_in(
        &self,
        text: &str,
        range: (usize, usize),
        hits: &TextHits,
    ) -> Vec<TopicShare> {
        let Some(part) = text.get(range.0..range.1) else {
            return Vec::new();
        };
        if range.0 < hits.range.0 || range.1 > hits.range.1 {
            return self.document_topics(part);
        }
        let local: Vec<(usize, usize, usize)> = hits
            .hits
            .iter()
            .filter(|h| h.0 >= range.0 && h.1 <= range.1)
            .map(|&(s, e, p)| (s - range.0, e - range.0, p))
            .collect();
        self.document_topics_from(part, &local)
    }

    fn document_topics_from(&self, text: &str, hits: &[(usize, usize, usize)]) -> Vec<TopicShare> {
        let mut chars = [0usize; MAX_TOPICS];
        let mut count = [0usize; MAX_TOPICS];
        let mut total = 0usize;
        // One pass of the automaton over the whole text (terms never span a
        // sentence end), its hits then dealt out to the sentences.
        let mut next = 0;
        for (s, e) in split(text, Cut::CLAUSES) {
            let mut scores: Scores = [0.0; MAX_TOPICS];
            while let Some(&(hs, _, p)) = hits.get(next) {
                if hs >= e {
                    break;
                }
                next += 1;
                for &(t, w) in &self.patterns[p].topics {
                    scores[t] += w;
                }
            }
            let n = crate::lang::chars::count_non_space(&text[s..e]);
            if n == 0 {
                continue;
            }
            total += n;
            let top = best(&scores);
            if top < DECISIVE {
                chars[self.general] += n;
                count[self.general] += 1;
                continue;
            }
            let floor = (top * SECONDARY).max(DECISIVE);
            for (t, &x) in scores.iter().enumerate() {
                if x >= floor {
                    chars[t] += n;
                    count[t] += 1;
                }
            }
        }
        let mut out: Vec<TopicShare> = (0..self.topics.len())
            .filter(|&t| count[t] > 0)
            .map(|t| TopicShare {
                topic: self.topics[t].0,
                share: chars[t] as f32 / total.max(1) as f32,
                sentences: count[t],
            })
            .collect();
        out.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.topic.cmp(b.topic)));
        out
    }

    /// [`Self::document_topics`] as `TopicScore`s whose score is the share,
    /// for `DocAnalysis::topics` (documented there as the share of the
    /// document per topic).
    pub fn document_scores(&self, text: &str) -> Vec<TopicScore> {
        self.document_topics(text)
            .into_iter()
            .map(|t| TopicScore {
                topic: t.topic,
                score: t.share,
            })
            .collect()
    }

    fn scores(&self, text: &str) -> Scores {
        let mut s: Scores = [0.0; MAX_TOPICS];
        for (_, _, p) in self.accepted(text) {
            for &(t, w) in &self.patterns[p].topics {
                s[t] += w;
            }
        }
        s
    }

    /// Accepted hits as (start, end, pattern), in text order.
    fn accepted(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let lowered;
        let haystack = if self.ascii_terms && text.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = text.to_ascii_lowercase();
            lowered.as_str()
        } else {
            text
        };
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.terms.find_overlapping_iter(haystack) {
            for &p in &self.folded[m.value() as usize] {
                cands.push((m.start(), m.end(), p));
            }
        }
        if cands.is_empty() {
            return cands;
        }
        // Longest first, so that a term inside a longer accepted one is
        // recognised as covered before jieba is asked about it; among
        // terms of one length, by start.
        sort_longest_first(&mut cands);
        let lo = cands.iter().map(|c| c.0).min().unwrap_or(0);
        let hi = cands.iter().map(|c| c.1).max().unwrap_or(lo);
        // Which accepted hit owns each byte: a term whose bytes are all
        // owned is covered; one that overlaps a hit of one of its own topics
        // (离退休 / 退休教师) would count that topic twice.
        let mut owner = vec![NONE; hi - lo];
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(cands.len());
        for (s, e, p) in cands {
            let span = &owner[s - lo..e - lo];
            if span.iter().all(|&o| o != NONE) {
                continue;
            }
            let shares_topic = span.iter().filter(|&&o| o != NONE).any(|&o| {
                let q = out[o as usize].2;
                self.patterns[q]
                    .topics
                    .iter()
                    .any(|(t, _)| self.patterns[p].topics.iter().any(|(u, _)| u == t))
            });
            if shares_topic {
                continue;
            }
            if self.patterns[p].chars <= SHORT_TERM && !self.on_word_boundaries(text, s, e) {
                continue;
            }
            let id = out.len() as u32;
            owner[s - lo..e - lo].iter_mut().for_each(|o| *o = id);
            out.push((s, e, p));
        }
        out.sort_unstable();
        out
    }

    /// Whether `text[s..e]` stands on its own in jieba's cut of a few
    /// characters around it: no word runs from before the term into it or
    /// from inside it past its end (已经|审议 for 经审). A word holding the
    /// whole term (体育场 for 体育) is fine for terms of two characters or
    /// more; a one-character term must be a word by itself.
    fn on_word_boundaries(&self, text: &str, s: usize, e: usize) -> bool {
        let first_end = text[s..].chars().next().map_or(s, |c| s + c.len_utf8());
        let single = first_end >= e;
        if !single {
            // jieba (without its HMM) only joins characters into dictionary
            // words, so when no word ends on the term's first character
            // coming from before it and none starts on its last character
            // running past it, nothing can straddle the term: a few trie
            // look-ups instead of a cut. (Exact for two-character terms,
            // which are the ones checked.)
            let last_start = text[..e].char_indices().next_back().map_or(e, |(i, _)| i);
            // Every word that could run into the term ends with the char
            // before it and the term's first; every one running out of it
            // starts with its last char and the one after. Most such pairs
            // end or begin no word, and the pair tables say so in one
            // look-up where the trie takes several.
            let first = text[s..].chars().next();
            let last = text[last_start..].chars().next();
            let may_run_in = text[..s]
                .chars()
                .next_back()
                .zip(first)
                .is_some_and(|(a, b)| self.edges.may_end(a, b));
            let may_run_out = last
                .zip(text[e..].chars().next())
                .is_some_and(|(a, b)| self.edges.may_begin(a, b));
            let into_start = may_run_in
                && text[..s]
                    .char_indices()
                    .rev()
                    .take(WINDOW)
                    .any(|(b, _)| self.jieba.has_word(&text[b..first_end]));
            let out_of_end = may_run_out
                && text[e..]
                    .char_indices()
                    .take(WINDOW)
                    .any(|(i, c)| self.jieba.has_word(&text[last_start..e + i + c.len_utf8()]));
            if !into_start && !out_of_end {
                return true;
            }
        }
        let ws = text[..s]
            .char_indices()
            .rev()
            .take(WINDOW)
            .last()
            .map_or(s, |(i, _)| i);
        let we = text[e..]
            .char_indices()
            .nth(WINDOW)
            .map_or(text.len(), |(i, _)| e + i);
        let window = &text[ws..we];
        let (s, e) = (s - ws, e - ws);
        let toks = self.jieba.cut(window, false);
        if single {
            return toks.iter().any(|t| t.byte_start == s && t.byte_end == e);
        }
        !toks.iter().any(|t| {
            let (a, z) = (t.byte_start, t.byte_end);
            (a < s && z > s && z < e) || (a > s && a < e && z > e)
        })
    }
}

/// The char pairs that begin a dictionary word and those that end one, as
/// two bit tables hashed by the pair: a clear bit means no word begins (or
/// ends) so; a set bit means one may, and the dictionary is asked. Two
/// 128 KiB tables stay in cache where jieba's trie (megabytes) does not.
struct WordEdges {
    begins: Vec<u64>,
    ends: Vec<u64>,
}

/// log2 of the bits in each table: about 100 000 pairs of each kind set
/// about a tenth of the bits.
const EDGE_BITS: u32 = 20;

impl WordEdges {
    fn of<'a>(words: impl Iterator<Item = &'a str>) -> WordEdges {
        let mut edges = WordEdges {
            begins: vec![0; 1 << (EDGE_BITS - 6)],
            ends: vec![0; 1 << (EDGE_BITS - 6)],
        };
        for w in words {
            let mut chars = w.chars();
            if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
                set_bit(&mut edges.begins, a, b);
            }
            let mut back = w.chars().rev();
            if let (Some(z), Some(y)) = (back.next(), back.next()) {
                set_bit(&mut edges.ends, y, z);
            }
        }
        edges
    }

    /// Whether a word of two or more chars may begin with `a b`.
    fn may_begin(&self, a: char, b: char) -> bool {
        test_bit(&self.begins, a, b)
    }

    /// Whether a word of two or more chars may end with `a b`.
    fn may_end(&self, a: char, b: char) -> bool {
        test_bit(&self.ends, a, b)
    }
}

fn pair_bit(a: char, b: char) -> usize {
    let key = (u64::from(a) << 21) | u64::from(b);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - EDGE_BITS)) as usize
}

fn set_bit(table: &mut [u64], a: char, b: char) {
    let i = pair_bit(a, b);
    table[i / 64] |= 1 << (i % 64);
}

fn test_bit(table: &[u64], a: char, b: char) -> bool {
    let i = pair_bit(a, b);
    table[i / 64] & (1 << (i % 64)) != 0
}

/// Sorts hits by length (longest first), then by start: a counting sort by
/// length, since the automaton reports hits by end, and hits of one length
/// ordered by end are ordered by start (a document holds hundreds of
/// thousands of hits, and a comparison sort of them was a tenth of the
/// tagger).
fn sort_longest_first(hits: &mut Vec<(usize, usize, usize)>) {
    let by_end = hits.windows(2).all(|w| w[0].1 <= w[1].1);
    let longest = hits.iter().map(|h| h.1 - h.0).max().unwrap_or(0);
    if !by_end || longest > 256 {
        hits.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        return;
    }
    // Where each length's run begins in the output, longest first.
    let mut begin = vec![0usize; longest + 2];
    for h in hits.iter() {
        begin[longest - (h.1 - h.0) + 1] += 1;
    }
    for i in 1..begin.len() {
        begin[i] += begin[i - 1];
    }
    let mut out = vec![(0, 0, 0); hits.len()];
    for &h in hits.iter() {
        let slot = &mut begin[longest - (h.1 - h.0)];
        out[*slot] = h;
        *slot += 1;
    }
    *hits = out;
}

/// How much a term at `hit` counts for the figure at `fig`, by the
/// characters between them: 1 next to it, ½ at the half distance of its
/// level.
fn nearness(text: &str, hit: (usize, usize), fig: (usize, usize), in_clause: bool) -> f32 {
    let gap = if hit.1 <= fig.0 {
        text.get(hit.1..fig.0)
    } else if hit.0 >= fig.1 {
        text.get(fig.1..hit.0)
    } else {
        None
    };
    let chars = gap.map_or(0, |g| g.chars().count());
    let half = if in_clause {
        CLAUSE_NEAR_CHARS
    } else {
        SENTENCE_NEAR_CHARS
    };
    1.0 / (1.0 + chars as f32 / half)
}

/// `r` if it is an ordered range on character boundaries of `text` within
/// `outer`, else `outer`.
fn clamp_range(text: &str, r: (usize, usize), outer: (usize, usize)) -> (usize, usize) {
    let ok = r.0 <= r.1
        && r.0 >= outer.0
        && r.1 <= outer.1
        && text.is_char_boundary(r.0)
        && text.is_char_boundary(r.1);
    if ok { r } else { outer }
}

/// A sentence that ends in a colon announces what follows (三月份：).
fn is_schedule_entry(sentence: &str) -> bool {
    sentence.trim_end().ends_with(['：', ':'])
}

/// The items of a schedule entry: the following lines up to the next
/// entry (a line ending in a colon), at most [`ITEMS_BYTES`] bytes.
fn schedule_items(following: &str) -> &str {
    let mut end = 0;
    for line in following.split_inclusive('\n') {
        if end > 0 && is_schedule_entry(line) {
            break;
        }
        if end == 0 && is_schedule_entry(line) && !line.trim().is_empty() {
            // The next entry straight away: this one has no items.
            return "";
        }
        end += line.len();
        if end >= ITEMS_BYTES {
            break;
        }
    }
    let mut end = end.min(following.len()).min(ITEMS_BYTES);
    while !following.is_char_boundary(end) {
        end -= 1;
    }
    &following[..end]
}

/// A date of year, month and day that is all its sentence holds
/// (2024年1月25日 under the signature): it dates the document, whatever the
/// last section is about. (Every such date of DEV and DEV2 is labelled
/// general.)
fn is_date_line(sentence: &str, figure: (usize, usize)) -> bool {
    let date = sentence[figure.0..figure.1].trim();
    sentence.trim() == date && date.contains('年') && date.ends_with(['日', '号'])
}

/// 2018年, 二〇一七年: a year and nothing more.
fn is_bare_year(s: &str) -> bool {
    let Some(num) = s.strip_suffix('年') else {
        return false;
    };
    num.chars().count() == 4
        && num
            .chars()
            .all(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九".contains(c))
}

fn best(s: &Scores) -> f32 {
    s.iter().copied().fold(0.0, f32::max)
}

fn ranked_by(
    topics: &[(&'static str, &'static str)],
    s: &Scores,
    tiebreak: Option<&Scores>,
) -> Vec<TopicScore> {
    let mut idx: Vec<usize> = (0..topics.len()).filter(|&t| s[t] > 0.0).collect();
    // On a tie a custom topic (after the built-in ones) goes first: whoever
    // added it wants the text it names counted for it.
    let custom = |t: usize| t >= crate::dict::TOPICS.len();
    idx.sort_by(|&a, &b| {
        s[b].total_cmp(&s[a])
            .then_with(|| match tiebreak {
                Some(n) => n[b].total_cmp(&n[a]),
                None => std::cmp::Ordering::Equal,
            })
            .then_with(|| custom(b).cmp(&custom(a)))
            .then(a.cmp(&b))
    });
    idx.into_iter()
        .map(|t| TopicScore {
            topic: topics[t].0,
            score: s[t],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn tagger() -> &'static TopicTagger {
        static T: OnceLock<TopicTagger> = OnceLock::new();
        T.get_or_init(|| {
            TopicTagger::new(&Dictionaries::embedded()).expect("embedded dictionaries")
        })
    }

    #[test]
    fn word_edges_hold_every_word_and_reject_most_pairs() {
        let t = tagger();
        let dicts = Dictionaries::embedded();
        let words: Vec<Vec<char>> = dicts
            .text("jieba_dict.txt")
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(|w| w.chars().collect())
            .filter(|w: &Vec<char>| w.len() >= 2)
            .collect();
        // A word the table left out would let a straddling word go unseen.
        for w in &words {
            assert!(t.edges.may_begin(w[0], w[1]), "{w:?}");
            assert!(t.edges.may_end(w[w.len() - 2], w[w.len() - 1]), "{w:?}");
        }
        // Pairs of common chars that begin no word: most are rejected, or
        // the table saves nothing.
        let chars: Vec<char> = "工会职工开展活动组织慰问困难全年完成培训".chars().collect();
        let starts: std::collections::HashSet<(char, char)> =
            words.iter().map(|w| (w[0], w[1])).collect();
        let absent: Vec<(char, char)> = chars
            .iter()
            .flat_map(|&a| chars.iter().map(move |&b| (a, b)))
            .filter(|p| !starts.contains(p))
            .collect();
        let passed = absent
            .iter()
            .filter(|(a, b)| t.edges.may_begin(*a, *b))
            .count();
        assert!(passed * 4 < absent.len(), "{passed} of {}", absent.len());
    }

    fn first(v: &[TopicScore]) -> &str {
        v.first().map_or("", |t| t.topic)
    }

    #[test]
    fn clause_decides_before_sentence() {
        let t = tagger();
        let s = "开展慈善一日捐活动，募集善款134万元，工会活动经费划拨率89.94%。";
        assert_eq!(
            first(&t.figure_topics_simple("募集善款134万元", s, &[])),
            "aid"
        );
        assert_eq!(
            first(&t.figure_topics_simple("工会活动经费划拨率89.94%", s, &[])),
            "finance"
        );
    }

    #[test]
    fn a_clause_of_one_usual_word_is_read_with_its_sentence() {
        let t = tagger();
        // 补助 (aid, 1) alone: the sentence says whom the money is for.
        let s = "新建女教职工休息室示范点10个，每个补助2万元。";
        let why = t.explain_figure(&cx(s, "2万元", &[]));
        assert_eq!(first(&why.topics), "women", "{why:?}");
        assert_eq!(why.decided_by, Decision::Sentence);
        // An unmistakable word in the clause still decides alone.
        let s = "新建女教职工休息室示范点10个，发放困难职工慰问金2万元。";
        let why = t.explain_figure(&cx(s, "2万元", &[]));
        assert_eq!(first(&why.topics), "aid", "{why:?}");
        assert_eq!(why.decided_by, Decision::Clause);
    }

    #[test]
    fn falls_back_to_sentence_then_headings_then_general() {
        let t = tagger();
        let s = "下半年，举办一次专题讲座。";
        assert_eq!(
            first(&t.figure_topics_simple("下半年", s, &["四、关心职工生活"])),
            "training"
        );
        assert_eq!(
            first(&t.figure_topics_simple("3月份", "3月份：", &["（二）民主管理", "三、重点工作"])),
            "democracy"
        );
        let g = t.figure_topics_simple("共3项", "共3项。", &[]);
        assert_eq!(
            g,
            vec![TopicScore {
                topic: "general",
                score: 0.0
            }]
        );
    }

    fn cx<'a>(sentence: &'a str, fig: &str, headings: &'a [&'a str]) -> FigureContext<'a> {
        let s = sentence.find(fig).unwrap_or(0);
        let e = s + fig.len();
        let a = sentence[..s].rfind('，').map_or(0, |i| i + '，'.len_utf8());
        let b = sentence[e..].find('，').map_or(sentence.len(), |i| e + i);
        FigureContext {
            sentence,
            clause: (a, b),
            figure: (s, e),
            headings,
            following: "",
            preamble: false,
            date: false,
        }
    }

    #[test]
    fn preamble_figures_are_about_the_report() {
        let t = tagger();
        let s = "2018年，公司工会紧紧围绕安全生产目标，团结带领2300多名职工攻坚克难";
        let mut c = cx(s, "2018年", &[]);
        c.date = true;
        // Outside the preamble the sentence would say safety.
        assert_eq!(first(&t.figure_topics(&c)), "safety");
        c.preamble = true;
        assert_eq!(first(&t.figure_topics(&c)), "general");
        let mut n = cx(s, "2300多名", &[]);
        n.preamble = true;
        assert_eq!(first(&t.figure_topics(&n)), "general");
        // A clause plainly about one topic still says so.
        let mut a = cx("全年开展送温暖活动，发放帮扶资金50万元", "50万元", &[]);
        a.preamble = true;
        assert_eq!(first(&t.figure_topics(&a)), "aid");
    }

    #[test]
    fn year_opening_a_list_is_the_period() {
        let t = tagger();
        let s = "2018年是全面贯彻党的十九大精神的开局之年，校工会将重点做好以下工作：";
        let mut c = cx(s, "2018年", &["二、工作打算"]);
        c.date = true;
        assert_eq!(first(&t.figure_topics(&c)), "general");
    }

    #[test]
    fn a_date_line_dates_the_document() {
        let t = tagger();
        let mut c = cx(
            "2023年1月9日",
            "2023年1月9日",
            &["（六）心理关爱服务不少于1200人次"],
        );
        c.date = true;
        let why = t.explain_figure(&c);
        assert_eq!(first(&why.topics), "general");
        assert_eq!(why.decided_by, Decision::DateLine);
        // A date in a sentence is about what the sentence says.
        let mut c = cx("2023年1月9日举办心理健康讲座", "2023年1月9日", &[]);
        c.date = true;
        assert_eq!(first(&t.figure_topics(&c)), "health");
    }

    #[test]
    fn schedule_entry_takes_its_first_item() {
        let t = tagger();
        let mut c = cx("六月份：", "六月份", &["五、主要工作安排"]);
        c.date = true;
        c.following = "\n1.组织校务公开检查。\n2.举行教职工读书经验交流、朗诵比赛。\n七、八月份：\n组织篮球赛";
        assert_eq!(first(&t.figure_topics(&c)), "democracy");
        // The next entry straight away: no items of its own.
        c.following = "\n七、八月份：\n组织篮球赛";
        assert_eq!(first(&t.figure_topics(&c)), "general");
    }

    #[test]
    fn nearer_terms_weigh_more() {
        let t = tagger();
        // 工会干部 is who is trained; 培训 is what is done.
        let s = "培训工会干部和工会小组长163人次";
        assert_eq!(first(&t.figure_topics(&cx(s, "163人次", &[]))), "training");
        // Nothing in the clause: of the sentence, the nearer clause decides.
        let s = "举办职工篮球赛，开展读书活动，参加职工600人次";
        assert_eq!(first(&t.figure_topics(&cx(s, "600人次", &[]))), "culture");
        let s = "开展读书活动，举办职工篮球赛，参加职工600人次";
        assert_eq!(first(&t.figure_topics(&cx(s, "600人次", &[]))), "sports");
    }

    #[test]
    fn a_heading_counts_each_term_once() {
        let t = tagger();
        // 读书 twice (2.5 each) would outweigh 健身活动 (3).
        let h = ["三、倡导读书，人人读书，开展职工健身活动"];
        let why = t.explain_figure(&cx("全年举办5场。", "5场", &h));
        assert_eq!(first(&why.topics), "sports", "{why:?}");
        let reads = why.terms.iter().filter(|e| e.term == "读书").count();
        assert_eq!(reads, 1, "{why:?}");
    }

    #[test]
    fn bad_ranges_do_not_panic() {
        let t = tagger();
        let s = "发放慰问金8万元";
        for r in [(0, 1), (5, 2), (0, 999), (1, 4)] {
            let c = FigureContext {
                sentence: s,
                clause: r,
                figure: r,
                headings: &[],
                following: "：\n",
                preamble: false,
                date: true,
            };
            assert!(!t.figure_topics(&c).is_empty());
        }
        assert!(is_bare_year("2018年") && is_bare_year("二〇一七年"));
        assert!(!is_bare_year("2018年3月") && !is_bare_year("18年"));
    }

    #[test]
    fn longer_terms_cover_shorter_ones() {
        let t = tagger();
        let hits = t.hits("举办职工技能竞赛");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].term, "技能竞赛");
        assert_eq!(first(&t.tag("举办职工技能竞赛")), "competition");
    }

    #[test]
    fn short_terms_must_be_words() {
        let t = tagger();
        // 经审 and 会费 straddle words here.
        assert!(t.hits("报告已经审议通过").iter().all(|h| h.term != "经审"));
        assert!(t.hits("节约开会费用").iter().all(|h| h.term != "会费"));
        assert!(
            t.hits("工会经审组织要履职")
                .iter()
                .any(|h| h.term == "经审")
        );
        // Inside a longer word is still the term (体育场 holds 体育).
        assert!(t.hits("新建体育场一座").iter().any(|h| h.term == "体育"));
    }

    #[test]
    fn shared_across_threads() {
        fn sync<T: Send + Sync>() {}
        sync::<TopicTagger>();
        let t = tagger();
        let got: Vec<String> = std::thread::scope(|s| {
            let hs: Vec<_> = ["开展送温暖活动", "举办篮球赛"]
                .into_iter()
                .map(|x| s.spawn(move || first(&t.tag(x)).to_string()))
                .collect();
            hs.into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        assert_eq!(got, vec!["aid", "sports"]);
    }

    #[test]
    fn weak_hints_carry_over() {
        let t = tagger();
        // 交流 alone is a weak hint of training; the sentence decides.
        let v = t.figure_topics_simple("交流3次", "召开联席会议，交流3次。", &[]);
        assert_eq!(first(&v), "organization", "{v:?}");
    }

    #[test]
    fn document_shares() {
        let t = tagger();
        let doc =
            "一、组织职工参加篮球赛和拔河比赛。\n二、开展送温暖活动，慰问困难职工。\n三、其他。";
        let shares = t.document_topics(doc);
        let get = |id: &str| {
            shares
                .iter()
                .find(|s| s.topic == id)
                .map(|s| (s.share, s.sentences))
        };
        let (sp, n) = get("sports").expect("sports");
        assert_eq!(n, 1);
        assert!(sp > 0.3 && sp < 0.6, "{shares:?}");
        assert_eq!(get("aid").map(|x| x.1), Some(1));
        assert_eq!(get("general").map(|x| x.1), Some(1));
        assert!(t.document_topics("").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let t = tagger();
        for s in [
            "",
            "a",
            "经",
            "\u{feff}工会",
            "🙂经审🙂",
            "经审",
            "会费会费会费",
        ] {
            let _ = t.tag(s);
            let _ = t.figure_topics_simple(s, s, &[s]);
            let _ = t.document_topics(s);
        }
    }

    #[test]
    fn hits_sort_longest_first_then_by_start() {
        // As the automaton reports them: by end; one out of order falls back.
        for hits in [
            vec![
                (0, 6, 1),
                (3, 6, 2),
                (0, 9, 3),
                (6, 9, 4),
                (3, 12, 5),
                (9, 12, 6),
            ],
            vec![(3, 9, 1), (0, 6, 2), (0, 3, 3)],
            vec![],
        ] {
            let mut want = hits.clone();
            want.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
            let mut got = hits.clone();
            sort_longest_first(&mut got);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn bad_weight_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("topics")).expect("mkdir");
        std::fs::write(dir.path().join("topics/aid.txt"), "帮扶 -1\n").expect("write");
        let d = Dictionaries::load(Some(dir.path())).expect("load");
        assert!(TopicTagger::new(&d).is_err());
    }
}
