//! Attachments: what type a file really is (judged on its content), whether it may show
//! inline, and how its name is given to the browser.

use app::i18n::msg::Msg;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// The media type of a file, judged from its content first (a renamed executable stays an
/// executable) and from its name only for text formats that have no magic bytes.
pub fn sniff_mime(bytes: &[u8], file_name: &str) -> String {
    if let Some(kind) = infer::get(bytes) {
        return match kind.mime_type() {
            // Markup a browser would run scripts in is served as plain text.
            "text/html" | "text/xml" | "application/xml" | "image/svg+xml" | "application/xhtml+xml" => {
                "text/plain".to_string()
            }
            other => other.to_string(),
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        let guess = mime_guess::from_path(file_name).first_raw().unwrap_or("text/plain");
        // Only plain-text types may be named by extension; HTML and SVG could carry scripts.
        return match guess {
            "text/markdown" | "text/csv" | "text/plain" => guess.to_string(),
            _ => "text/plain".to_string(),
        };
    }
    "application/octet-stream".to_string()
}

/// Raster images may show inline (documents embed them); everything else downloads. Only
/// files that decoded as images when stored carry these types (see [`inspect`]).
pub fn shown_inline(mime: &str) -> bool {
    is_raster_image(mime)
}

fn is_raster_image(mime: &str) -> bool {
    matches!(mime, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

/// What a stored file is, judged on its content, and why it must be refused if it must.
#[derive(Debug, PartialEq, Eq)]
pub struct Inspection {
    pub mime: String,
    pub problem: Option<Msg>,
}

/// Markup a browser would treat as a web page, looked for in the first kilobytes of every
/// file: a "PDF" or "GIF" that starts like a page is a polyglot, whatever its magic bytes say.
const MARKUP: &[&[u8]] =
    &[b"<html", b"<script", b"<!doctype html", b"<body", b"<svg", b"<iframe", b"<object", b"<embed", b"javascript:"];
/// How far into a file markup is looked for.
const MARKUP_WINDOW: usize = 4096;

fn has_markup(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(MARKUP_WINDOW)].to_ascii_lowercase();
    MARKUP.iter().any(|m| head.windows(m.len()).any(|w| w == *m))
}

/// Whether an image's header decodes (format, width and height) with the `image` crate.
fn image_decodes(bytes: &[u8]) -> bool {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .is_some_and(|(w, h)| w > 0 && h > 0)
}

/// Judges a file on its content: its type ([`sniff_mime`]), and whether it hides a web page
/// or claims to be an image it is not. A file that does not decode as an image is never
/// given an image type, so it is never shown inline.
pub fn inspect(bytes: &[u8], file_name: &str) -> Inspection {
    let mut mime = sniff_mime(bytes, file_name);
    let mut problem = has_markup(bytes).then_some(Msg::FileHasMarkup);
    if is_raster_image(&mime) && (problem.is_some() || !image_decodes(bytes)) {
        mime = "application/octet-stream".into();
        problem = problem.or(Some(Msg::FileNotAnImage));
    }
    Inspection { mime, problem }
}

/// A `Content-Disposition` value with an ASCII fallback name and the exact UTF-8 name (RFC 6266).
pub fn content_disposition(kind: &str, file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}", utf8_percent_encode(file_name, NON_ALPHANUMERIC))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type() {
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R'];
        assert_eq!(sniff_mime(&png, "slides.pdf"), "image/png");
        assert_eq!(sniff_mime(b"%PDF-1.7\n...", "x.bin"), "application/pdf");
        assert_eq!(sniff_mime(b"a,b\n1,2\n", "data.csv"), "text/csv");
        assert_eq!(sniff_mime(b"<script>alert(1)</script>", "page.html"), "text/plain");
        assert_eq!(sniff_mime(&[0xff, 0x00, 0xfe, 0x01], "x.docx"), "application/octet-stream");
    }

    #[test]
    fn polyglots_are_caught() {
        let pdf_page = inspect(b"%PDF-1.4\n<html><script>alert(1)</script></html>", "x.pdf");
        assert_eq!(pdf_page.mime, "application/pdf");
        assert_eq!(pdf_page.problem, Some(Msg::FileHasMarkup));
        let gif_script = inspect(b"GIF89a<script>alert(1)</script>", "x.gif");
        assert!(gif_script.problem.is_some(), "{gif_script:?}");
        assert_eq!(gif_script.mime, "application/octet-stream", "never an inline image");
        // A GIF header with no image behind it.
        let broken_gif = inspect(b"GIF89a\x00", "x.gif");
        assert_eq!(broken_gif.problem, Some(Msg::FileNotAnImage));
        assert_eq!(broken_gif.mime, "application/octet-stream");
    }

    #[test]
    fn real_images_and_documents_pass() {
        let png =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/extra/resources/files/chart.png"))
                .expect("fixture");
        assert_eq!(inspect(&png, "chart.png"), Inspection { mime: "image/png".into(), problem: None });
        let pdf =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/extra/resources/files/agenda.pdf"))
                .expect("fixture");
        assert_eq!(inspect(&pdf, "agenda.pdf"), Inspection { mime: "application/pdf".into(), problem: None });
    }

    #[test]
    fn disposition_is_safe_for_any_name() {
        assert_eq!(
            content_disposition("attachment", "Агенда \"1\".pdf"),
            "attachment; filename=\"________1_.pdf\"; filename*=UTF-8''%D0%90%D0%B3%D0%B5%D0%BD%D0%B4%D0%B0%20%221%22%2Epdf"
        );
    }
}
