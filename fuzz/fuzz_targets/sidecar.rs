//! The sidecar parser on arbitrary text: no panic, and what parses writes back the same.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimmark::fuzz::sidecar(data));
