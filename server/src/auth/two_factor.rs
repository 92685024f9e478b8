//! The second factor: time-based one-time codes (TOTP, RFC 6238, with `totp-rs`) from an
//! authenticator app, and single-use recovery codes for a lost phone.
//!
//! Codes are six digits for 30-second steps; one step either side is accepted for clocks that
//! drift. A code is single-use: the step it was made for is stored, and only a later step
//! opens the account again (so a code seen over a shoulder cannot be replayed).

use totp_rs::{Algorithm, Secret, TOTP};

/// The name authenticator apps show above the code.
pub const ISSUER: &str = "Sunflower Exchange";
/// Seconds per code.
const STEP: u64 = 30;
/// How many recovery codes an account gets.
pub const RECOVERY_CODES: usize = 10;

/// A new secret (160 bits, as RFC 4226 recommends), in base32 as apps take it.
pub fn new_secret() -> String {
    Secret::Raw(rand::random::<[u8; 20]>().to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // An account name may not contain ':' in an otpauth URL; e-mail addresses never do.
    TOTP::new(Algorithm::SHA1, 6, 1, STEP, bytes, Some(ISSUER.to_string()), account.replace(':', " ")).ok()
}

/// The `otpauth://` address an app reads from the QR code.
pub fn setup_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The secret grouped by four characters, for typing it into an app by hand.
pub fn readable_secret(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The QR code of `url` as an SVG image, drawn on the server (no script, no third party).
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(qrcode::render::svg::Color("#1d1d1b"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

/// The time step `code` was made for, if it is right at `now` (Unix seconds), or `None`.
pub fn matching_step(secret: &str, account: &str, code: &str, now: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, account)?;
    let current = now / STEP;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| crate::auth::tokens::same_secret(&totp.generate(step * STEP), &code))
        .map(|step| step as i64)
}

/// The code an app would show at `now` (tests and the command line use it).
pub fn code_at(secret: &str, account: &str, now: u64) -> Option<String> {
    totp(secret, account).map(|t| t.generate(now))
}

/// Ten new recovery codes, as shown once: `xxxxx-xxxxx` in lowercase base32 (50 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw = Secret::Raw(rand::random::<[u8; 7]>().to_vec()).to_encoded().to_string().to_lowercase();
            format!("{}-{}", &raw[..5], &raw[5..10])
        })
        .collect()
}

/// What the database keeps of a recovery code, however it was typed.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    crate::auth::tokens::hash_token(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now = 1_800_000_015;
        let code = code_at(&secret, "a@example.org", now).unwrap();
        assert_eq!(matching_step(&secret, "a@example.org", &code, now), Some((now / 30) as i64));
        assert_eq!(matching_step(&secret, "a@example.org", &code, now + 30), Some((now / 30) as i64));
        assert_eq!(matching_step(&secret, "a@example.org", &code, now + 90), None);
        assert_eq!(matching_step(&secret, "a@example.org", "12345", now), None);
        assert_eq!(matching_step(&new_secret(), "a@example.org", &code, now), None);
    }

    #[test]
    fn the_setup_url_and_qr_carry_the_secret_and_the_issuer() {
        let secret = new_secret();
        let url = setup_url(&secret, "a@example.org").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={secret}")), "{url}");
        assert!(url.contains("issuer=Sunflower%20Exchange"), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.contains("<svg") && svg.contains("#1d1d1b"));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_hash_the_same_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(recovery_hash(&codes[0]), recovery_hash(&codes[0].to_uppercase().replace('-', " ")));
    }
}
