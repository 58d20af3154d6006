//! Diagnostics: every warning names a file and line, so a maintainer can find what the
//! scraper could not place or had to report. Warnings are collected, sorted and printed
//! in the run summary; `--strict` turns them into an error.

use std::fmt;

/// What kind of problem a warning reports (stable ids, used in tests and summaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// A table row that could not be parsed into cells; it was not placed.
    UnparsedRow,
    /// A row whose parent could not be determined from markers and examples.
    UnplacedField,
    /// A type cell the scraper does not recognise.
    UnknownType,
    /// An operation no document gives a QPS level for.
    MissingTier,
    /// Two sources disagree on a fact.
    Conflict,
    /// A documentation defect detected (e.g. a shifted column).
    DocDefect,
    /// An example could not be parsed.
    BadExample,
    /// A row or field the example shows but the table does not document (or vice versa).
    ExampleMismatch,
    /// An errata entry that did not apply.
    Errata,
    /// A value of a value set with no name: not an identifier itself, no `label`, and
    /// no reviewed name in `spec/value_names.yaml`.
    UnnamedValue,
    /// An entry of `spec/value_names.yaml` that matched no value set.
    ValueNames,
    /// A one-of phrasing (`该参数与X参数配置一个即可`) whose parameter names cannot be
    /// resolved, or a member of a one-of group the table marks required (made optional).
    OneOf,
    /// Anything else worth a maintainer's eye.
    Note,
}

impl WarningKind {
    /// Stable short id.
    pub fn id(self) -> &'static str {
        match self {
            WarningKind::UnparsedRow => "unparsed-row",
            WarningKind::UnplacedField => "unplaced-field",
            WarningKind::UnknownType => "unknown-type",
            WarningKind::MissingTier => "missing-tier",
            WarningKind::Conflict => "conflict",
            WarningKind::DocDefect => "doc-defect",
            WarningKind::BadExample => "bad-example",
            WarningKind::ExampleMismatch => "example-mismatch",
            WarningKind::Errata => "errata",
            WarningKind::UnnamedValue => "unnamed-value",
            WarningKind::ValueNames => "value-names",
            WarningKind::OneOf => "one-of",
            WarningKind::Note => "note",
        }
    }
}

/// One warning, anchored at a file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// File name (within the docs directory, or the errata file).
    pub file: String,
    /// Line (1-based); 0 where no single line applies.
    pub line: usize,
    /// What kind of problem.
    pub kind: WarningKind,
    /// The operation concerned, if any.
    pub operation: Option<String>,
    /// Human-readable explanation.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: [{}]", self.file, self.line, self.kind.id())?;
        if let Some(op) = &self.operation {
            write!(f, " {op}:")?;
        }
        write!(f, " {}", self.message)
    }
}

/// Collects warnings for one file.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a warning.
    pub fn warn(
        &mut self,
        file: &str,
        line: usize,
        kind: WarningKind,
        operation: Option<&str>,
        message: impl Into<String>,
    ) {
        self.warnings.push(Warning {
            file: file.to_owned(),
            line,
            kind,
            operation: operation.map(str::to_owned),
            message: message.into(),
        });
    }

    /// Moves all of `other`'s warnings into this collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.warnings.extend(other.warnings);
    }

    /// The warnings recorded so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The warnings, sorted and de-duplicated (the order the summary prints).
    pub fn into_sorted(mut self) -> Vec<Warning> {
        self.warnings.sort();
        self.warnings.dedup();
        self.warnings
    }
}
