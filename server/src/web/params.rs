//! Query parameters shared by pages and the API: a vocabulary code (`kind=lesson`) or a number
//! (`page=2`), blank meaning absent, anything else a 400 that names the parameter.

use app::i18n::msg::Msg;

use crate::error::Error;

/// An optional query parameter naming one of a vocabulary (`lang=ru`, `kind=lesson`): none when
/// absent or blank, a 400 naming the parameter and the accepted codes when unknown.
///
/// # Errors
/// `BadRequest` for an unknown code.
pub fn code_param<T: app::model::Vocabulary>(value: &Option<String>, name: &str) -> Result<Option<T>, Error> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => T::parse_code(v).map(Some).ok_or_else(|| {
            Error::BadRequest(Msg::UnknownValue { name: name.into(), value: v.into(), expected: T::codes().join(", ") })
        }),
    }
}

/// An optional number in the query (`page=2`): none when absent or blank, a 400 naming it when
/// it is not a number.
///
/// # Errors
/// `BadRequest` for anything but a non-negative number.
pub fn number_param(value: &Option<String>, name: &str) -> Result<Option<u32>, Error> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            v.parse().map(Some).map_err(|_| Error::BadRequest(Msg::NotANumber { name: name.into(), value: v.into() }))
        }
    }
}
