//! Text primitives every stage shares: which chars are Han, where sentences
//! and clauses end, Chinese numerals and list markers. One definition each,
//! so that a figure's sentence, a topic's sentence and an item's sentence
//! are the same thing.

pub mod chars;
pub mod marker;
pub mod numeral;
pub mod sentence;
