/// The facts of one RFC 3161 time-stamp token (its TSTInfo), as tsa-report keeps them.
public struct TokenFacts: Sendable, Equatable {
  /// The serial number in lowercase hex without leading zeros (up to 160 bits, so text).
  public var serial: String
  public var genTime: Instant
  /// `genTime` as the token writes it, fractions kept: `2026-11-25T14:32:18.5Z`.
  public var genTimeText: String
  /// The policy OID, dotted.
  public var policy: String
  /// `sha256`, `sha512`, … or the dotted OID when the name is not known.
  public var hashAlgorithm: String
  public var messageImprint: String
  public var nonce: String?
  /// The TSA's name from the token, e.g. `C=CZ, O=Test TSA, CN=Test TSU 1`.
  public var tsaName: String?
  /// The accuracy, e.g. `1 s 500 ms 100 µs`.
  public var accuracy: String?
  /// Whether the qualified-statement extension 0.4.0.19422.1.1 is present.
  public var qualified: Bool
  /// Who signed it: `signer:…`, a hash of the SignerInfo's signer id (issuer and serial of
  /// the TSA's certificate, or its key id), the same whether the token carries certificates or
  /// not. With the serial it is RFC 3161's promise of uniqueness, which real TSAs have broken.
  public var tsaIdentity: String
  /// The token's identity: SHA-256 of its TSTInfo as signed (the DER inside eContent).
  /// Certificates, unsigned attributes and the TimeStampResp around it do not change it.
  public var contentSHA256: String
  /// How releases before schema version 3 named the signer (`cert-sha256:…` of the signing
  /// certificate when the token carried it), to recognise tokens they stored.
  public var legacyIdentity: String

  package init(
    serial: String, genTime: Instant, genTimeText: String, policy: String, hashAlgorithm: String,
    messageImprint: String, nonce: String? = nil, tsaName: String? = nil, accuracy: String? = nil,
    qualified: Bool, tsaIdentity: String, contentSHA256: String, legacyIdentity: String
  ) {
    self.serial = serial
    self.genTime = genTime
    self.genTimeText = genTimeText
    self.policy = policy
    self.hashAlgorithm = hashAlgorithm
    self.messageImprint = messageImprint
    self.nonce = nonce
    self.tsaName = tsaName
    self.accuracy = accuracy
    self.qualified = qualified
    self.tsaIdentity = tsaIdentity
    self.contentSHA256 = contentSHA256
    self.legacyIdentity = legacyIdentity
  }
}

/// A `.tsr` file (TimeStampResp) or a `.tst` file (a bare token, taken as granted).
public struct TimeStampReply: Sendable, Equatable {
  /// PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4/5 revocation notices.
  public var status: Int
  /// PKIFailureInfo bits: bit n set means failure n (0 badAlg, 2 badRequest, 5 badDataFormat,
  /// 14 timeNotAvailable, 15 unacceptedPolicy, 16 unacceptedExtension, 17 addInfoNotAvailable,
  /// 25 systemFailure).
  public var failInfo: Int?
  public var statusText: String?
  public var token: TokenFacts?

  /// Granted (status 0 or 1) with a token: a stamp.
  public var isStamp: Bool { (status == 0 || status == 1) && token != nil }

  package init(
    status: Int, failInfo: Int? = nil, statusText: String? = nil, token: TokenFacts? = nil
  ) {
    self.status = status
    self.failInfo = failInfo
    self.statusText = statusText
    self.token = token
  }
}

/// Serial numbers and other big integers as canonical hex: lowercase, no leading zeros,
/// `0x`, colons and spaces dropped (`0x00:1F` → `1f`). Nil when it is not hex.
public func canonicalHex(_ text: String) -> String? {
  var digits = text.lowercased().filter { $0 != ":" && $0 != " " }
  if digits.hasPrefix("0x") { digits.removeFirst(2) }
  guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
  let trimmed = digits.drop { $0 == "0" }
  return trimmed.isEmpty ? "0" : String(trimmed)
}
