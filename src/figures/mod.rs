//! The course report's figures, without a word for people: the numbers of
//! each session, the course and its cohort (`data`), the CSV (`csv`) and
//! the chart (`chart`, its labels handed in). `i18n::report` puts words to
//! them and `report` assembles what a coordinator gets.

pub mod chart;
pub mod csv;
pub mod data;
