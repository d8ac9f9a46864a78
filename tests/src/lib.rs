//! Integration tests of the generated Connect crate live in `tests/`; this library is empty.
