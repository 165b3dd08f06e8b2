import TSAModel

/// The provider's counter of used stamps against the books.
public struct Reconciliation: Sendable, Equatable {
  public var contractCode: String
  /// Stamps the provider says were used.
  public var providerUsed: Int64
  /// Stamps granted in the books up to the same moment (funded or not).
  public var booksUsed: Int64
  /// The books' stamps per local month, to compare with the provider's list by period.
  public var byMonth: [(month: String, stamps: Int64)]
  /// The moment compared.
  public var end: Instant

  /// Positive: the provider counts more than the books hold (stamps not imported yet, or used
  /// outside the logged clients); negative: the books hold more.
  public var difference: Int64 { providerUsed - booksUsed }

  public static func == (a: Reconciliation, b: Reconciliation) -> Bool {
    a.contractCode == b.contractCode && a.providerUsed == b.providerUsed
      && a.booksUsed == b.booksUsed && a.byMonth.elementsEqual(b.byMonth, by: { $0 == $1 })
      && a.end == b.end
  }
}
