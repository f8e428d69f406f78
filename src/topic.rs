//! Topics: what a sentence, a section or a figure is about, from the
//! dictionaries in `dictionaries/topics/`.

use serde::Serialize;

use crate::dict::Dictionaries;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// Topic id from [`crate::dict::TOPICS`].
    pub topic: &'static str,
    pub score: f32,
}

/// Tags text with topics; one instance is shared read-only by all threads.
pub struct TopicTagger {
    _terms: Vec<(&'static str, Vec<(String, f32)>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    #[error("bad dictionary {0}: {1}")]
    Dictionary(String, String),
}

impl TopicTagger {
    pub fn new(dicts: &Dictionaries) -> Result<TopicTagger, TopicError> {
        Ok(TopicTagger {
            _terms: crate::dict::TOPICS
                .iter()
                .map(|(id, _)| (*id, dicts.entries(&format!("topics/{id}.txt"))))
                .collect(),
        })
    }

    /// Topics of a piece of text, best first.
    pub fn tag(&self, _text: &str) -> Vec<TopicScore> {
        Vec::new()
    }

    /// Topics of a figure: its clause first, then its sentence, then its
    /// section headings from the innermost out.
    pub fn figure_topics(
        &self,
        _clause: &str,
        _sentence: &str,
        _headings: &[&str],
    ) -> Vec<TopicScore> {
        Vec::new()
    }
}
