//! Export: the corpus written out for other programs. Pure functions over
//! the model; the command line decides where the bytes go.

pub mod json;
pub mod report;
