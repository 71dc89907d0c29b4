//! Re-attaching a claim's anchor in a changed article: no panic, and ranges that hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimmark::fuzz::anchor(data));
