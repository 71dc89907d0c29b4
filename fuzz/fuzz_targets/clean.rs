//! The cleaner on arbitrary bytes: no panic, and its offset map checks out.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimmark::fuzz::clean(data));
