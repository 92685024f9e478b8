//! Secrets handed to people (session cookies, invitation and reset links, CSRF tokens): 32
//! random bytes from the operating system's generator, in hex. Only their SHA-256 is stored
//! where a stolen database copy could otherwise be replayed.

/// A fresh random token.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// What the database keeps of a token.
pub fn hash_token(token: &str) -> String {
    crate::blobs::sha256_hex(token.as_bytes())
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
