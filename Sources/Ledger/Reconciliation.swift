import TSAModel

/// The provider's counters (stamps used, stamps left) against the books.
public struct Reconciliation: Sendable {
  public var contractCode: String
  /// Stamps the provider says were used (its portal: "Odebraných časových razítek"); nil when
  /// not given.
  public var providerUsed: Int64?
  /// Stamps granted in the books up to the same moment (funded or not).
  public var booksUsed: Int64
  /// The books' stamps per local month, to compare with the provider's list by period.
  public var byMonth: [(month: String, stamps: Int64)]
  /// The moment compared.
  public var end: Instant
  /// Stamps the provider says are left to use ("Počet časových razítek k použití"); nil when
  /// not given.
  public var providerLeft: Int64? = nil
  /// The paid, unexpired packages at that moment and the stamps left in each.
  public var packagesLeft: [(package: Package, stamps: Int64)] = []
  /// Paid, unexpired stamps left in the books at that moment.
  public var booksLeft: Int64 { packagesLeft.reduce(0) { $0 + $1.stamps } }

  /// Positive: the provider counts more than the books hold (stamps not imported yet, or used
  /// outside the logged clients); negative: the books hold more. Nil when not given.
  public var difference: Int64? { providerUsed.map { $0 - booksUsed } }

  /// Positive: the provider has more stamps left than the books (a package recorded too small,
  /// stamps counted that the provider did not); negative: fewer (a package the provider does
  /// not know, or not yet delivered). Nil when not given.
  public var leftDifference: Int64? { providerLeft.map { $0 - booksLeft } }

  /// Both counters given agree with the books.
  public var agrees: Bool { (difference ?? 0) == 0 && (leftDifference ?? 0) == 0 }
}
