/// The languages tsa-report speaks: the one list of them.
public enum Language: String, Sendable, CaseIterable {
  case en, cs

  /// What this language says: one argument per language, so that a language added here is a
  /// compile error at every place that says something, never English by default.
  public func pick<T>(en: @autoclosure () -> T, cs: @autoclosure () -> T) -> T {
    switch self {
    case .en: en()
    case .cs: cs()
    }
  }
}

/// An error that can be said in every language tsa-report speaks: the command line says it in
/// the language of the run (its `description` is the English).
public protocol SaidInLanguages: Error {
  func description(in language: Language) -> String
}

/// A sentence in every language tsa-report speaks.
public struct Phrase: Sendable, Equatable {
  public var en: String
  public var cs: String

  public init(en: String, cs: String) {
    self.en = en
    self.cs = cs
  }

  /// The sentence in `language`.
  public func said(in language: Language) -> String { language.pick(en: en, cs: cs) }
}
