//! claimmark: a terminal reader for fact-checkers.
//!
//! The crate is split the way helix splits helix-core from helix-term: everything a reviewer's
//! work depends on (finding articles, cleaning them, mapping cleaned text back to raw bytes,
//! making text safe for a terminal, wrapping) lives in modules that know nothing about terminals,
//! so it can be tested and scripted without a TTY. Only [`tui`] touches ratatui and crossterm.

#![warn(missing_docs)]

pub mod claims;
pub mod clean;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod decode;
pub mod demo;
pub mod display;
pub mod export;
pub mod fuzz;
mod lanes;
pub mod lang;
pub mod motion;
pub mod sample;
pub mod search;
pub mod table;
pub mod tui;
pub mod typos;
pub mod wrap;
