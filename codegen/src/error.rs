//! Typed generator errors. Every error names the model file and, where one is
//! to blame, the shape ID, so a maintainer can find the offending definition.

use std::fmt;
use std::path::PathBuf;

/// What went wrong, without the location (see [`Error`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file is not well-formed JSON, or a shape does not have the JSON AST's form.
    #[error("malformed model: {0}")]
    Malformed(String),
    /// The file is JSON but not a Smithy 2.0 JSON AST (e.g. a botocore model).
    #[error("not a Smithy 2.0 JSON AST model: {0}")]
    NotSmithy(String),
    /// A member or operation refers to a shape that the model does not define.
    #[error("refers to `{target}`, which the model does not define")]
    UnknownTarget {
        /// The missing shape ID.
        target: String,
    },
    /// The model uses something the generator does not support yet.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A trait has a value of the wrong form.
    #[error("trait `{trait_id}` has an invalid value: {reason}")]
    InvalidTrait {
        /// The trait's shape ID.
        trait_id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two model names map to the same Rust name.
    #[error("Rust name `{rust_name}` is also produced by `{other}`; rename one of them")]
    NameCollision {
        /// The Rust identifier both map to.
        rust_name: String,
        /// The other shape or member ID.
        other: String,
    },
    /// A Smithy IDL file does not parse.
    #[error("{message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// The model is well-formed but inconsistent (e.g. no service, an operation named twice).
    #[error("{0}")]
    Invalid(String),
}

/// A generator error: a [`ErrorKind`] with the file and shape it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The model file being read.
    pub file: PathBuf,
    /// The shape (or member) ID at fault, when there is one.
    pub shape: Option<String>,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error about the whole file.
    pub fn file(file: impl Into<PathBuf>, kind: ErrorKind) -> Self {
        Error {
            file: file.into(),
            shape: None,
            kind,
        }
    }

    /// An error about one shape of the file.
    pub fn shape(file: impl Into<PathBuf>, shape: impl Into<String>, kind: ErrorKind) -> Self {
        Error {
            file: file.into(),
            shape: Some(shape.into()),
            kind,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let ErrorKind::Syntax {
            line,
            column,
            message,
        } = &self.kind
        {
            return write!(f, "{}:{line}:{column}: {message}", self.file.display());
        }
        write!(f, "{}", self.file.display())?;
        if let Some(shape) = &self.shape {
            write!(f, ": shape `{shape}`")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for Error {}

/// Something the generator noticed that does not stop it: the output is
/// usable, but less than the model asks for (a pattern it cannot enforce
/// exactly, an override that matches nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The model file.
    pub file: PathBuf,
    /// The shape (or member) ID concerned.
    pub shape: String,
    /// What was noticed and what the generator did about it.
    pub message: String,
    /// Which kind of warning.
    pub kind: WarningKind,
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// A pattern the generator cannot enforce exactly (documented as not checked).
    UnenforcedPattern,
    /// An overrides entry that no generated pattern uses.
    UnusedOverride,
    /// An operation left out because it uses what the generator does not
    /// support yet (an event stream).
    SkippedOperation,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: shape `{}`: {}",
            self.file.display(),
            self.shape,
            self.message
        )
    }
}

/// Result alias for the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
