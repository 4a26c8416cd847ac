//! Facts read from the prose, apart from the tables: title and issuer, year and period, the
//! template format, paragraphs, section headings and sentences. Like the reader, these only
//! observe; the rules judge.

pub mod format;
pub mod period;
pub mod prose;
pub mod title;
